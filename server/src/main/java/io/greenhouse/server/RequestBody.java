package io.greenhouse.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.Objects;

/**
 * {@code wsgi.input}: the request body as the app reads it. Its first read sends
 * {@code 100 Continue} when the client is waiting for one (RFC 9110 §10.1.1), so a client
 * only uploads what the app actually wants. After the response, the connection drains what
 * the app left unread, or closes when that would be too much or too slow.
 */
final class RequestBody extends InputStream {

    /** Unread bodies up to this size are drained to keep the connection; larger ones close it. */
    private static final long MAX_DRAIN_BYTES = 256 * 1024;

    private final InputStream body;
    private final ResponseWriter continueTo;
    private boolean awaitingContinue;
    private boolean touched;
    /**
     * The first error a read met, thrown again by every later read: the body's end is then in
     * doubt, so what follows it must never be taken for the next request, even if the app
     * caught the error and answered (RFC 9112 §6.3, §11.2).
     */
    private IOException failure;

    /**
     * @param body the framed body stream, or null when the request has no body
     * @param continueTo where to send 100 Continue, or null when the client does not expect it
     */
    RequestBody(InputStream body, ResponseWriter continueTo) {
        this.body = body;
        this.continueTo = continueTo;
        this.awaitingContinue = continueTo != null && body != null;
    }

    @Override
    public int read() throws IOException {
        if (body == null) {
            return -1;
        }
        beforeRead();
        try {
            return body.read();
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public int read(byte[] dst, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, dst.length);
        if (len == 0) {
            return 0;  // InputStream's contract, body or none
        }
        if (body == null) {
            return -1;
        }
        beforeRead();
        try {
            return body.read(dst, off, len);
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public int available() throws IOException {
        return body == null ? 0 : body.available();
    }

    /**
     * Whether what is known of the unread body already rules out keeping the connection: the
     * client still waits for 100 Continue (it may never send the body), or more is declared than
     * {@link #drain()} would read. Asked when the response head goes out, so that it can say
     * {@code Connection: close} (RFC 9112 §9.6).
     */
    boolean forcesClose() {
        return awaitingContinue || failure != null || tooLargeToDrain();
    }

    /**
     * Reads and drops what the app left unread, so the next request can be parsed.
     *
     * @return false when the connection should rather close: the body was never asked for,
     *     is too large to drain, or is broken
     */
    boolean drain() {
        if (failure != null) {
            return false;
        }
        if (body == null || atEnd()) {
            return true;
        }
        if (awaitingContinue) {
            return false;  // the client may be waiting for a 100 that will not come
        }
        if (tooLargeToDrain()) {
            return false;
        }
        try {
            byte[] scratch = new byte[8192];
            long drained = 0;
            int n;
            while ((n = body.read(scratch, 0, scratch.length)) > 0) {
                if ((drained += n) > MAX_DRAIN_BYTES) {
                    return false;
                }
            }
            return atEnd();
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether the app (or the drain) read anything. */
    boolean touched() {
        return touched;
    }

    private boolean tooLargeToDrain() {
        return body instanceof ContentLengthBody fixed && fixed.remaining() > MAX_DRAIN_BYTES;
    }

    private boolean atEnd() {
        return (body instanceof ContentLengthBody fixed && fixed.atEnd())
                || (body instanceof ChunkedBody chunked && chunked.atEnd());
    }

    /**
     * Keeps the first failure, as the client's doing, never the app's: a framing error as it is,
     * a timeout as the client's 408, and a connection the client reset or dropped as a 400 (with
     * no stack trace in the error log, however often a client does it).
     */
    private IOException failed(IOException e) {
        if (e instanceof HttpError || e instanceof RequestBodyTimeout) {
            failure = e;
        } else if (e instanceof SocketTimeoutException timeout) {
            failure = new RequestBodyTimeout(timeout);
        } else {
            failure = HttpError.badRequest("request body cut off: " + e.getMessage());
        }
        return failure;
    }

    private void beforeRead() throws IOException {
        if (failure != null) {
            throw failure;
        }
        touched = true;
        if (awaitingContinue) {
            awaitingContinue = false;
            continueTo.sendContinue();
        }
    }
}
