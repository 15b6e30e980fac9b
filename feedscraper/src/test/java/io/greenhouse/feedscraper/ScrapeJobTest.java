package io.greenhouse.feedscraper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.greenhouse.green.GreenPool;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A request's job on the shared pool: closing it (the client went away) gives its pool slots
 * back at once, though its feeds never answer; so does a fetch that waits for its host's turn
 * past its deadline.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ScrapeJobTest {

    private static FeedScraper scraper(ScraperSettings settings) {
        return scraper(settings, new HostLimiter(settings.maxFetchesPerHost()));
    }

    private static FeedScraper scraper(ScraperSettings settings, HostLimiter hosts) {
        FeedFetcher fetcher = new FeedFetcher(settings, new AddressGuard(true));
        return new FeedScraper(fetcher, hosts, new FeedCache(settings.cacheTtl(), settings.cacheMaxEntries()));
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

    // The feed timeout bounds a feed from when it has its pool slot, so that a list's time is
    // bounded too: 100 URLs of one host, 8 fetches at a time, must not make the last one wait 12 turns.
    @Test
    void aFetchStillWaitingForItsHostsTurnAtItsDeadlineTimesOutAndFreesItsSlot() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch testDone = new CountDownLatch(1);
        HostLimiter hosts = new HostLimiter(1);
        ExecutorService holder = Executors.newVirtualThreadPerTaskExecutor();
        try (FeedServer feeds = FeedServer.start().rss("/waiting", "Waiting", 1).rss("/elsewhere", "Elsewhere", 1)) {
            // The host's only turn, held until the test is done: a fetch after it can only wait.
            holder.submit(() -> {
                try (HostLimiter.Turn turn = hosts.take("127.0.0.1", System.nanoTime() + TimeUnit.HOURS.toNanos(1))) {
                    holding.countDown();
                    testDone.await();
                }
                return null;
            });
            holding.await();
            FeedScraper scraper = scraper(ScraperSettings.from(Map.of("feedscraper.feed-timeout", "100ms")), hosts);

            ScrapeJob job = new ScrapeJob(List.of(feeds.url("/waiting"), feeds.localhostUrl("/elsewhere")), new GreenPool(1), scraper, 1).start();

            FeedResult waited = job.next();
            assertEquals(FeedStatus.TIMEOUT, waited.status());
            assertEquals("got no turn for host 127.0.0.1 within the feed timeout (feedscraper.max-fetches-per-host = 1, all in use)", waited.error());
            assertEquals("Elsewhere", job.next().title(), "the pool's one slot went to the next URL");
            assertEquals(0, feeds.hits("/waiting"));
        } finally {
            testDone.countDown();
            holder.close();
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

    @Test
    void anInterruptedReaderGetsEachResultOnItsOwnLineAfterwards() throws Exception {
        Semaphore gate = new Semaphore(0);
        try (FeedServer feeds = FeedServer.start().heldRss("/first", "First", gate).rss("/second", "Second", 1)) {
            ScrapeJob job = new ScrapeJob(List.of(feeds.url("/first"), feeds.url("/second")), new GreenPool(4),
                    scraper(ScraperSettings.from(Map.of())), 4).start();
            feeds.awaitHits("/second", 1);
            CompletableFuture<Throwable> interrupted = new CompletableFuture<>();
            Thread reader = Thread.ofVirtual().start(() -> {
                try {
                    job.next();  // /first is held
                    interrupted.complete(null);
                } catch (Throwable e) {
                    interrupted.complete(Thread.currentThread().isInterrupted() ? e : new AssertionError("interrupt status lost", e));
                }
            });
            while (reader.getState() != Thread.State.WAITING) {
                Thread.onSpinWait();  // the reader is parked, waiting for /first
            }
            reader.interrupt();
            assertInstanceOf(NoSuchElementException.class, interrupted.get());

            gate.release();
            FeedResult first = job.next();
            assertEquals(feeds.url("/first"), first.url());
            assertEquals("First", first.title());
            FeedResult second = job.next();
            assertEquals(feeds.url("/second"), second.url());
            assertEquals("Second", second.title());
            assertFalse(job.hasNext());
        }
    }
}
