package io.greenhouse.feedscraper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Each hop of a redirected fetch takes its turn at its own host: the per-host limit holds for redirects too. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class RedirectHostTurnsTest {

    @Test
    void aRedirectToAHostWithNoTurnFreeWaitsForOneWithinTheFeedDeadline() throws Exception {
        ScraperSettings settings = ScraperSettings.from(Map.of("feedscraper.feed-timeout", "300ms"));
        HostLimiter hosts = new HostLimiter(1);
        try (FeedServer feeds = FeedServer.start().rss("/feed", "Target", 1);
             FeedFetcher fetcher = new FeedFetcher(settings, new AddressGuard(true));
             HostLimiter.Turn busy = hosts.take("127.0.0.1", System.nanoTime() + TimeUnit.HOURS.toNanos(1))) {
            feeds.route("/moved", exchange -> {
                exchange.getResponseHeaders().set("Location", feeds.url("/feed"));
                exchange.sendResponseHeaders(302, -1);
            });

            FeedFailure failure = assertThrows(FeedFailure.class,
                    () -> fetcher.fetch(URI.create(feeds.localhostUrl("/moved")), null, fetcher.deadline(System.nanoTime()), hosts));

            assertEquals(FeedStatus.TIMEOUT, failure.status());
            assertEquals(1, feeds.hits("/moved"));
            assertEquals(0, feeds.hits("/feed"), "the redirect went to 127.0.0.1 while its one turn was taken");
            try (HostLimiter.Turn first = hosts.take("localhost", System.nanoTime())) {
                // the first host's turn was let go when the fetch moved on
            }
        }
    }
}
