package io.greenhouse.feedscraper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Recent results are reused, and refetches ask only for a newer version. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CacheTest {

    private FeedServer feeds;
    private ScraperServer scraper;

    @AfterEach
    void stop() {
        scraper.close();
        feeds.close();
    }

    @Test
    void clientsAskingForTheSameFeedsCauseOneFetch() throws Exception {
        Semaphore gate = new Semaphore(0);
        feeds = FeedServer.start().rss("/popular", "Popular", 2).heldRss("/shared", "Shared", gate);
        scraper = ScraperServer.start();
        assertEquals("Popular\n", Scrapes.postAsync(scraper, List.of(feeds.url("/popular"))).get());
        assertEquals("Popular\n", Scrapes.postAsync(scraper, List.of(feeds.url("/popular"))).get());
        assertEquals(1, feeds.hits("/popular"));

        CompletableFuture<String> first = Scrapes.postAsync(scraper, List.of(feeds.url("/shared")));
        feeds.awaitHits("/shared", 1);
        CompletableFuture<String> second = Scrapes.postAsync(scraper, List.of(feeds.url("/shared")));
        gate.release();
        assertEquals("Shared\n", first.get());
        assertEquals("Shared\n", second.get());
        assertEquals(1, feeds.hits("/shared"), "the second client's request was not served from the first's fetch");
    }

    @Test
    void oneFeedWrittenSeveralWaysIsFetchedOnceAndReportedAsWritten() throws Exception {
        feeds = FeedServer.start().rss("/counted", "Counted", 1);
        scraper = ScraperServer.start();
        List<String> urls = List.of(feeds.url("/counted"), feeds.url("/counted#a"),
                "HTTP://127.0.0.1:" + feeds.port() + "/counted", feeds.url("/counted").replace("http:", "hTTp:"));
        for (String url : urls) {
            Iterator<String> lines = Scrapes.streamLines(scraper, List.of(url), "application/json");
            assertEquals("[", lines.next());
            String line = lines.next();
            assertTrue(line.contains("\"url\":\"" + url + "\""), line);
            assertTrue(line.contains("\"title\":\"Counted\""), line);
        }
        assertEquals(1, feeds.hits("/counted"));
    }

    @Test
    void failuresAreNotKept() throws Exception {
        feeds = FeedServer.start();
        scraper = ScraperServer.start();
        assertEquals("\n", Scrapes.postAsync(scraper, List.of(feeds.url("/later"))).get());
        feeds.rss("/later", "Later", 1);
        assertEquals("Later\n", Scrapes.postAsync(scraper, List.of(feeds.url("/later"))).get());
    }

    @Test
    void anExpiredFeedIsRevalidatedWithItsEtag() throws Exception {
        AtomicInteger notModified = new AtomicInteger();
        byte[] body = FeedServer.rssDocument("Tagged", 5).getBytes(StandardCharsets.UTF_8);
        feeds = FeedServer.start().route("/tagged", exchange -> {
            if ("\"v1\"".equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                notModified.incrementAndGet();
                exchange.sendResponseHeaders(304, -1);
                return;
            }
            exchange.getResponseHeaders().set("ETag", "\"v1\"");
            FeedServer.send(exchange, 200, "application/rss+xml", body);
        });
        scraper = ScraperServer.start("feedscraper.cache-ttl", "0ms");
        for (int i = 0; i < 3; i++) {
            assertEquals("Tagged\n", Scrapes.postAsync(scraper, List.of(feeds.url("/tagged"))).get());
        }
        assertEquals(3, feeds.hits("/tagged"), "with no TTL, every request asks the feed server");
        assertEquals(2, notModified.get(), "refetches were not conditional");
    }

    // RFC 9110 §15.4.5: a 304 carries the fields a 200 would have, Content-Encoding among them.
    @Test
    void aGzippedFeedIsRevalidatedThoughItsNotModifiedSaysGzipToo() throws Exception {
        AtomicInteger notModified = new AtomicInteger();
        byte[] body = FeedServer.gzip(FeedServer.rssDocument("Zipped and tagged", 1).getBytes(StandardCharsets.UTF_8));
        feeds = FeedServer.start().route("/tagged.gz", exchange -> {
            exchange.getResponseHeaders().set("ETag", "\"v1\"");
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
            if ("\"v1\"".equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                notModified.incrementAndGet();
                exchange.sendResponseHeaders(304, -1);
                return;
            }
            FeedServer.send(exchange, 200, "application/rss+xml", body);
        });
        scraper = ScraperServer.start("feedscraper.cache-ttl", "0ms");
        for (int i = 0; i < 2; i++) {
            assertEquals("Zipped and tagged\n", Scrapes.postAsync(scraper, List.of(feeds.url("/tagged.gz"))).get());
        }
        assertEquals(1, notModified.get());
    }

}
