import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.Executors;
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
        byte[][] bodies = new byte[count][];
        for (int n = 0; n < count; n++) {
            StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>Feed ")
                    .append(n).append("</title><link>http://example.com/</link><description>bench</description>");
            for (int i = 0; i < entries; i++) {
                xml.append("<item><title>Entry ").append(i).append("</title><link>http://example.com/").append(n).append('/')
                        .append(i).append("</link><description>Some text for entry ").append(i).append("</description></item>");
            }
            bodies[n] = xml.append("</channel></rss>\n").toString().getBytes(StandardCharsets.UTF_8);
        }
        // The JDK server keeps only 200 idle connections by default; a client fetching 1000 feeds
        // at once would then reconnect for most of them on every round.
        System.setProperty("sun.net.httpserver.maxIdleConnections", "5000");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 4096);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/feed/", exchange -> {
            try (exchange) {
                int n = Integer.parseInt(exchange.getRequestURI().getPath().substring("/feed/".length()));
                Thread.sleep(latency - jitter + ThreadLocalRandom.current().nextInt(2 * jitter + 1));
                exchange.getResponseHeaders().set("Content-Type", "application/rss+xml; charset=utf-8");
                exchange.sendResponseHeaders(200, bodies[n].length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bodies[n]);
                }
            } catch (InterruptedException | RuntimeException e) {
                // a bad path or a stop: nothing to serve
            }
        });
        server.start();
        System.out.println("feeds ready on " + port);
        Thread.currentThread().join();
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
