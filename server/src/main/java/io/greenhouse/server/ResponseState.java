package io.greenhouse.server;

import io.greenhouse.server.ResponseWriter.Framing;
import io.greenhouse.spi.Header;
import io.greenhouse.spi.StartResponse;
import io.greenhouse.spi.Write;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * One response as PEP 3333 runs it: {@code start_response} records status and headers, which
 * go out with the first non-empty chunk or at the end of the body, so an app may replace them
 * with an error response until then. Decides the body's framing and whether the connection
 * stays open.
 */
final class ResponseState implements StartResponse, Write {

    private static final byte[] SERVER = "Server: Greenhouse\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLOSE = "Connection: close\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEEP_ALIVE = "Connection: keep-alive\r\n".getBytes(StandardCharsets.US_ASCII);

    private final ResponseWriter writer;
    private final RequestHead request;
    private final RequestBody body;
    private final ErrorLog errors;
    private final BooleanSupplier mayKeepAlive;
    private ResponseHeaders head;
    private boolean keepAlive;
    private boolean writeUsed;
    /** The exchange is over: a write now comes from a thread the app left running, and is refused. */
    private boolean finished;
    /**
     * Held while bytes go to the writer, and to end the exchange: a write from a thread the app
     * left running either lands whole in this response or is refused, never in the next one.
     */
    private final ReentrantLock sending;
    private boolean truncationLogged;

    /**
     * @param mayKeepAlive false when the server wants this connection closed after the response
     *     (shutting down, or the request itself forbids reuse); asked when the head goes out,
     *     since a shutdown may begin while the app runs
     */
    ResponseState(ResponseWriter writer, RequestHead request, RequestBody body, ErrorLog errors, BooleanSupplier mayKeepAlive) {
        this.writer = writer;
        this.sending = writer.sendingLock();
        this.request = request;
        this.body = body;
        this.errors = errors;
        this.mayKeepAlive = mayKeepAlive;
    }

    @Override
    public Write call(String status, List<Header> headers, Throwable excInfo) {
        if (excInfo != null) {
            if (writer.headSent()) {
                throw rethrow(excInfo);
            }
        } else if (head != null) {
            throw new IllegalStateException("start_response called a second time without exc_info");
        }
        if (headers == null) {
            throw new IllegalArgumentException("response headers must not be null");
        }
        head = ResponseHeaders.check(status, headers);
        for (String name : head.dropped()) {
            errors.logOnce("hop-by-hop " + name.toLowerCase(Locale.ROOT), "dropped the app's hop-by-hop response header "
                    + name + ", first for " + request.method() + " " + request.target());
        }
        return this;
    }

    /**
     * The {@link Write} callable: headers if not yet sent, then the chunk, flushed. An empty
     * chunk sends the head alone, which lets a streaming app commit to its response early.
     */
    @Override
    public void write(byte[] chunk) throws IOException {
        Objects.requireNonNull(chunk, "write called with a null chunk");  // before the head goes out
        if (head == null) {
            throw new IllegalStateException("write called before start_response");
        }
        sending.lock();
        try {
            if (finished) {
                throw new IllegalStateException("write called after the response was over");
            }
            writeUsed = true;
            send(chunk, -1);
            writer.flush();
        } finally {
            sending.unlock();
        }
    }

    /**
     * Sends the returned body after anything written, then ends the response.
     *
     * @throws Exception whatever the app's iterator throws; IllegalStateException when the app
     *     never called start_response
     */
    void sendBody(Iterable<byte[]> result) throws Exception {
        long knownLength = writeUsed ? -1 : knownLength(result);
        // a lazy iterable may block for its next chunk: what it produced must reach the client
        // first, and the lock is let go in between; a body in memory goes out under one hold
        boolean lazy = !(result instanceof Collection<?>);
        if (!lazy) {
            sending.lock();
        }
        try {
            for (byte[] chunk : result) {
                if (chunk == null) {
                    throw new IllegalStateException("app produced a null chunk");
                }
                if (chunk.length > 0) {
                    sendChunk(chunk, knownLength, lazy);
                    if (lazy && writer.framing() == Framing.NO_BODY) {
                        // HEAD, 204, 304: the rest would be dropped unseen, and with nothing written
                        // a departed client goes unnoticed; an endless stream would never end
                        break;
                    }
                }
            }
            endBody();
        } finally {
            if (!lazy) {
                sending.unlock();
            }
        }
        if (writer.remaining() > 0) {
            errors.log("app sent " + writer.bodyBytes() + " body bytes of a Content-Length of "
                    + head.contentLength() + " for " + request.method() + " " + request.target() + "; closing");
            keepAlive = false;
        }
    }

