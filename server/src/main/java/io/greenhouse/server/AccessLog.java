package io.greenhouse.server;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The access log in Apache's combined format plus the request's duration in microseconds:
 * {@code 127.0.0.1 - - [24/Nov/2026:08:00:00 +0000] "GET / HTTP/1.1" 200 13 "-" "curl/8.5" 73}.
 * Lines collect in a buffer written out by a background thread a few times a second (and when
 * it fills), so logging costs a request no system call.
 */
final class AccessLog implements AutoCloseable {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneId.systemDefault());
    private static final int FLUSH_AT = 32 * 1024;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final OutputStream out;
    private final ReentrantLock lock = new ReentrantLock();
    private final Thread flusher;
    private StringBuilder pending = new StringBuilder(FLUSH_AT * 2);
    private long stampSecond = -1;
    private String stamp;
    private volatile boolean closed;

    private AccessLog(OutputStream out) {
        this.out = out;
        this.flusher = Thread.ofPlatform().daemon().name("greenhouse-access-log").start(this::flushPeriodically);
    }

    /** "stdout", "stderr", "off" (null) or a file path to append to. */
    static AccessLog open(String target) {
        return switch (target) {
            case "off" -> null;
            case "stdout" -> new AccessLog(System.out);
            case "stderr" -> new AccessLog(System.err);
            default -> new AccessLog(new LogFile(target, "access log"));
        };
    }

    /** Opens a log file again under its name (after it was rotated); stdout and stderr stay. */
    void reopen() throws IOException {
        if (out instanceof LogFile file) {
            flush();
            file.reopen();
        }
    }

    /** Records one exchange; {@code bodyBytes} is the response body size (0 shows as "-"). */
    void log(String remoteAddr, RequestHead request, int status, long bodyBytes, long durationNanos) {
        String referer = request == null ? null : request.fields().first("HTTP_REFERER");
        String agent = request == null ? null : request.fields().first("HTTP_USER_AGENT");
        boolean flushNow;
        lock.lock();
        try {
            StringBuilder line = startLine(remoteAddr);
            if (request == null) {
                line.append('-');
            } else {
                line.append(request.method()).append(' ');
                appendEscaped(line, request.target());
                line.append(' ').append(request.protocol());
            }
            flushNow = endLine(line, status, bodyBytes, referer, agent, durationNanos);
        } finally {
            lock.unlock();
        }
        if (flushNow) {
            flush();
        }
    }

    /**
     * Records a request refused before its head was parsed, showing what it began with (escaped,
     * as nginx shows the line of a request it answers 400), or "-" when nothing came.
     */
    void logRefused(String remoteAddr, String received, int status, long bodyBytes, long durationNanos) {
        boolean flushNow;
        lock.lock();
        try {
            StringBuilder line = startLine(remoteAddr);
            appendEscaped(line, received.isEmpty() ? null : received);
            flushNow = endLine(line, status, bodyBytes, null, null, durationNanos);
        } finally {
            lock.unlock();
        }
        if (flushNow) {
            flush();
        }
    }

    /** The line up to the request's opening quote. Called with the lock held. */
    private StringBuilder startLine(String remoteAddr) {
        StringBuilder line = pending;
        line.append(remoteAddr.isEmpty() ? "-" : remoteAddr).append(" - - [").append(stamp()).append("] \"");  // "": a Unix socket's peer
        return line;
    }

    /** The rest of the line; whether the buffer is due to be written. Called with the lock held. */
    private static boolean endLine(StringBuilder line, int status, long bodyBytes, String referer, String agent,
                                   long durationNanos) {
        line.append("\" ").append(status).append(' ');
        if (bodyBytes > 0) {
            line.append(bodyBytes);
        } else {
            line.append('-');
        }
        line.append(" \"");
        appendEscaped(line, referer);
        line.append("\" \"");
        appendEscaped(line, agent);
        line.append("\" ").append(durationNanos / 1000).append('\n');
        return line.length() >= FLUSH_AT;
    }

    void flush() {
        // lines taken are written before another flush, or the close, has its turn: none is lost, none reordered
        synchronized (out) {
            StringBuilder full;
            lock.lock();
            try {
                if (pending.isEmpty()) {
                    return;
                }
                full = pending;
                pending = new StringBuilder(FLUSH_AT * 2);
            } finally {
                lock.unlock();
            }
            try {
                out.write(full.toString().getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                // the log is gone (closed pipe): serving goes on without it
            }
        }
    }

    /** Writes out the lines logged so far, and closes a log file; stdout and stderr stay open. */
    @Override
    public void close() {
        closed = true;
        flusher.interrupt();
        synchronized (out) {
            flush();
            if (out instanceof LogFile file) {
                try {
                    file.close();
                } catch (IOException e) {
                    // closing is all we wanted
                }
            }
        }
    }

    private void flushPeriodically() {
        while (!closed) {
            try {
                Thread.sleep(200);  // a cadence, not a wait for a condition
            } catch (InterruptedException e) {
                return;
            }
            flush();
        }
    }

    private String stamp() {
        long second = System.currentTimeMillis() / 1000;
        if (second != stampSecond) {
            stampSecond = second;
            stamp = TIME.format(Instant.ofEpochSecond(second));
        }
        return stamp;
    }

    /**
     * What the client sent, as printable ASCII: quotes and backslashes get a backslash (as
     * Apache's), controls, DEL and every byte above 0x7F show as \xNN (as nginx's), so a log
     * line is always one line, of plain ASCII. Every character of {@code value} is one byte as
     * received (the server reads request heads as ISO-8859-1).
     */
    private static void appendEscaped(StringBuilder line, String value) {
        if (value == null) {
            line.append('-');
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                line.append('\\').append(c);
            } else if (c < 0x20 || c >= 0x7f) {
                line.append("\\x").append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
            } else {
                line.append(c);
            }
        }
    }
}
