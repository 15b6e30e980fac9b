package io.greenhouse.feedscraper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The bounds on outgoing fetches, seen from a feed server that holds every response until the
 * test lets one go, and counts what is in flight.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PoolBoundsTest {

    private final Semaphore gate = new Semaphore(0);
    private FeedServer feeds;
    private ScraperServer scraper;

    @AfterEach
    void stop() {
        gate.release(10_000);
        if (scraper != null) {
            scraper.close();
        }
        feeds.close();
    }

    private List<String> heldFeeds(String prefix, int count) {
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String path = "/" + prefix + i;
            feeds.heldRss(path, prefix + " " + i, gate);
            urls.add(feeds.url(path));
        }
        return urls;
    }

    /** Lets held responses go one at a time, each time once the server is as busy as it can get. */
    private void releaseOneByOne(int total, int busiest) throws InterruptedException {
        for (int remaining = total; remaining > 0; remaining--) {
            feeds.awaitInFlight(Math.min(busiest, remaining));
            gate.release();
        }
    }

    @Test
    void thePoolBoundsAllFetchesAcrossSimultaneousClients() throws Exception {
        int poolSize = 4;
        feeds = FeedServer.start();
        scraper = ScraperServer.start("feedscraper.pool-size", Integer.toString(poolSize));
        List<CompletableFuture<String>> clients = new ArrayList<>();
        for (int c = 0; c < 3; c++) {
            List<String> urls = heldFeeds("client" + c + "-", 8);
            clients.add(Scrapes.postAsync(scraper, urls));
        }
        releaseOneByOne(24, poolSize);
        for (int c = 0; c < clients.size(); c++) {
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                expected.add("client" + c + "- " + i);
            }
            assertEquals(expected, clients.get(c).get().lines().toList(), "titles in order");
        }
        assertEquals(poolSize, feeds.maxInFlight(), "fetches in flight at the busiest moment");
    }

    @Test
    void oneRequestHoldsAtMostItsFairShareAndOthersStillGetTheirTurn() throws Exception {
        feeds = FeedServer.start();
        scraper = ScraperServer.start("feedscraper.pool-size", "10", "feedscraper.max-fetches-per-request", "3");
        List<String> greedy = heldFeeds("greedy", 30);
        CompletableFuture<String> big = Scrapes.postAsync(scraper, greedy);
        feeds.awaitInFlight(3);
        // The greedy request is at its share; a second client's feed must still be fetched now.
        // It goes through "localhost", so the feed server can tell its fetches from the greedy ones.
        feeds.rss("/polite", "Polite", 1);
        assertEquals("Polite\n", Scrapes.postAsync(scraper, List.of(feeds.localhostUrl("/polite"))).get());
        assertEquals(3, feeds.maxInFlight("127.0.0.1"), "the greedy request held more than its share");
        releaseOneByOne(30, 3);
        assertEquals(30, big.get().lines().filter(line -> line.startsWith("greedy ")).count());
        assertEquals(3, feeds.maxInFlight("127.0.0.1"));
    }

    @Test
    void eachHostSeesAtMostThePerHostLimit() throws Exception {
        feeds = FeedServer.start();
        scraper = ScraperServer.start("feedscraper.pool-size", "50", "feedscraper.max-fetches-per-host", "2");
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String path = "/h" + i;
            feeds.heldRss(path, "H " + i, gate);
            urls.add(feeds.url(path));
            urls.add(feeds.localhostUrl(path));
        }
        CompletableFuture<String> response = Scrapes.postAsync(scraper, urls);
        releaseOneByOne(12, 4);
        assertEquals(12, response.get().lines().count());
        assertEquals(2, feeds.maxInFlight("127.0.0.1"));
        assertEquals(2, feeds.maxInFlight("localhost"));
        assertTrue(feeds.maxInFlight() <= 4);
    }

    @Test
    void aRedirectedFetchTakesItsTurnAtTheHostItIsRedirectedTo() throws Exception {
        feeds = FeedServer.start();
        scraper = ScraperServer.start("feedscraper.max-fetches-per-host", "1");
        List<String> urls = new ArrayList<>();
        String[] hosts = {"localhost", "127.1", "127.0.1"};  // three names, each redirecting to 127.0.0.1
        for (int i = 0; i < hosts.length; i++) {
            String target = feeds.url("/held" + i);
            feeds.heldRss("/held" + i, "H " + i, gate);
            feeds.route("/r" + i, exchange -> {
                exchange.getResponseHeaders().set("Location", target);
                exchange.sendResponseHeaders(302, -1);
            });
            urls.add("http://" + hosts[i] + ":" + feeds.port() + "/r" + i);
        }
        CompletableFuture<String> response = Scrapes.postAsync(scraper, urls);
        for (int i = 0; i < hosts.length; i++) {
            feeds.awaitHits("/r" + i, 1);
        }
        releaseOneByOne(3, 1);
        assertEquals("H 0\nH 1\nH 2\n", response.get());
        assertEquals(1, feeds.maxInFlight("127.0.0.1"), "redirects took more than the host's one turn");
    }
}
