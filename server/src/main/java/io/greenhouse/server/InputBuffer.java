package io.greenhouse.server;

import java.io.Flushable;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * The connection's read side: one reusable buffer over the socket. The request head is parsed
 * in place from {@link #bytes()}; body streams take what is buffered first, then read on.
 * Every blocking read has a deadline, so no client can hold a thread forever; the
 * {@link TimeoutWatchdog} ends the reads that pass theirs.
 */
final class InputBuffer {

    private static final int INITIAL_SIZE = 4096;
    private static final byte[] RELEASED = new byte[0];

    /**
     * A read that took this long waited for the client. Measured (a histogram of read times under
     * wrk and under a client that pipelines without end): reads that found bytes took under 2 µs
     * (99 %), reads that parked 50 µs and more (98 %); a few of either in between.
     */
    static final long WAITED_NANOS = 10_000;
    /**
     * Whether a connection may step aside in any read, an app's body reads among them, or only
     * between requests. Before JDK 24 a virtual thread that parks inside {@code synchronized}
     * keeps its carrier (JEP 491), and an app may read its body there.
     */
    private static final boolean STEP_ASIDE_IN_READS = Runtime.version().feature() >= 24;

    private final ClientSocket socket;
    private final InputStream in;
    private final Flushable output;
    private final HeadBufferBudget budget;
    private final FairShare fairShare;
    private byte[] buf = new byte[INITIAL_SIZE];
    private int start;
    private int end;
    private boolean peerClosed;
    /** The last read from the socket found bytes there: it did not wait for the client. */
    private boolean clientAhead;
    /** When the read now blocked must end (System.nanoTime, never 0), or 0: read by the watchdog. */
    private volatile long readDeadline;
    /** The watchdog ended a read: the connection's input is shut, every later read times out. */
    private volatile boolean timedOut;

    /**
     * @param output flushed before every read that may block: a client may wait for the
     *     responses already written before it sends more, so holding them back could deadlock.
     *     The read may be on a thread of the app's own while another writes the response: see
     *     {@link ResponseWriter#flushUnlessSending}
     * @param budget what the buffer takes from when it grows past its first 4 KiB
     * @param fairShare consulted before each read from the socket: an app reading a body its
     *     client sends faster than it is read never waits either
     */
    InputBuffer(ClientSocket socket, Flushable output, HeadBufferBudget budget, FairShare fairShare) throws IOException {
        this.socket = socket;
        this.in = socket.input();
        this.output = output;
        this.budget = budget;
        this.fairShare = fairShare;
    }

    byte[] bytes() {
        return buf;
    }

    /** Index of the first unread byte. */
    int start() {
        return start;
    }

    /** Index after the last buffered byte. */
    int end() {
        return end;
    }

    /**
     * The buffered bytes up to the first CR or LF, at most {@code max} of them, as ISO-8859-1:
     * what a request refused before its head was parsed began with. Consumes nothing.
     */
    String firstLine(int max) {
        int stop = Math.min(end, start + max);
        int i = start;
        while (i < stop && buf[i] != '\r' && buf[i] != '\n') {
            i++;
        }
        return new String(buf, start, i - start, StandardCharsets.ISO_8859_1);
    }

    /**
     * True when the last read from the socket returned without waiting for the client: its bytes
     * were there already, so the client is ahead, and a virtual thread that only ever finds them
     * there never parks. Told by the read's time (see {@link #WAITED_NANOS}).
     */
    boolean clientAhead() {
        return clientAhead;
    }

    boolean hasBuffered() {
        return start < end;
    }

    int buffered() {
        return end - start;
    }

    /** Marks bytes up to {@code index} as consumed. */
    void consumeTo(int index) {
        start = index;
        if (start == end) {
            start = end = 0;
        }
    }

    /**
     * Reads more bytes after those buffered, growing the buffer up to {@code maxBuffered} when it
     * is full, and waiting at most {@code timeoutMillis} (0: no limit).
     *
     * @return false when the peer closed its side
     * @throws SocketTimeoutException when no byte came in time
     * @throws HttpError 503 when the buffer must grow and the budget has no room
     */
    boolean fill(int maxBuffered, int timeoutMillis) throws IOException {
        makeRoom(maxBuffered);
        output.flush();
        int n = readBefore(buf, end, buf.length - end, timeoutMillis);
        if (n < 0) {
            return false;
        }
        end += n;
        return true;
    }

    /**
     * Reads up to {@code len} body bytes: buffered ones first, else straight from the socket,
     * waiting at most {@code timeoutMillis}.
     *
     * @return the count read, or -1 when the peer closed its side
     */
    int read(byte[] dst, int off, int len, int timeoutMillis) throws IOException {
        if (start < end) {
            int n = Math.min(len, end - start);
            System.arraycopy(buf, start, dst, off, n);
            consumeTo(start + n);
            return n;
        }
        output.flush();
        return readBefore(dst, off, len, timeoutMillis);
    }

    /**
     * Reads from the socket within {@code timeoutMillis} (0: no limit).
     *
     * @return the count read, or -1 when the peer closed its side
     * @throws SocketTimeoutException when the watchdog ended the read at its deadline
     */
    private int readBefore(byte[] dst, int off, int len, int timeoutMillis) throws IOException {
        if (timedOut) {
            throw new SocketTimeoutException("read timed out");
        }
        if (STEP_ASIDE_IN_READS) {
            fairShare.beforeRead(clientAhead, output);
        }
        long began = System.nanoTime();
        readDeadline = timeoutMillis > 0 ? (began + timeoutMillis * 1_000_000L) | 1 : 0;
        int n;
        try {
            n = in.read(dst, off, len);
        } catch (IOException e) {
            if (timedOut) {
                throw new SocketTimeoutException("read timed out");
            }
            throw e;
        } finally {
            readDeadline = 0;
        }
        if (n < 0 && timedOut) {
            throw new SocketTimeoutException("read timed out");
        }
        peerClosed |= n < 0;
        clientAhead = n > 0 && (n == len || System.nanoTime() - began < WAITED_NANOS);  // a long copy waited for nobody
        return n;
    }

    /**
     * Called by the watchdog: when the read now blocked is past its deadline, shuts the input so
     * that it returns, and the reader sees the timeout. The output stays open for a 408.
     */
    void endReadIfOverdue(long now) {
        long deadline = readDeadline;
        if (deadline == 0 || now - deadline < 0) {
            return;
        }
        timedOut = true;
        try {
            socket.shutdownInput();
        } catch (IOException e) {
            // already closed: the read has ended anyway
        }
    }

    /**
     * Ends the connection without losing the last response: a close with unread bytes in the
     * receive buffer makes the kernel send RST, which can destroy the response before the client
     * reads it (RFC 9112 §9.6). So: send FIN, then read and drop what the client still sends,
     * for a short while, before closing.
     */
    void lingeringClose(int timeoutMillis, int maxBytes) {
        if (peerClosed || timedOut || socket.isClosed() || !socket.needsLingeringClose()) {
            return;
        }
        try {
            socket.shutdownOutput();
            socket.setReadTimeout(timeoutMillis);  // once per connection: a timer is cheap enough here
            byte[] scratch = buf.length >= 4096 ? buf : new byte[4096];
            int total = 0;
            int n;
            while (total < maxBytes && (n = in.read(scratch, 0, scratch.length)) > 0) {
                total += n;
            }
        } catch (IOException e) {
            // timed out or reset: either way the client has had its chance to read
        }
    }

    /** Reads one byte (buffered first), or -1 when the peer closed its side. */
    int read(int timeoutMillis) throws IOException {
        if (start == end && !fill(buf.length, timeoutMillis)) {
            return -1;
        }
        int b = buf[start] & 0xff;
        consumeTo(start + 1);
        return b;
    }

    /**
     * Drops a large buffer grown for an unusual request head, once what is left in it fits the
     * usual size, and gives its growth back to the budget.
     */
    void shrink() {
        if (buf.length > INITIAL_SIZE && end - start <= INITIAL_SIZE) {
            byte[] smaller = new byte[INITIAL_SIZE];
            System.arraycopy(buf, start, smaller, 0, end - start);
            end -= start;
            start = 0;
            budget.give(buf.length - INITIAL_SIZE);
            buf = smaller;
        }
    }

    /** The connection is over: gives the buffer's growth back to the budget. */
    void release() {
        if (buf.length > INITIAL_SIZE) {
            budget.give(buf.length - INITIAL_SIZE);
        }
        buf = RELEASED;
        start = end = 0;
    }

    private void makeRoom(int maxBuffered) throws HttpError {
        if (end < buf.length) {
            return;
        }
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            start = 0;
            return;
        }
        int size = Math.min(Math.max(buf.length * 2, INITIAL_SIZE), Math.max(maxBuffered, buf.length + 1));
        if (!budget.tryTake(size - buf.length)) {
            throw HttpError.busy("server busy: too many large request heads at once; try again later", 1);
        }
        byte[] bigger = new byte[size];
        System.arraycopy(buf, 0, bigger, 0, end);
        buf = bigger;
    }
}
