package io.greenhouse.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The held-idle-connections run. Opens N keep-alive connections to a server (each from one of
 * several 127.0.0.x source addresses, so N can exceed one address's ephemeral ports), makes one
 * request on each and then leaves it idle; measures the server's RSS before and while they are
 * held; then times fresh clients (connect, GET, read the response, close) one after another;
 * finally counts how many held connections the server is still keeping.
 *
 * <p>Usage: {@code IdleClient PORT N SERVER_PID [SOURCES] [PROBES] [SETTLE_SECONDS]}. Prints
 * progress to stderr and one {@code key=value} line to stdout.
 */
public final class IdleClient {

    private static final int OPEN_CONCURRENCY = 64;

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int n = Integer.parseInt(args[1]);
        long pid = Long.parseLong(args[2]);
        int sources = args.length > 3 ? Integer.parseInt(args[3]) : Math.max(1, (n + 9_999) / 10_000);
        int probes = args.length > 4 ? Integer.parseInt(args[4]) : 1000;
        int settleSeconds = args.length > 5 ? Integer.parseInt(args[5]) : 3;
        InetSocketAddress server = new InetSocketAddress("127.0.0.1", port);

        long rssBefore = rssKiB(pid, "VmRSS");
        long started = System.nanoTime();
        List<SocketChannel> held = open(server, n, sources);
        double openSeconds = (System.nanoTime() - started) / 1e9;
        log("held %d connections in %.1f s; settling %d s", held.size(), openSeconds, settleSeconds);
        Thread.sleep(settleSeconds * 1000L);
        long rssHeld = rssKiB(pid, "VmRSS");

        long[] micros = probe(server, probes);
        int stillOpen = stillOpen(held);
        long hwm = rssKiB(pid, "VmHWM");
        for (SocketChannel ch : held) {
            ch.close();
        }
        double perConn = held.isEmpty() ? 0 : (rssHeld - rssBefore) * 1024.0 / held.size();
        System.out.printf("held=%d open_failed=%d open_s=%.1f rss_before_kib=%d rss_held_kib=%d bytes_per_conn=%.0f"
                        + " hwm_kib=%d probes=%d probe_p50_us=%d probe_p99_us=%d probe_max_us=%d still_open=%d%n",
                held.size(), n - held.size(), openSeconds, rssBefore, rssHeld, perConn, hwm,
                micros.length, pct(micros, 50), pct(micros, 99), micros.length == 0 ? 0 : micros[micros.length - 1],
                stillOpen);
    }

    /** Opens up to n connections, each after one complete request and response; failures are logged and counted. */
    private static List<SocketChannel> open(InetSocketAddress server, int n, int sources) throws Exception {
        ConcurrentLinkedQueue<SocketChannel> opened = new ConcurrentLinkedQueue<>();
        AtomicInteger failures = new AtomicInteger();
        Semaphore permits = new Semaphore(OPEN_CONCURRENCY);
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                InetAddress source = InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (2 + i % sources)});
                permits.acquire();
                pool.submit(() -> {
                    try {
                        SocketChannel ch = SocketChannel.open();
                        ch.bind(new InetSocketAddress(source, 0));
                        ch.connect(server);
                        exchange(ch);
                        opened.add(ch);
                    } catch (IOException e) {
                        if (failures.incrementAndGet() <= 5) {
                            log("open failed: %s", e);
                        }
                    } finally {
                        permits.release();
                    }
                });
                if ((i + 1) % 10_000 == 0) {
                    log("opened %d", i + 1);
                }
            }
        }
        return new ArrayList<>(opened);
    }

    /** Times fresh clients one at a time: connect, one GET, the whole response, close. */
    private static long[] probe(InetSocketAddress server, int probes) {
        long[] micros = new long[probes];
        int done = 0;
        for (int i = 0; i < probes; i++) {
            long t0 = System.nanoTime();
            try (SocketChannel ch = SocketChannel.open(server)) {
                exchange(ch);
                micros[done++] = (System.nanoTime() - t0) / 1000;
            } catch (IOException e) {
                log("probe failed: %s", e);
            }
        }
        micros = Arrays.copyOf(micros, done);
        Arrays.sort(micros);
        return micros;
    }

    private static int stillOpen(List<SocketChannel> held) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        int open = 0;
        for (SocketChannel ch : held) {
            ch.configureBlocking(false);
            try {
                one.clear();
                if (ch.read(one) == 0) {
                    open++;
                }
            } catch (IOException reset) {
                // closed by the server
            }
        }
        return open;
    }

    private static final byte[] REQUEST =
            "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    /** Sends one GET and reads until the response ends; fails on a non-2xx status. */
    private static void exchange(SocketChannel ch) throws IOException {
        ch.write(ByteBuffer.wrap(REQUEST));
        ByteBuffer in = ByteBuffer.allocate(4096);
        while (!complete(in)) {
            if (ch.read(in) < 0) {
                throw new IOException("closed before the response ended");
            }
        }
        if (in.get(9) != '2') {
            throw new IOException("status " + new String(in.array(), 9, 3, StandardCharsets.US_ASCII));
        }
    }

    /** Whether the buffer holds a whole response: head, then Content-Length bytes or a last chunk. */
    private static boolean complete(ByteBuffer in) {
        String s = new String(in.array(), 0, in.position(), StandardCharsets.ISO_8859_1);
        int headEnd = s.indexOf("\r\n\r\n");
        if (headEnd < 0) {
            return false;
        }
        String head = s.substring(0, headEnd).toLowerCase();
        int cl = head.indexOf("content-length:");
        if (cl >= 0) {
            int eol = head.indexOf("\r\n", cl);
            long length = Long.parseLong(head.substring(cl + 15, eol < 0 ? head.length() : eol).trim());
            return s.length() - headEnd - 4 >= length;
        }
        return s.endsWith("0\r\n\r\n");
    }

    private static long rssKiB(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private static long pct(long[] sorted, int p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * p / 100.0) - 1)];
    }

    private static void log(String format, Object... args) {
        System.err.printf("idle-client: " + format + "%n", args);
    }

    private IdleClient() {}
}
