package io.greenhouse.feedscraper;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Host names DNS has but java.net.URI refuses (an '_' in a label) are fetched, as curl and
 * browsers fetch them; what is no host name at all is refused with a reason that says so.
 */
class HostNamesTest {

    @Test
    void aHostNameWithAnUnderscoreIsFetched() throws Exception {
        List<String> looked = new CopyOnWriteArrayList<>();
        AddressGuard.Lookup dns = host -> {
            looked.add(host);
            if (!host.equals("my_host.example.test")) {
                throw new UnknownHostException(host);
            }
            return new InetAddress[] {InetAddress.getLoopbackAddress()};
        };
        ScraperSettings settings = ScraperSettings.from(Map.of());
        try (FeedServer feeds = FeedServer.start().rss("/feed", "Underscored", 2);
             FeedFetcher fetcher = new FeedFetcher(settings, new AddressGuard(dns, (host, address) -> false))) {
            FeedScraper scraper = new FeedScraper(fetcher, new HostLimiter(settings.maxFetchesPerHost()),
                    new FeedCache(settings.cacheTtl(), settings.cacheMaxEntries()));

            FeedResult result = scraper.scrape("http://my_host.example.test:" + feeds.port() + "/feed");

            assertEquals(FeedStatus.OK, result.status(), result::error);
            assertEquals("Underscored", result.title());
            assertEquals(List.of("my_host.example.test"), looked);
        }
    }

    @Test
    void aHostWithAnUnderscoreKeepsItsPortAndItsChecks() throws FeedFailure {
        assertEquals("my_host.example.com", FeedUrls.host(FeedUrls.parse("http://my_host.example.com:8080/feed")));
        assertFailure(FeedStatus.INVALID_URL, "port 99999999999 is out of range (1 to 65535)", "http://my_host.example.com:99999999999/");
        assertFailure(FeedStatus.INVALID_URL, "URLs with user info are not fetched", "http://me@my_host.example.com/");
    }

    @Test
    void whatIsNoHostNameIsRefusedWithAReason() {
        assertFailure(FeedStatus.INVALID_URL, "not a valid host name: a!b.example.com", "http://a!b.example.com/");
        assertFailure(FeedStatus.INVALID_URL, "not a valid port: x", "http://my_host.example.com:x/");
        assertFailure(FeedStatus.INVALID_URL, "URL has no host", "http:///feed");
    }

    // RFC 1035 §2.3.4, RFC 1123 §2.1: a name of at most 253 characters, a label of at most 63
    @Test
    void aHostNameLongerThanDnsAllowsIsRefused() throws FeedFailure {
        String longest = ("a".repeat(62) + "_.").repeat(3) + "b".repeat(61);
        assertEquals(253, longest.length());
        assertEquals(longest, FeedUrls.host(FeedUrls.parse("http://" + longest + "/feed")));
        assertEquals(longest + ".", FeedUrls.host(FeedUrls.parse("http://" + longest + "./feed")), "the final dot is no character of the name");
        assertFailure(FeedStatus.INVALID_URL, "host name is longer than 253 characters (254)", "http://" + longest + "c/feed");
        assertFailure(FeedStatus.INVALID_URL, "host name is longer than 253 characters (254)", "http://" + longest.replace('_', 'x') + "c/feed");
        assertFailure(FeedStatus.INVALID_URL, "host name has a label longer than 63 characters", "http://my_host." + "a".repeat(64) + ".example/");
    }

    @Test
    void aHostNameOfThousandsOfLabelsIsRefusedNotAStackOverflow() {
        String manyLabels = "_" + ".a".repeat(1900);
        assertFailure(FeedStatus.INVALID_URL, "host name is longer than 253 characters (3801)", "http://" + manyLabels + "/feed");
        FeedFailure failure = org.junit.jupiter.api.Assertions.assertThrows(FeedFailure.class,
                () -> FeedUrls.redirect(java.net.URI.create("http://example.org/"), "http://" + manyLabels + "/feed"));
        assertEquals(FeedStatus.INVALID_URL, failure.status());
    }

    private static void assertFailure(FeedStatus status, String reason, String url) {
        FeedFailure failure = org.junit.jupiter.api.Assertions.assertThrows(FeedFailure.class, () -> FeedUrls.parse(url), url);
        assertEquals(status, failure.status(), url);
        assertEquals(reason, failure.getMessage(), url);
    }
}
