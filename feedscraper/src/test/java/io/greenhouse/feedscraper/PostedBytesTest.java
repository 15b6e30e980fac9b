package io.greenhouse.feedscraper;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.greenhouse.server.RawClient;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * feedscraper.max-posted-bytes-in-flight: the URL lists of the scrapes in progress share one
 * budget, each held until its response ends, so that many clients posting at once cannot fill
 * the heap with lists; a request that finds no room gets 503 at once.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PostedBytesTest {

    /** {@code url}, then blank lines up to {@code size} bytes: blank lines are ignored, but posted. */
    private static String listOf(String url, int size) {
        return url + "\n".repeat(size - url.length());
    }

    @Test
    void aListThatFindsNoRoomIs503UntilTheScrapeHoldingItEnds() throws Exception {
        Semaphore gate = new Semaphore(0);
        try (FeedServer feeds = FeedServer.start().heldRss("/held", "Held", gate).rss("/fast", "Fast", 1);
             ScraperServer scraper = ScraperServer.start(
                     "feedscraper.max-body-bytes", "1000", "feedscraper.max-posted-bytes-in-flight", "1000");
             RawClient first = RawClient.connect(scraper.port())) {
            String held = listOf(feeds.url("/held"), 600);
            first.send("POST / HTTP/1.1\r\nHost: h\r\nContent-Type: text/plain\r\nContent-Length: " + held.length()
                    + "\r\n\r\n" + held);
            feeds.awaitHits("/held", 1);  // its scrape runs, holding its 600 posted bytes

            given().contentType("text/plain").body(listOf(feeds.url("/fast"), 600))
                    .when().post(scraper.url() + "/")
                    .then().statusCode(503).header("Retry-After", "5")
                    .body(equalTo("the scraper is busy: too many URL lists in progress at once; try again later\n"));
            given().contentType("text/plain").body(listOf(feeds.url("/fast"), 400))
                    .when().post(scraper.url() + "/")
                    .then().statusCode(200).body(equalTo("Fast\n"));

            gate.release();
            assertEquals("Held\n", first.read().bodyText());
            BodyBudget posted = scraper.app().postedBytes();
            while (posted.held() != 0) {
                Thread.yield();  // the server closes the finished response just after its last byte
            }
            given().contentType("text/plain").body(listOf(feeds.url("/fast"), 600))
                    .when().post(scraper.url() + "/")
                    .then().statusCode(200).body(equalTo("Fast\n"));
        }
    }
}
