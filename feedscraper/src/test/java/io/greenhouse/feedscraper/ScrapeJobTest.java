package io.greenhouse.feedscraper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.greenhouse.green.GreenPool;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A request's job on the shared pool: closing it (the client went away) gives its pool slots
 * back at once, though its feeds never answer.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ScrapeJobTest {

    private static FeedScraper scraper(ScraperSettings settings) {
        FeedFetcher fetcher = new FeedFetcher(settings, new AddressGuard(true));
        return new FeedScraper(fetcher, new HostLimiter(settings.maxFetchesPerHost()),
                new FeedCache(settings.cacheTtl(), settings.cacheMaxEntries()));
    }

    @Test
    void closingAJobFreesItsPoolSlotsForOthers() throws Exception {
        Semaphore never = new Semaphore(0);
        try (FeedServer feeds = FeedServer.start().heldRss("/held", "Held", never).rss("/fast", "Fast", 1)) {
            ScraperSettings settings = ScraperSettings.from(Map.of());
            FeedScraper scraper = scraper(settings);
            GreenPool pool = new GreenPool(1);

            ScrapeJob abandoned = new ScrapeJob(List.of(feeds.url("/held"), feeds.url("/fast")), pool, scraper, 1).start();
            feeds.awaitHits("/held", 1);
            abandoned.close();

            // With one slot, this waits forever unless the abandoned fetch let go of it.
            ScrapeJob next = new ScrapeJob(List.of(feeds.url("/fast")), pool, scraper, 1).start();
            assertEquals("Fast", next.next().title());
            assertFalse(next.hasNext());
            assertEquals(0, feeds.hits("/fast") - 1, "the abandoned job's second URL was fetched too");
        } finally {
            never.release(10);
        }
    }

    @Test
    void resultsComeOutInInputOrderWhateverOrderTheyFinish() throws Exception {
        Semaphore gate = new Semaphore(0);
        try (FeedServer feeds = FeedServer.start().heldRss("/first", "First", gate).rss("/second", "Second", 2)) {
            ScrapeJob job = new ScrapeJob(List.of(feeds.url("/first"), feeds.url("/second")), new GreenPool(4),
                    scraper(ScraperSettings.from(Map.of())), 4).start();
            feeds.awaitHits("/second", 1);
            gate.release();
            assertEquals("First", job.next().title());
            FeedResult second = job.next();
            assertEquals("Second", second.title());
            assertEquals(2, second.entries());
            assertFalse(job.hasNext());
        }
    }
}
