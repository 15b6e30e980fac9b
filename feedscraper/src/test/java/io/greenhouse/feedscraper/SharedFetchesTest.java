package io.greenhouse.feedscraper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Requests for a URL whose fetch is under way wait for that fetch's result: they always get one,
 * whatever the fetch throws, and never wait much past the feed timeout.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class SharedFetchesTest {

    @Test
    void aFetchThatThrowsAnErrorStillAnswersThoseWaitingForIt() throws Exception {
        Semaphore looking = new Semaphore(0);
        Semaphore fail = new Semaphore(0);
        AddressGuard.Lookup dns = host -> {
            looking.release();
            fail.acquireUninterruptibly();
            throw new StackOverflowError();  // as a regex that recursed too deep threw
        };
        ScraperSettings settings = ScraperSettings.from(Map.of());
        try (FeedServer feeds = FeedServer.start().rss("/feed", "Shared", 1);
             FeedFetcher fetcher = new FeedFetcher(settings, new AddressGuard(dns, (host, address) -> false))) {
            FeedCache cache = new FeedCache(settings.cacheTtl(), settings.cacheMaxEntries());
            FeedScraper scraper = new FeedScraper(fetcher, new HostLimiter(8), cache);
            String url = "http://feeds.example.test:" + feeds.port() + "/feed";

            CompletableFuture<FeedResult> owner = scrapeInBackground(scraper, url).future();
            looking.acquire();
            Background waiter = scrapeInBackground(scraper, url);
            while (!waiter.thread().getState().toString().endsWith("WAITING")) {
                Thread.onSpinWait();  // it waits for the owner's result
            }
            fail.release();

            assertEquals(FeedStatus.FETCH_FAILED, owner.get().status());
            assertEquals("internal error: StackOverflowError", owner.get().error());
            assertEquals(FeedStatus.FETCH_FAILED, waiter.future().get().status(), () -> waiter.future().join().error());
            assertTrue(cache.claim(FeedUrls.cacheKey(URI.create(url))).owner(), "a failure is not kept: the next request fetches anew");
        }
    }

    @Test
    void aWaitForAnotherRequestsFetchEndsSoonAfterTheFeedTimeout() throws Exception {
        ScraperSettings settings = ScraperSettings.from(Map.of("feedscraper.feed-timeout", "200ms"));
        FeedCache cache = new FeedCache(settings.cacheTtl(), settings.cacheMaxEntries());
        try (FeedServer feeds = FeedServer.start().rss("/feed", "Stuck", 1);
             FeedFetcher fetcher = new FeedFetcher(settings, new AddressGuard(true))) {
            FeedScraper scraper = new FeedScraper(fetcher, new HostLimiter(8), cache);
            cache.claim(FeedUrls.cacheKey(URI.create(feeds.url("/feed"))));  // an owner that never completes it

            FeedResult waited = scraper.scrape(feeds.url("/feed"));

            assertEquals(FeedStatus.TIMEOUT, waited.status());
            assertEquals("another request's fetch of this feed did not end within the feed timeout", waited.error());
            assertEquals("Stuck", scraper.scrape(feeds.url("/feed")).title(), "the overdue claim is dropped: the next request fetches");
            assertEquals(1, feeds.hits("/feed"));
        }
    }

    private record Background(Thread thread, CompletableFuture<FeedResult> future) {
    }

    private static Background scrapeInBackground(FeedScraper scraper, String url) {
        CompletableFuture<FeedResult> future = new CompletableFuture<>();
        Thread thread = Thread.ofVirtual().start(() -> {
            try {
                future.complete(scraper.scrape(url));
            } catch (Throwable e) {
                future.completeExceptionally(e);
            }
        });
        return new Background(thread, future);
    }
}
