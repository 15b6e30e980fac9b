package io.greenhouse.feedscraper;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Recent results by URL, so that many clients asking for the same feeds do not multiply the
 * requests we make. A result is fresh for the TTL; a fetch in progress is shared with everyone
 * who asks for the same URL meanwhile. After the TTL, the ETag and Last-Modified of the last good
 * version are kept (four times the TTL, at least an hour) to ask the feed server only for a newer one.
 */
final class FeedCache {

    /** Results fresh or in the making. Failures leave once their waiters have them. */
    private final Cache<String, CompletableFuture<FeedResult>> fresh;
    /** Validators of good results, kept well past the TTL, for conditional refetches. */
    private final Cache<String, Validators> validators;

    FeedCache(Duration ttl, long maxEntries) {
        this.fresh = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(maxEntries).build();
        Duration keep = ttl.multipliedBy(4).compareTo(Duration.ofHours(1)) > 0 ? ttl.multipliedBy(4) : Duration.ofHours(1);
        this.validators = Caffeine.newBuilder().expireAfterWrite(keep).maximumSize(maxEntries).build();
    }

    /**
     * Either joins a result that is fresh or being made for {@code url}, or claims the job of
     * making it: then {@link Claim#owner()} is true and the caller must {@link #complete} it.
     */
    Claim claim(String url) {
        CompletableFuture<FeedResult> mine = new CompletableFuture<>();
        CompletableFuture<FeedResult> existing = fresh.asMap().putIfAbsent(url, mine);
        return existing == null ? new Claim(mine, true) : new Claim(existing, false);
    }

    /** The validators of the last good version of {@code url}; null when none is known. */
    Validators validators(String url) {
        return validators.getIfPresent(url);
    }

    /** Publishes the outcome of a claimed fetch to its waiters, and keeps it when it is good. */
    void complete(String url, Claim claim, FeedResult result, FetchedFeed fetched) {
        claim.result().complete(result);
        if (result.status() != FeedStatus.OK) {
            fresh.asMap().remove(url, claim.result());
            return;
        }
        if (fetched != null && (fetched.etag() != null || fetched.lastModified() != null)) {
            validators.put(url, new Validators(fetched.etag(), fetched.lastModified(), result));
        }
    }

    /** Drops a claim whose owner overran its deadline, so that the next request for {@code url} claims it anew. */
    void forget(String url, Claim claim) {
        fresh.asMap().remove(url, claim.result());
    }

    /**
     * A result to wait for.
     *
     * @param result completes with the outcome
     * @param owner whether this caller is the one who must fetch it
     */
    record Claim(CompletableFuture<FeedResult> result, boolean owner) {
    }
}
