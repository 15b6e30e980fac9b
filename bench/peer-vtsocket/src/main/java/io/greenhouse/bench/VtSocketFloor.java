package io.greenhouse.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Not a peer but a ceiling: what blocking sockets on virtual threads can do at all, the I/O
 * Greenhouse is built on. A virtual thread per connection reads, counts the request heads that
 * arrived (the blank lines), and writes one canned response for each. No parsing, no headers
 * checked, no app: the distance from here to Greenhouse is what its HTTP handling costs.
 */
public final class VtSocketFloor {

    private static final byte[] RESPONSE = ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\n"
            + "Date: Tue, 24 Nov 2026 12:00:00 GMT\r\nServer: vt\r\n\r\nHello, World!").getBytes(StandardCharsets.US_ASCII);

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        ServerSocket listener = new ServerSocket();
        listener.bind(new InetSocketAddress("127.0.0.1", port), 1024);
        System.out.println("vtsocket listening on " + port);
        while (true) {
            Socket socket = listener.accept();
            Thread.ofVirtual().start(() -> serve(socket));
        }
    }

    private static void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            byte[] buf = new byte[4096];
            byte[] batch = new byte[RESPONSE.length * 64];
            int tail = 0;  // how much of "\r\n\r\n" the previous read ended with
            for (int n; (n = in.read(buf)) > 0; ) {
                int heads = 0;
                for (int i = 0; i < n; i++) {
                    byte b = buf[i];
                    byte expected = tail % 2 == 0 ? (byte) '\r' : (byte) '\n';
                    tail = b == expected ? tail + 1 : (b == '\r' ? 1 : 0);
                    if (tail == 4) {
                        heads++;
                        tail = 0;
                    }
                }
                while (heads > 0) {
                    int k = Math.min(heads, 64);
                    for (int j = 0; j < k; j++) {
                        System.arraycopy(RESPONSE, 0, batch, j * RESPONSE.length, RESPONSE.length);
                    }
                    out.write(batch, 0, k * RESPONSE.length);
                    heads -= k;
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }
}
