package io.greenhouse.feedscraper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Results stream: each line goes out as soon as it and all before it are ready. The feed server
 * holds the slow feed until the test has seen the lines before it, so a response that waited for
 * every feed would never get there (the timeout only turns that hang into a failure).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StreamingTest {

    private final Semaphore slowGate = new Semaphore(0);
    private FeedServer feeds;
    private ScraperServer scraper;

    @BeforeEach
    void start() {
        feeds = FeedServer.start()
                .rss("/fast1", "Fast one", 1)
                .rss("/fast2", "Fast two", 1)
                .heldRss("/slow", "Slow", slowGate)
                .rss("/after", "After", 1);
        scraper = ScraperServer.start();
    }

    @AfterEach
    void stop() {
        slowGate.release(100);
        scraper.close();
        feeds.close();
    }

    @Test
    void linesBeforeASlowFeedArriveWhileItIsStillLoading() {
        Iterator<String> lines = Scrapes.streamLines(scraper,
                List.of(feeds.url("/fast1"), feeds.url("/fast2"), feeds.url("/slow"), feeds.url("/after")));
        assertEquals("Fast one", lines.next());
        assertEquals("Fast two", lines.next());
        assertEquals(0, slowGate.availablePermits(), "the slow feed is still held");
        slowGate.release();
        assertEquals("Slow", lines.next());
        assertEquals("After", lines.next());
        assertFalse(lines.hasNext());
    }

    @Test
    void jsonElementsStreamTooOnePerLine() {
        Iterator<String> lines = Scrapes.streamLines(scraper, List.of(feeds.url("/fast1"), feeds.url("/slow")), "application/json");
        assertEquals("[", lines.next());
        String first = lines.next();
        assertTrue(first.contains("\"title\":\"Fast one\"") && first.endsWith("},"), first);
        assertEquals(0, slowGate.availablePermits(), "the slow feed is still held");
        slowGate.release();
        String second = lines.next();
        assertTrue(second.startsWith("{\"url\":\"" + feeds.url("/slow") + "\",\"title\":\"Slow\"") && second.endsWith("}"), second);
        assertEquals("]", lines.next());
        assertFalse(lines.hasNext());
    }

    @Test
    void aFeedThatFinishedEarlyWaitsForItsTurn() throws Exception {
        // The response head goes out with the first line, so read it in the background.
        CompletableFuture<String> body = Scrapes.postAsync(scraper, List.of(feeds.url("/slow"), feeds.url("/after")));
        feeds.awaitHits("/after", 1);
        slowGate.release();
        assertEquals("Slow\nAfter\n", body.get());
    }
}
