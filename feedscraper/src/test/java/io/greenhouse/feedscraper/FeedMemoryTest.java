package io.greenhouse.feedscraper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.greenhouse.green.GreenPool;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Feed bodies in memory stay within feedscraper.max-bytes-in-flight, seen through real fetches
 * from a local feed server: every fetch gives its bytes back, and fetches that outgrow the room
 * left wait for it or, when waiting could not help, end as busy while the others complete.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FeedMemoryTest {

    private static final int MAX_FEED_BYTES = 30_000;
    /** Five first buffers of 16 KiB (81,920 bytes) fit, with less left over than one feed needs to grow. */
    private static final int FEEDS_AT_ONCE = 5;
    private static final int MAX_BYTES_IN_FLIGHT = 90_000;
    private static final int FIRST_PART = 10_000;
    private static final ScraperSettings SETTINGS = ScraperSettings.from(Map.of(
            "feedscraper.max-feed-bytes", Integer.toString(MAX_FEED_BYTES),
            "feedscraper.max-bytes-in-flight", Integer.toString(MAX_BYTES_IN_FLIGHT),
            "feedscraper.feed-timeout", "30s"));

    private final FeedFetcher fetcher = new FeedFetcher(SETTINGS, new AddressGuard(true));
    private final FeedScraper scraper = new FeedScraper(fetcher, new HostLimiter(SETTINGS.maxFetchesPerHost()),
            new FeedCache(SETTINGS.cacheTtl(), SETTINGS.cacheMaxEntries()));
    private final BodyBudget budget = fetcher.bodies();

    /** A feed of about 22 kB sent in two parts, the second once {@code gate} gives a permit. */
    private static FeedServer.Responder inTwoParts(String title, Semaphore gate) {
        byte[] body = FeedServer.rssDocument(title, 330).getBytes(StandardCharsets.UTF_8);
        assertTrue(FIRST_PART < BodyReader.FIRST_PIECE && body.length > BodyReader.FIRST_PIECE && body.length < MAX_FEED_BYTES,
                "size " + body.length);
        return exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/rss+xml");
            exchange.sendResponseHeaders(200, 0);  // chunked: the length is not known ahead
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body, 0, FIRST_PART);
                out.flush();
                gate.acquire();
                out.write(body, FIRST_PART, body.length - FIRST_PART);
            }
        };
    }

    private void awaitHeld(long bytes) {
        while (budget.held() != bytes) {
            Thread.yield();
        }
    }

    private void awaitWaiters(int count) {
        while (budget.waiters() != count) {
            Thread.yield();
        }
    }

    @Test
    void everyFetchGivesItsBytesBackWhateverBecameOfIt() throws Exception {
        try (FeedServer feeds = FeedServer.start()
                .rss("/ok", "Fine", 3)
                .rss("/big", "Big", 1000)
                .route("/gone", e -> FeedServer.send(e, 404, "text/plain", "gone".getBytes(StandardCharsets.UTF_8)))
                .route("/html", e -> FeedServer.send(e, 200, "text/html", "<html><body>no</body></html>".getBytes(StandardCharsets.UTF_8)))) {
            List<String> urls = List.of(feeds.url("/ok"), feeds.url("/big"), feeds.url("/gone"), feeds.url("/html"));
            ScrapeJob job = new ScrapeJob(urls, new GreenPool(4), scraper, 4).start();
            List<String> statuses = new ArrayList<>();
            while (job.hasNext()) {
                statuses.add(job.next().status().label());
            }
            assertEquals(List.of("ok", "ok", "http_error", "not_a_feed"), statuses);  // /big: its title, from its first part
            assertEquals(0, budget.held());
        }
    }

    @Test
    void aFetchThatCannotGrowWhileOnlyWaitersHoldTheRestIsBusyAndTheOthersComplete() throws Exception {
        int feedsAtOnce = FEEDS_AT_ONCE;
        Semaphore[] gates = new Semaphore[feedsAtOnce];
        FeedServer feeds = FeedServer.start();
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < feedsAtOnce; i++) {
            gates[i] = new Semaphore(0);
            feeds.route("/part/" + i, inTwoParts("Feed " + i, gates[i]));
            urls.add(feeds.url("/part/" + i));
        }
        try (feeds) {
            ScrapeJob job = new ScrapeJob(urls, new GreenPool(feedsAtOnce), scraper, feedsAtOnce).start();
            // each has its first part in a first 16 KiB buffer: 81,920 of the 90,000 bytes
            awaitHeld((long) feedsAtOnce * BodyReader.FIRST_PIECE);
            // as each second part arrives, that fetch needs 13,616 more to grow to 30,000: the
            // first four wait, each while another fetch, not waiting, might still give some back ...
            for (int i = 0; i < feedsAtOnce - 1; i++) {
                gates[i].release();
                awaitWaiters(i + 1);
            }
            // ... the last finds that every other byte is held by a waiter, and ends as busy
            gates[feedsAtOnce - 1].release();
            List<String> statuses = new ArrayList<>();
            while (job.hasNext()) {
                statuses.add(job.next().status().label());
            }
            assertEquals(List.of("ok", "ok", "ok", "ok", "busy"), statuses);
            assertEquals(0, budget.held());
        }
    }
}