    private void endBody() throws IOException {
        sending.lock();
        try {
            if (!writer.headSent()) {
                commit(writer.bodyBytes());  // the body ended before any byte: its length is known
            }
            writer.endBody();
            finished = true;  // nothing may follow the body's end
        } finally {
            sending.unlock();
        }
    }

    /** Ends the exchange: later writes are refused, so they never touch the connection's next response. */
    void finish() {
        sending.lock();
        finished = true;
        sending.unlock();
    }

    boolean keepAlive() {
        return keepAlive;
    }

    /**
     * The status code sent, or 0 before the head went out. Safe to ask from any thread: the
     * status is recorded before the writer marks the head sent.
     */
    int code() {
        return writer.headSent() ? head.code() : 0;
    }

    private void sendChunk(byte[] chunk, long knownLength, boolean flush) throws IOException {
        sending.lock();
        try {
            send(chunk, knownLength);
            if (flush) {
                writer.flush();
            }
        } finally {
            sending.unlock();
        }
    }

    private void send(byte[] chunk, long knownLength) throws IOException {
        if (!writer.headSent()) {
            commit(knownLength);
        }
        long dropped = writer.body(chunk, 0, chunk.length);
        if (dropped > 0 && !truncationLogged) {
            truncationLogged = true;
            errors.log("app produced more than its Content-Length of " + head.contentLength() + " for "
                    + request.method() + " " + request.target() + "; truncated");
        }
    }

    /** Writes the head, choosing the framing; {@code knownLength} is the whole body's or -1. */
    private void commit(long knownLength) throws IOException {
        if (head == null) {
            throw new IllegalStateException("app did not call start_response");
        }
        // 205: no content, and the client is told so by a zero length (RFC 9110 §15.3.6)
        boolean resetContent = head.code() == 205;
        long length = resetContent ? 0 : head.contentLength() >= 0 ? head.contentLength() : knownLength;
        Framing framing;
        if (request.isHead() || Status.forbidsBody(head.code()) || resetContent) {
            framing = Framing.NO_BODY;
        } else if (opensTunnel()) {
            framing = Framing.CLOSE;
        } else if (length >= 0) {
            framing = Framing.CONTENT_LENGTH;
        } else if (request.http11()) {
            framing = Framing.CHUNKED;
        } else {
            framing = Framing.CLOSE;
        }
        keepAlive = mayKeepAlive.getAsBoolean() && !head.close() && framing != Framing.CLOSE && !body.forcesClose()
                && !opensTunnel();  // a 204 to CONNECT opens one too, though it has no body to frame
        writer.statusLine(head.status());
        for (Header header : head.headers()) {
            writer.header(header.name(), header.value());
        }
        if (!head.hasDate()) {
            writer.headerLine(HttpDate.headerLine());
        }
        if (!head.hasServer()) {
            writer.headerLine(SERVER);
        }
        if (!keepAlive) {
            writer.headerLine(CLOSE);
        } else if (!request.http11()) {
            writer.headerLine(KEEP_ALIVE);
        }
        writer.endHead(framing, length, advertisesLength(length));
    }

    /**
     * A 2xx to CONNECT means a tunnel follows and MUST NOT carry Content-Length or
     * Transfer-Encoding (RFC 9110 §9.3.6). Greenhouse does not relay tunnels: the app's bytes go
     * out as they are, and the connection closes after them.
     */
    private boolean opensTunnel() {
        return head.code() / 100 == 2 && request.method().equals("CONNECT");
    }

    /**
     * Whether a response without content still says Content-Length (RFC 9110 §8.6): HEAD gives
     * the length a GET would have, known only from the app's own header or a non-empty body (an
     * app may well answer HEAD with no body at all); 304 only the app's own; 205 its zero; 204 never.
     */
    private boolean advertisesLength(long length) {
        return switch (head.code()) {
            case 204 -> false;
            case 205 -> true;
            case 304 -> head.contentLength() >= 0;
            default -> request.isHead() && (head.contentLength() >= 0 || length > 0);
        };
    }

    private static long knownLength(Iterable<byte[]> result) {
        if (!(result instanceof Collection<byte[]> chunks)) {
            return -1;
        }
        long total = 0;
        for (byte[] chunk : chunks) {
            if (chunk == null) {
                throw new IllegalStateException("app produced a null chunk");  // before any byte: a 500
            }
            total += chunk.length;
        }
        return total;
    }

    private static RuntimeException rethrow(Throwable excInfo) {
        if (excInfo instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (excInfo instanceof Error error) {
            throw error;
        }
        if (excInfo instanceof IOException io) {
            throw new UncheckedIOException(io);
        }
        throw new IllegalStateException(excInfo);
    }
}
