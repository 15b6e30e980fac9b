package io.greenhouse.feedscraper;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A kept-alive connection that the server closed while it sat in the pool gives no answer to
 * the next request sent on it; that request is sent once more, and only once, on a new
 * connection: not on another pooled one, which the server may have closed as well.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StaleConnectionTest {

    private static final byte[] FEED = ("HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: "
            + FeedServer.rssDocument("Fresh", 1).length() + "\r\n\r\n" + FeedServer.rssDocument("Fresh", 1)).getBytes(StandardCharsets.UTF_8);

    /**
     * Serves connections one after the other: each answers {@code answers} requests (the first
     * connection {@code first}), then reads the next one and hangs up without a word.
     */
    private static final class DroppingServer implements AutoCloseable {
        final ServerSocket socket;
        final AtomicInteger connections = new AtomicInteger();
        final Thread thread;

        DroppingServer(int first, int answers) throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            thread = Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        try (Socket connection = socket.accept()) {
                            int served = connections.getAndIncrement() == 0 ? first : answers;
                            InputStream in = connection.getInputStream();
                            OutputStream out = connection.getOutputStream();
                            for (int i = 0; i < served && readHead(in); i++) {
                                out.write(FEED);
                                out.flush();
                            }
                            readHead(in);
                        }
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
        }

        String url() {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/feed";
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /**
     * Answers every request, then hangs up without having said so (no {@code Connection:
     * close}), as a server does whose keep-alive timeout has passed: every connection the client
     * keeps from it is stale by the time it is used again. It holds its answers until
     * {@code together} requests have come in, so that they come on as many connections.
     */
    private static final class HangingUpServer implements AutoCloseable {
        final RawHttpServer server;
        final CountDownLatch arrived;
        final Semaphore hungUp = new Semaphore(0);

        HangingUpServer(int together) throws IOException {
            arrived = new CountDownLatch(together);
            server = RawHttpServer.start(this::answerOnce);
        }

        private void answerOnce(Socket connection) {
            try (connection) {
                if (readHead(connection.getInputStream())) {
                    arrived.countDown();
                    arrived.await();
                    connection.getOutputStream().write(FEED);
                    connection.getOutputStream().flush();
                }
            } catch (IOException | InterruptedException e) {
                // the test is over
            }
            hungUp.release();
        }

        String url(String path) {
            return server.url(path);
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    private static boolean readHead(InputStream in) throws IOException {
        return RawHttpServer.readHead(in) != null;
    }

    private static FeedFetcher fetcher() {
        return new FeedFetcher(ScraperSettings.from(Map.of()), new AddressGuard(true));
    }

    @Test
    void aRequestOnAConnectionTheServerDroppedIsSentAgainOnANewOne() throws Exception {
        try (DroppingServer server = new DroppingServer(1, 1)) {
            FeedFetcher fetcher = fetcher();
            assertEquals(200, fetcher.fetch(URI.create(server.url()), null, fetcher.deadline(System.nanoTime()), new HostLimiter(8)).httpStatus());
            FetchedFeed second = fetcher.fetch(URI.create(server.url()), null, fetcher.deadline(System.nanoTime()), new HostLimiter(8));
            assertEquals("Fresh", TitleParser.parse(second.body(), second.contentType()).title());
            assertEquals(2, server.connections.get());
        }
    }

    @Test
    void theRetryOfARequestOnAStalePooledConnectionIsNotSentOnAnotherStaleOne() throws Exception {
        try (HangingUpServer server = new HangingUpServer(8); ScraperServer scraper = ScraperServer.start()) {
            List<String> first = IntStream.rangeClosed(1, 8).mapToObj(i -> server.url("/feed/" + i)).toList();
            assertEquals(Collections.nCopies(8, "ok"), statuses(scraper, first));
            server.hungUp.acquire(8);  // the eight connections in the scraper's pool are all stale now
            for (int i = 9; i <= 16; i++) {
                assertEquals(List.of("ok"), statuses(scraper, List.of(server.url("/feed/" + i))), "feed " + i);
            }
        }
    }

    private static List<String> statuses(ScraperServer scraper, List<String> urls) {
        return given().accept("application/json").contentType("text/plain").body(String.join("\n", urls))
                .when().post(scraper.url() + "/")
                .then().statusCode(200).extract().jsonPath().getList("status");
    }

    @Test
    void aServerThatNeverAnswersIsAskedOnlyTwice() throws Exception {
        try (DroppingServer server = new DroppingServer(0, 0)) {
            FeedFetcher fetcher = fetcher();
            FeedFailure failure = assertThrows(FeedFailure.class, () -> fetcher.fetch(URI.create(server.url()), null, fetcher.deadline(System.nanoTime()), new HostLimiter(8)));
            assertEquals(FeedStatus.FETCH_FAILED, failure.status());
            assertEquals(2, server.connections.get());
        }
    }
}
