package io.greenhouse.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A raw HTTP/1.1 client for protocol tests: sends exact bytes, reads responses framed by
 * their own Content-Length or chunked encoding (or to the close), and tells whether the
 * server closed the connection. Reads give up after 10 s so a hung server fails the test.
 */
public final class RawClient implements AutoCloseable {

    /** One response as read off the wire; header names lower-cased, repeats joined with ",". */
    public record Response(String statusLine, int status, Map<String, String> headers, byte[] body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawClient(Socket socket) throws IOException {
        this.socket = socket;
        this.socket.setSoTimeout(10_000);
        this.in = new java.io.BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    public static RawClient connect(int port) {
        try {
            return new RawClient(new Socket("127.0.0.1", port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Socket socket() {
        return socket;
    }

    public RawClient send(String text) {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    public RawClient send(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends one byte per write, to catch parsers that depend on how data arrives. */
    public RawClient sendByteByByte(byte[] bytes) {
        for (byte b : bytes) {
            send(new byte[] {b});
        }
        return this;
    }

    /** Half-closes: the server sees the end of the request stream, and can still answer. */
    public RawClient shutdownOutput() {
        try {
            socket.shutdownOutput();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads one response to a request that was not HEAD. */
    public Response read() {
        return read(false);
    }

    /** Reads one response; {@code toHead} when it answers a HEAD request (no body follows). */
    public Response read(boolean toHead) {
        try {
            String statusLine = line();
            if (statusLine == null) {
                throw new IllegalStateException("connection closed before a response");
            }
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line = line(); line != null && !line.isEmpty(); line = line()) {
                int colon = line.indexOf(':');
                String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = line.substring(colon + 1).trim();
                headers.merge(name, value, (a, b) -> a + "," + b);
            }
            int status = Integer.parseInt(statusLine.substring(9, 12));
            byte[] body = body(status, headers, toHead);
            return new Response(statusLine, status, headers, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads responses until the server closes the connection. */
    public List<Response> readAllUntilClose() {
        List<Response> responses = new ArrayList<>();
        while (!atEnd()) {
            responses.add(read());
        }
        return responses;
    }

    /** True when the server has closed its side and nothing more is buffered. */
    public boolean atEnd() {
        return closedByServer();
    }

    /** Waits for the server to close the connection; true if it did (rather than sending more). */
    public boolean closedByServer() {
        try {
            return peek() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** Everything until the server closes the connection. */
    public byte[] readToClose() {
        try {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            return all.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads raw bytes up to and including {@code marker}, for responses still in progress. */
    public String readUntil(String marker) {
        try {
            StringBuilder seen = new StringBuilder();
            while (seen.indexOf(marker) < 0) {
                int b = next();
                if (b < 0) {
                    throw new IllegalStateException("connection closed before " + marker + " in: " + seen);
                }
                seen.append((char) b);
            }
            return seen.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    private int peek() throws IOException {
        in.mark(1);
        int b = in.read();
        in.reset();
        return b;
    }

    private int next() throws IOException {
        return in.read();
    }

    private byte[] body(int status, Map<String, String> headers, boolean toHead) throws IOException {
        if (toHead || status < 200 || status == 204 || status == 304) {
            return new byte[0];
        }
        String te = headers.get("transfer-encoding");
        if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
            return chunked();
        }
        String length = headers.get("content-length");
        if (length != null) {
            return exactly(Integer.parseInt(length));
        }
        return readToClose();
    }

    private byte[] chunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line();
            int semi = sizeLine.indexOf(';');
            int size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
            if (size == 0) {
                while (!line().isEmpty()) {
                    // trailers
                }
                return body.toByteArray();
            }
            body.write(exactly(size));
            line();
        }
    }

    private byte[] exactly(int n) throws IOException {
        byte[] data = new byte[n];
        for (int i = 0; i < n; i++) {
            int b = next();
            if (b < 0) {
                throw new IOException("connection closed after " + i + " of " + n + " body bytes");
            }
            data[i] = (byte) b;
        }
        return data;
    }

    /** A CRLF-terminated line without its CRLF, or null at the end of the stream. */
    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = next()) >= 0) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }
}
