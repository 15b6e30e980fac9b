package io.greenhouse.feedscraper;

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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A kept-alive connection that the server closed while it sat in the pool gives no answer to
 * the next request sent on it; that request is sent once more, and only once.
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

    private static boolean readHead(InputStream in) throws IOException {
        int matched = 0;
        for (int b; (b = in.read()) != -1; ) {
            matched = (b == '\r' || b == '\n') ? matched + 1 : 0;
            if (matched == 4) {
                return true;
            }
        }
        return false;
    }

    private static FeedFetcher fetcher() {
        return new FeedFetcher(ScraperSettings.from(Map.of()), new AddressGuard(true));
    }

    @Test
    void aRequestOnAConnectionTheServerDroppedIsSentAgainOnANewOne() throws Exception {
        try (DroppingServer server = new DroppingServer(1, 1)) {
            FeedFetcher fetcher = fetcher();
            assertEquals(200, fetcher.fetch(URI.create(server.url()), null).httpStatus());
            FetchedFeed second = fetcher.fetch(URI.create(server.url()), null);
            assertEquals("Fresh", TitleParser.parse(second.body(), second.contentType()).title());
            assertEquals(2, server.connections.get());
        }
    }

    @Test
    void aServerThatNeverAnswersIsAskedOnlyTwice() throws Exception {
        try (DroppingServer server = new DroppingServer(0, 0)) {
            FeedFailure failure = assertThrows(FeedFailure.class, () -> fetcher().fetch(URI.create(server.url()), null));
            assertEquals(FeedStatus.FETCH_FAILED, failure.status());
            assertEquals(2, server.connections.get());
        }
    }
}
