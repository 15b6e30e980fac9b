import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Feed Scraper benchmark's two halves, in one file (run with `java FeedBench.java ...`):
 *
 *   feeds PORT COUNT ENTRIES LATENCY_MS JITTER_MS
 *       serves /feed/0 .. /feed/COUNT-1 on 127.0.0.1:PORT, RSS 2.0 with ENTRIES items, titled
 *       "Feed N", each answered after LATENCY_MS +- JITTER_MS.
 *   load SCRAPER_URL FEEDS_BASE COUNT
 *       one POST of 100 URLs, one of 1000, then 20 clients each POSTing 50 URLs back to back for
 *       a fixed number of rounds; prints wall times, feeds per second and wrong answers.
 */
public class FeedBench {

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "feeds" -> feeds(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]), Integer.parseInt(args[5]));
            case "load" -> load(args[1], args[2], Integer.parseInt(args[3]), args.length > 4 ? Integer.parseInt(args[4]) : 5);
            default -> throw new IllegalArgumentException("feeds or load");
        }
    }

    static void feeds(int port, int count, int entries, int latency, int jitter) throws Exception {
        byte[][] responses = new byte[count][];
        for (int n = 0; n < count; n++) {
            StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>Feed ")
                    .append(n).append("</title><link>http://example.com/</link><description>bench</description>");
            for (int i = 0; i < entries; i++) {
                xml.append("<item><title>Entry ").append(i).append("</title><link>http://example.com/").append(n).append('/')
                        .append(i).append("</link><description>Some text for entry ").append(i).append("</description></item>");
            }
            byte[] body = xml.append("</channel></rss>\n").toString().getBytes(StandardCharsets.UTF_8);
            byte[] head = ("HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml; charset=utf-8\r\nContent-Length: " + body.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            responses[n] = new byte[head.length + body.length];
            System.arraycopy(head, 0, responses[n], 0, head.length);
            System.arraycopy(body, 0, responses[n], head.length, body.length);
        }
        // A plain keep-alive HTTP/1.1 server, a virtual thread per connection, each response one
        // write of prepared bytes: it serves both sides, and should cost them as little CPU as it can
        // (the JDK's HttpServer, used before, took ~150 us of CPU a request on this two-core machine).
        ServerSocket server = new ServerSocket(port, 4096, InetAddress.getLoopbackAddress());
        System.out.println("feeds ready on " + port);
        while (true) {
            Socket socket = server.accept();
            Thread.ofVirtual().start(() -> serve(socket, responses, latency, jitter));
        }
    }

    /** Answers GET /feed/N, after the latency, until the client closes or asks to. */
    static void serve(Socket socket, byte[][] responses, int latency, int jitter) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            socket.setTcpNoDelay(true);
            byte[] buffer = new byte[8192];
            int filled = 0;
            while (true) {
                int end;
                while ((end = headEnd(buffer, filled)) < 0) {
                    int n = in.read(buffer, filled, buffer.length - filled);
                    if (n < 0 || filled + n == buffer.length) {
                        return;  // closed, or a head too large for a benchmark client
                    }
                    filled += n;
                }
                String head = new String(buffer, 0, end, StandardCharsets.ISO_8859_1);
                System.arraycopy(buffer, end, buffer, 0, filled - end);
                filled -= end;
                String target = head.substring(head.indexOf(' ') + 1, head.indexOf(' ', head.indexOf(' ') + 1));
                int n = target.startsWith("/feed/") ? parseOr(target.substring("/feed/".length()), -1) : -1;
                Thread.sleep(latency - jitter + ThreadLocalRandom.current().nextInt(2 * jitter + 1));
                out.write(n >= 0 && n < responses.length ? responses[n] : NOT_FOUND);
                String lower = head.toLowerCase(java.util.Locale.ROOT);
                if (lower.contains("\r\nconnection: close") || head.startsWith("HTTP/1.0", head.indexOf("\r\n") - 8)) {
                    return;
                }
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            // the client went away, or sent what a benchmark client does not: nothing to serve
        }
    }

    private static final byte[] NOT_FOUND = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    /** The length of the request head (through its blank line) in the first {@code filled} bytes, or -1. */
    static int headEnd(byte[] buffer, int filled) {
        for (int i = 3; i < filled; i++) {
            if (buffer[i] == '\n' && buffer[i - 1] == '\r' && buffer[i - 2] == '\n' && buffer[i - 3] == '\r') {
                return i + 1;
            }
        }
        return -1;
    }

    static int parseOr(String digits, int otherwise) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    static void load(String scraper, String feedsBase, int feedCount, int rounds) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        // Warm-up, not measured: connections, classes, JIT (a JVM's first seconds are not its steady
        // state; eventlet gets the same posts). WARMUP_POSTS of 1000 URLs, default 8.
        int warmups = Integer.parseInt(System.getenv().getOrDefault("WARMUP_POSTS", "8"));
        for (int w = 0; w < warmups; w++) {
            long warm = System.nanoTime();
            post(client, scraper, feedsBase, w * 1000 % feedCount, 1000);
            if (w == 0) {
                System.out.printf("warm-up POST of 1000 URLs (cold): %.0f ms wall%n", (System.nanoTime() - warm) / 1e6);
            }
        }
        for (int size : new int[] {100, 1000}) {
            long[] walls = new long[5];
            int wrong = 0;
            for (int i = 0; i < walls.length; i++) {
                long start = System.nanoTime();
                wrong += post(client, scraper, feedsBase, (size * 7 + i * 300) % feedCount, size);
                walls[i] = System.nanoTime() - start;
            }
            java.util.Arrays.sort(walls);
            System.out.printf("one POST of %d URLs: %.0f ms wall (median of %d; best %.0f, worst %.0f), %d wrong%n",
                    size, walls[walls.length / 2] / 1e6, walls.length, walls[0] / 1e6, walls[walls.length - 1] / 1e6, wrong);
        }
        int clients = 20;
        int perRequest = 50;
        AtomicLong wrong = new AtomicLong();
        AtomicLong feedsDone = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            int id = c;
            threads.add(Thread.ofVirtual().start(() -> {
                for (int r = 0; r < rounds; r++) {
                    int first = (id * 97 + r * clients * perRequest) % feedCount;
                    try {
                        wrong.addAndGet(post(client, scraper, feedsBase, first, perRequest));
                        feedsDone.addAndGet(perRequest);
                    } catch (Exception e) {
                        wrong.addAndGet(perRequest);
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%d clients x %d rounds of %d URLs: %.2f s, %.0f feeds/s, %d wrong%n",
                clients, rounds, perRequest, seconds, feedsDone.get() / seconds, wrong.get());
    }

    /** Posts COUNT consecutive feeds from FIRST; returns how many lines are not the expected title. */
    static int post(HttpClient client, String scraper, String feedsBase, int first, int count) throws Exception {
        List<String> urls = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = (first + i) % 2000;
            urls.add(feedsBase + "/feed/" + n);
            expected.add("Feed " + n);
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(scraper))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(String.join("\n", urls) + "\n")).build();
        List<String> lines = client.send(request, HttpResponse.BodyHandlers.ofString()).body().lines().toList();
        int wrong = Math.abs(lines.size() - count);
        for (int i = 0; i < Math.min(lines.size(), count); i++) {
            if (!lines.get(i).equals(expected.get(i))) {
                wrong++;
            }
        }
        return wrong;
    }
}
