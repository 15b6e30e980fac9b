package io.greenhouse.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Clients that pipeline without end, and how a fresh client fares meanwhile. Opens C
 * connections; on each, one thread writes R pipelined {@code GET /} at once while another reads
 * and counts the answers. Meanwhile, every GAP ms, a fresh client connects, sends one
 * {@code GET /} and times its first byte. Ends when every flooding connection has its R answers.
 *
 * <p>Usage: {@code FloodClient PORT [C] [R] [GAP_MS]} (50, 100000, 100). Prints one
 * {@code key=value} line: the flood's seconds and answers per second, its non-200 answers and
 * failed connections, and the fresh clients' count, median, p99 and slowest time to first byte
 * in ms (those that got none within 30 s count as failed, at 30,000 ms).
 */
public final class FloodClient {

    private static final byte[] REQUEST = "GET / HTTP/1.1\r\nHost: flood\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] STATUS_LINE_START = "HTTP/1.1 ".getBytes(StandardCharsets.US_ASCII);
    private static final int FRESH_TIMEOUT_MILLIS = 30_000;

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int requests = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
        long gapMillis = args.length > 3 ? Long.parseLong(args[3]) : 100;
        InetSocketAddress server = new InetSocketAddress("127.0.0.1", port);

        AtomicLong answers = new AtomicLong();
        AtomicLong notOk = new AtomicLong();
        AtomicLong failedConnections = new AtomicLong();
        CountDownLatch done = new CountDownLatch(connections);
        long started = System.nanoTime();
        for (int i = 0; i < connections; i++) {
            Thread.ofPlatform().daemon().start(() -> {
                try {
                    long[] counts = flood(server, requests);
                    answers.addAndGet(counts[0]);
                    notOk.addAndGet(counts[0] - counts[1]);
                } catch (IOException e) {
                    failedConnections.incrementAndGet();
                } finally {
                    done.countDown();
                }
            });
        }
        List<Double> fresh = new ArrayList<>();
        int freshFailed = 0;
        while (!done.await(gapMillis, TimeUnit.MILLISECONDS)) {
            double millis = timeFreshClient(server);
            if (millis < 0) {
                freshFailed++;
                fresh.add((double) FRESH_TIMEOUT_MILLIS);
            } else {
                fresh.add(millis);
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double[] sorted = fresh.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf("seconds=%.1f answers_per_s=%.0f non200=%d failed_connections=%d fresh=%d fresh_failed=%d"
                        + " fresh_median_ms=%s fresh_p99_ms=%s fresh_max_ms=%s%n",
                seconds, answers.get() / seconds, notOk.get(), failedConnections.get(), sorted.length, freshFailed,
                percentile(sorted, 50), percentile(sorted, 99), percentile(sorted, 100));
    }

    /** One flooding connection: returns {answers, of them 200}. */
    private static long[] flood(InetSocketAddress server, int requests) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(server);
            socket.setTcpNoDelay(true);
            Thread writer = Thread.ofPlatform().daemon().start(() -> writeAll(socket, requests));
            long[] counts = countAnswers(socket.getInputStream(), requests);
            try {
                writer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (counts[0] < requests) {
                throw new IOException("the server closed after " + counts[0] + " answers");
            }
            return counts;
        }
    }

    private static void writeAll(Socket socket, int requests) {
        int perWrite = 2048;
        byte[] block = new byte[REQUEST.length * perWrite];
        for (int i = 0; i < perWrite; i++) {
            System.arraycopy(REQUEST, 0, block, i * REQUEST.length, REQUEST.length);
        }
        try {
            OutputStream out = socket.getOutputStream();
            for (int left = requests; left > 0; left -= perWrite) {
                out.write(block, 0, Math.min(left, perWrite) * REQUEST.length);
            }
            out.flush();
        } catch (IOException e) {
            // the reader sees the connection end too
        }
    }

    /**
     * Counts status lines, and of them 200s, until {@code expected} or the end of the stream,
     * byte by byte so that one may straddle two reads ("HTTP/1.1 " repeats no prefix of itself).
     */
    private static long[] countAnswers(InputStream in, int expected) throws IOException {
        byte[] buf = new byte[1 << 16];
        long answers = 0;
        long ok = 0;
        int matched = 0;  // bytes of "HTTP/1.1 " matched so far
        int codeDigits = -1;  // after a status line start: digits of its code seen, and whether 200
        boolean is200 = false;
        int n;
        while ((answers < expected || codeDigits >= 0) && (n = in.read(buf)) > 0) {
            for (int i = 0; i < n; i++) {
                byte b = buf[i];
                if (codeDigits >= 0) {
                    is200 &= b == (codeDigits == 0 ? '2' : '0');
                    if (++codeDigits == 3) {
                        ok += is200 ? 1 : 0;
                        codeDigits = -1;
                    }
                    continue;
                }
                matched = b == STATUS_LINE_START[matched] ? matched + 1 : b == STATUS_LINE_START[0] ? 1 : 0;
                if (matched == STATUS_LINE_START.length) {
                    answers++;
                    matched = 0;
                    codeDigits = 0;
                    is200 = true;
                }
            }
        }
        return new long[] {answers, ok};
    }

    /** A fresh client's time to the first byte of its answer, in ms; -1 if none came. */
    private static double timeFreshClient(InetSocketAddress server) {
        long start = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(server, FRESH_TIMEOUT_MILLIS);
            socket.setSoTimeout(FRESH_TIMEOUT_MILLIS);
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: fresh\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            if (socket.getInputStream().read() < 0) {
                return -1;
            }
            return (System.nanoTime() - start) / 1e6;
        } catch (IOException e) {
            return -1;
        }
    }

    private static String percentile(double[] sorted, int p) {
        if (sorted.length == 0) {
            return "-";
        }
        int rank = (int) Math.ceil(sorted.length * p / 100.0);
        return String.format("%.1f", sorted[Math.max(0, rank - 1)]);
    }
}
