package io.greenhouse.feedscraper;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Gets one URL's result: checked, served from the cache when fresh, otherwise fetched under its
 * host's limit and parsed, all within the feed's deadline, which starts with it (once it has its
 * pool slot), so that the wait for its host's turn counts too. Never throws for a bad feed;
 * every failure is a result.
 */
final class FeedScraper {

    /** How long past its own deadline a feed waits for another request's fetch of it. */
    private static final Duration AWAIT_MARGIN = Duration.ofSeconds(1);

    private final FeedFetcher fetcher;
    private final HostLimiter hosts;
    private final FeedCache cache;
    /**
     * Parsing is CPU work: more parses at once than cores would not finish sooner, only hold more
     * documents (and the trees ROME builds of them) in memory at once.
     */
    private final Semaphore parsing = new Semaphore(Math.max(2, Runtime.getRuntime().availableProcessors()));

    FeedScraper(FeedFetcher fetcher, HostLimiter hosts, FeedCache cache) {
        this.fetcher = fetcher;
        this.hosts = hosts;
        this.cache = cache;
        TitleParser.warmUp();  // a parse is held to its feed's deadline; class loading should not be
    }

    /**
     * The result for one line of a request.
     *
     * @throws InterruptedException when the request is cancelled meanwhile
     */
    FeedResult scrape(String line) throws InterruptedException {
        long start = System.nanoTime();
        URI uri;
        try {
            uri = FeedUrls.parse(line);
        } catch (FeedFailure failure) {
            return FeedResult.failed(line, failure, millisSince(start));
        }
        String key = FeedUrls.cacheKey(uri);
        long deadline = fetcher.deadline(start);
        while (true) {
            FeedCache.Claim claim = cache.claim(key);
            FeedResult result = claim.owner() ? fetchAndParse(uri, key, claim, deadline) : await(key, claim, deadline);
            // Another request's fetch was cancelled when its client left: ours is still wanted.
            if (result.status() != FeedStatus.CANCELLED) {
                return result.forUrl(line, millisSince(start));
            }
        }
    }

    /**
     * Fetches and parses the feed, and publishes the result to whoever waits for it: always,
     * whatever is thrown, since they wait on nothing else.
     */
    private FeedResult fetchAndParse(URI uri, String key, FeedCache.Claim claim, long deadline) throws InterruptedException {
        FetchedFeed fetched = null;
        FeedResult result = null;
        try {
            Validators known = cache.validators(key);
            fetched = fetcher.fetch(uri, known, deadline, hosts);  // each hop under its host's limit
            result = fetched.notModified() ? known.result() : parsed(key, fetched);
        } catch (FeedFailure failure) {
            result = FeedResult.failed(key, failure, 0);
        } catch (InterruptedException e) {
            result = cancelled(key);
            throw e;
        } catch (RuntimeException | Error e) {
            if (isFatal(e)) {
                throw e;
            }
            // A library bug (a regex's StackOverflowError among them) must cost one line, not the whole response.
            result = internalError(key, e);
        } finally {
            if (fetched != null) {
                fetched.close();  // the body is parsed: its bytes go back to the budget
            }
            cache.complete(key, claim, result != null ? result : internalError(key, null), fetched);
        }
        return result;
    }

    /**
     * An Error after which the JVM itself is in doubt (out of memory, an internal error): it is
     * not turned into one line's result. A StackOverflowError is not one of them: the stack it
     * overflowed is unwound by the time it is caught.
     */
    static boolean isFatal(Throwable e) {
        return e instanceof VirtualMachineError && !(e instanceof StackOverflowError);
    }

    static FeedResult internalError(String url, Throwable e) {
        String what = e == null ? "the fetch ended abnormally" : e.getClass().getSimpleName();
        return FeedResult.failed(url, new FeedFailure(FeedStatus.FETCH_FAILED, "internal error: " + what), 0);
    }

    private FeedResult parsed(String key, FetchedFeed fetched) throws InterruptedException {
        try {
            ParsedFeed feed = parse(fetched);
            if (fetched.cutOff() && feed.title().isEmpty()) {
                throw cutOff(fetched, "hold no title");
            }
            return new FeedResult(key, feed.title(), FeedStatus.OK, null, fetched.httpStatus(), 0, feed.entries());
        } catch (FeedFailure failure) {
            if (fetched.cutOff() && failure.status() == FeedStatus.NOT_A_FEED) {
                failure = cutOff(fetched, "are not a feed that can be read");
            }
            return FeedResult.failed(key, new FeedFailure(failure.status(), failure.getMessage(), fetched.httpStatus()), 0);
        }
    }

    /** The feed parsed in one of the parse slots, the wait for it included, within the feed's deadline. */
    private ParsedFeed parse(FetchedFeed fetched) throws FeedFailure, InterruptedException {
        ParseDeadline deadline = ParseDeadline.at(fetched.deadline());
        if (!parsing.tryAcquire(deadline.remainingNanos(), TimeUnit.NANOSECONDS)) {
            throw deadline.timeout();
        }
        try {
            return TitleParser.parse(fetched.body(), fetched.contentType(), deadline);
        } finally {
            parsing.release();
        }
    }

    /** A feed larger than feedscraper.max-feed-bytes, whose first part gave no title. */
    private static FeedFailure cutOff(FetchedFeed fetched, String why) {
        int read = fetched.body().length;
        return new FeedFailure(FeedStatus.TOO_LARGE, "feed is larger than " + read + " bytes, and its first " + read + " " + why);
    }

    /**
     * Another request's result for the same URL. Its fetch ends by its deadline, which is before
     * ours: we wait till ours and a margin (for the parse's last check and publishing it), so
     * that no fault of that fetch's can hold this one, its pool slot and its share, for longer.
     */
    private FeedResult await(String key, FeedCache.Claim claim, long deadline) throws InterruptedException {
        try {
            return claim.result().get(deadline + AWAIT_MARGIN.toNanos() - System.nanoTime(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            cache.forget(key, claim);  // the next request fetches it anew
            return FeedResult.failed(key, new FeedFailure(FeedStatus.TIMEOUT,
                    "another request's fetch of this feed did not end within the feed timeout"), 0);
        } catch (ExecutionException e) {
            return internalError(key, e.getCause());
        }
    }

    static FeedResult cancelled(String url) {
        return FeedResult.failed(url, new FeedFailure(FeedStatus.CANCELLED, "the request was cancelled"), 0);
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
