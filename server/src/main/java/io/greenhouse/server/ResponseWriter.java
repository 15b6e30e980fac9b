package io.greenhouse.server;

import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The connection's write side: one reusable buffer in front of the socket, and the body
 * framing of the response being written. A small response (head and body) leaves in one
 * write; responses to pipelined requests are left in the buffer and leave together.
 *
 * <p>The buffer is used by one thread at a time, under {@link #sendingLock()}: an app may write
 * its response on one thread while another reads the request body, and each read that may block
 * sends what is buffered first. {@link ResponseState} holds the lock while it puts the app's
 * bytes here; {@link #flush}, {@link #flushUnlessSending}, {@link #sendContinue} and
 * {@link #release} take it themselves.
 */
final class ResponseWriter implements Flushable {

    /** How the body of the current response is delimited on the wire. */
    enum Framing { CONTENT_LENGTH, CHUNKED, CLOSE, NO_BODY }

    static final int BUFFER_SIZE = 8192;
    /**
     * The most one socket write is given at once. The write timeout is measured per write, so a
     * larger body chunk goes out in slices of this size: the timeout then ends a client that has
     * stopped reading, not one still reading a chunk that takes longer than the timeout to send.
     */
    static final int MAX_WRITE_BYTES = 64 * 1024;
    private static final byte[] CONTINUE = bytes("HTTP/1.1 100 Continue\r\n\r\n");
    private static final byte[] HTTP11 = bytes("HTTP/1.1 ");
    private static final byte[] CRLF = bytes("\r\n");
    private static final byte[] CONTENT_LENGTH = bytes("Content-Length: ");
    private static final byte[] CHUNKED = bytes("Transfer-Encoding: chunked\r\n");
    private static final byte[] LAST_CHUNK = bytes("0\r\n\r\n");
    private static final byte[] HEX = bytes("0123456789abcdef");

    private final OutputStream out;
    private final BufferPool buffers;
    private byte[] buf;
    private int count;
    private boolean broken;
    /*
     * How far the response has got: written by the connection's thread alone, and read also by
     * a shutdown that cuts the response off and logs it. Release stores and acquire loads make
     * that read safe and are plain moves on x86, so the hot path pays nothing for it.
     */
    private final AtomicBoolean headSent = new AtomicBoolean();
    /** Held by whoever uses the buffer: see {@link ResponseState}. One per connection, not per response. */
    private final ReentrantLock sending = new ReentrantLock();
    private final AtomicLong bodyBytes = new AtomicLong();
    private Framing framing;
    private long remaining;
    /** When the write (of at most {@link #MAX_WRITE_BYTES}) now blocked began (System.nanoTime, never 0), or 0: read by the {@link TimeoutWatchdog}. */
    private volatile long writingSince;

    /** @param buffers where the write buffer comes from, of {@link #BUFFER_SIZE} bytes */
    ResponseWriter(OutputStream out, BufferPool buffers) {
        this.out = out;
        this.buffers = buffers;
    }

    /** Starts a new response on this connection. */
    void reset() {
        headSent.setRelease(false);
        framing = null;
        remaining = 0;
        bodyBytes.setRelease(0);
    }

    ReentrantLock sendingLock() {
        return sending;
    }

    /** The head of the current response has been written; safe to ask from any thread. */
    boolean headSent() {
        return headSent.getAcquire();
    }

    /** A write to the client failed: it is gone, and the connection with it. */
    boolean broken() {
        return broken;
    }

    /** Body bytes of the current response put on the wire so far (after framing decisions); from any thread. */
    long bodyBytes() {
        return bodyBytes.getAcquire();
    }

    /** Content-Length bytes still owed by the current response. */
    long remaining() {
        return framing == Framing.CONTENT_LENGTH ? remaining : 0;
    }

    Framing framing() {
        return framing;
    }

    /** Sends 100 Continue, unless the response has begun: the app may have answered without reading the body. */
    void sendContinue() throws IOException {
        sending.lock();
        try {
            if (!headSent()) {
                put(CONTINUE, 0, CONTINUE.length);
                writeBuffered();
            }
        } finally {
            sending.unlock();
        }
    }

    /** Writes "HTTP/1.1 " + status + CRLF; the status was checked by the caller. */
    void statusLine(String status) throws IOException {
        put(HTTP11, 0, HTTP11.length);
        ascii(status);
        if (status.length() == 3) {
            ascii(" ");  // the reason phrase may be empty, the space before it may not (RFC 9112 §4)
        }
        put(CRLF, 0, 2);
    }

    /** Writes one header line; name and value were checked by the caller. */
    void header(String name, String value) throws IOException {
        ascii(name);
        ensure(2);
        buf[count++] = ':';
        buf[count++] = ' ';
        ascii(value);
        put(CRLF, 0, 2);
    }

    /** Writes a pre-encoded header line, CRLF included. */
    void headerLine(byte[] line) throws IOException {
        put(line, 0, line.length);
    }

    /**
     * Ends the head with the framing header the body needs, and the blank line.
     *
     * @param length the Content-Length for {@link Framing#CONTENT_LENGTH}, else ignored
     * @param advertiseLength also send Content-Length for {@link Framing#NO_BODY} (HEAD)
     */
    void endHead(Framing framing, long length, boolean advertiseLength) throws IOException {
        this.framing = framing;
        this.remaining = length;
        if (framing == Framing.CONTENT_LENGTH || (advertiseLength && length >= 0)) {
            put(CONTENT_LENGTH, 0, CONTENT_LENGTH.length);
            decimal(length);
            put(CRLF, 0, 2);
        } else if (framing == Framing.CHUNKED) {
            put(CHUNKED, 0, CHUNKED.length);
        }
        put(CRLF, 0, 2);
        headSent.setRelease(true);
    }

    /**
     * Writes body bytes in the current framing.
     *
     * @return the bytes dropped because they went past the declared Content-Length
     */
    long body(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        switch (framing) {
            case NO_BODY -> {
                return 0;
            }
            case CONTENT_LENGTH -> {
                int n = (int) Math.min(len, remaining);
                remaining -= n;
                raw(b, off, n);
                return len - n;
            }
            case CHUNKED -> {
                hex(len);
                put(CRLF, 0, 2);
                raw(b, off, len);
                put(CRLF, 0, 2);
            }
            case CLOSE -> raw(b, off, len);
            default -> throw new IllegalStateException();
        }
        return 0;
    }

    /** Ends the body: the last chunk, when chunked. */
    void endBody() throws IOException {
        if (framing == Framing.CHUNKED) {
            put(LAST_CHUNK, 0, LAST_CHUNK.length);
        }
    }

    /** Bytes waiting in the buffer. */
    int pending() {
        return count;
    }

    @Override
    public void flush() throws IOException {
        sending.lock();
        try {
            writeBuffered();
        } finally {
            sending.unlock();
        }
    }

    /**
     * Before a read that may block: sends what is buffered, unless another thread is using the
     * buffer now. That one sends it: each of the app's writes ends in a flush, and the
     * connection's thread flushes before it reads. So a thread reading the request body never
     * waits for a write to a client that is slow to read.
     */
    void flushUnlessSending() throws IOException {
        if (!sending.tryLock()) {
            return;
        }
        try {
            writeBuffered();
        } finally {
            sending.unlock();
        }
    }

    private void writeBuffered() throws IOException {
        if (count == 0 || broken) {
            count = 0;
            return;
        }
        try {
            write(buf, 0, count);
        } finally {
            count = 0;
        }
    }

    /** Sends what is buffered and gives the buffer back, when a connection is going idle, so idle connections stay small. */
    void release() throws IOException {
        sending.lock();
        try {
            writeBuffered();
            if (buf != null) {
                buffers.give(buf);
                buf = null;
            }
        } finally {
            sending.unlock();
        }
    }

    private void raw(byte[] b, int off, int len) throws IOException {
        bodyBytes.setRelease(bodyBytes.getPlain() + len);
        if (len <= BUFFER_SIZE - count || len < 1024) {
            put(b, off, len);
            return;
        }
        writeBuffered();
        write(b, off, len);
    }

    /** True when a write has been blocked since before {@code sinceNanos}. */
    boolean blockedSince(long sinceNanos) {
        long started = writingSince;
        return started != 0 && started - sinceNanos < 0;
    }

    private void write(byte[] b, int off, int len) throws IOException {
        try {
            do {
                int n = Math.min(len, MAX_WRITE_BYTES);
                writingSince = System.nanoTime() | 1;
                out.write(b, off, n);
                off += n;
                len -= n;
            } while (len > 0);
        } catch (IOException e) {
            broken = true;
            throw e;
        } finally {
            writingSince = 0;
        }
    }

    private void put(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            ensure(1);
            int n = Math.min(len, buf.length - count);
            System.arraycopy(b, off, buf, count, n);
            count += n;
            off += n;
            len -= n;
        }
    }

    /** Writes a checked String whose chars are all below 256, one byte each. */
    @SuppressWarnings("deprecation")
    private void ascii(String s) throws IOException {
        int len = s.length();
        int i = 0;
        while (i < len) {
            ensure(1);
            int n = Math.min(len - i, buf.length - count);
            s.getBytes(i, i + n, buf, count);  // deprecated for its lossiness, which is exactly ISO-8859-1 here
            count += n;
            i += n;
        }
    }

    private void decimal(long value) throws IOException {
        ascii(Long.toString(value));
    }

    private void hex(int value) throws IOException {
        ensure(8);
        int digits = Math.max(1, (32 - Integer.numberOfLeadingZeros(value) + 3) / 4);
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            buf[count++] = HEX[(value >>> shift) & 0xf];
        }
    }

    private void ensure(int bytes) throws IOException {
        if (buf == null) {
            buf = buffers.take();
        }
        if (BUFFER_SIZE - count < bytes) {
            writeBuffered();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
