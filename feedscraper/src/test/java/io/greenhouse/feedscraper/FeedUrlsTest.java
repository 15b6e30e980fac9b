package io.greenhouse.feedscraper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A line becomes a URL as a browser would send it (RFC 3986 with RFC 3987's mapping of IRIs). */
class FeedUrlsTest {

    @Test
    void anAsciiUrlIsTakenAsItIs() throws FeedFailure {
        assertEquals(URI.create("https://example.org/feed%20x.xml?a=b&c=%C3%A9"),
                FeedUrls.parse("https://example.org/feed%20x.xml?a=b&c=%C3%A9"));
    }

    @Test
    void spacesAndNonAsciiCharactersArePercentEncodedAsUtf8() throws FeedFailure {
        assertEquals("/w/index.php", FeedUrls.parse("https://de.wikipedia.org/w/index.php?title=Letzte_\u00c4nderungen&feed=atom").getRawPath());
        assertEquals("title=Letzte_%C3%84nderungen&feed=atom",
                FeedUrls.parse("https://de.wikipedia.org/w/index.php?title=Letzte_\u00c4nderungen&feed=atom").getRawQuery());
        assertEquals("/my%20feed/%E6%97%A5%E6%9C%AC.xml", FeedUrls.parse("http://example.org/my feed/\u65e5\u672c.xml").getRawPath());
    }

    @Test
    void asciiCharactersAUriMayNotHoldArePercentEncodedAsBrowsersDo() throws FeedFailure {
        // RFC 3986 allows none of " < > \ ^ ` { | } anywhere; real feed URLs hold '|' now and then
        assertEquals("http://example.org/a%7Cb/%7B%7D?q=%22x%22%5E%60%3C%3E%5C&r=1#f",
                FeedUrls.parse("http://example.org/a|b/{}?q=\"x\"^`<>\\&r=1#f").toString());
    }

    @Test
    void anEmptyPortIsTheSchemesDefault() throws FeedFailure {
        // RFC 3986 §3.2.3: "http://h:/" is "http://h/"; it was fetched from port "" and failed
        URI uri = FeedUrls.parse("http://example.org:/feed?a=1#f");
        assertEquals(URI.create("http://example.org/feed?a=1#f"), uri);
        assertEquals("example.org", uri.getRawAuthority());
        assertEquals(URI.create("https://[::1]/x"), FeedUrls.parse("https://[::1]:/x"));
        assertEquals(URI.create("http://example.org/new"), FeedUrls.redirect(URI.create("http://example.org/old"), "http://example.org:/new"));
    }

    @Test
    void anInternationalizedHostNameIsSentInItsAsciiForm() throws FeedFailure {
        URI uri = FeedUrls.parse("http://b\u00fccher.example:8080/feed");
        assertEquals("xn--bcher-kva.example", uri.getHost());
        assertEquals(8080, uri.getPort());
        assertEquals("/feed", uri.getPath());
    }

    @Test
    void aRedirectToANonAsciiLocationIsEncodedTheSameWay() throws FeedFailure {
        URI from = URI.create("http://example.org/old");
        assertEquals(URI.create("http://example.org/caf%C3%A9.xml"), FeedUrls.redirect(from, "/caf\u00e9.xml"));
    }

    @Test
    void whatIsNotAUrlIsStillRefusedWithAReason() {
        assertEquals(FeedStatus.INVALID_URL, assertThrows(FeedFailure.class, () -> FeedUrls.parse("http://exa mple.org/")).status());
        assertEquals(FeedStatus.INVALID_URL, assertThrows(FeedFailure.class, () -> FeedUrls.parse("not a url")).status());
        assertEquals(FeedStatus.REFUSED_SCHEME, assertThrows(FeedFailure.class, () -> FeedUrls.parse("ftp://example.org/\u00e9")).status());
        assertEquals(FeedStatus.INVALID_URL, assertThrows(FeedFailure.class, () -> FeedUrls.parse("http://user:p\u00e4ss@example.org/")).status());
    }

    @Test
    void theCacheKeyIgnoresCaseOfSchemeAndHostTheDefaultPortAndTheFragment() throws FeedFailure {
        String key = "http://example.org/feed?a=B";
        for (String url : List.of("http://example.org/feed?a=B", "HTTP://Example.ORG:80/feed?a=B#top", "http://example.org:/feed?a=B")) {
            assertEquals(key, FeedUrls.cacheKey(FeedUrls.parse(url)), url);
        }
        assertEquals("https://example.org/", FeedUrls.cacheKey(FeedUrls.parse("https://EXAMPLE.org:443")));
        assertEquals("https://example.org:80/", FeedUrls.cacheKey(FeedUrls.parse("https://example.org:80/")));
        assertEquals("http://example.org/Feed", FeedUrls.cacheKey(FeedUrls.parse("http://example.org/Feed")), "the path keeps its case");
    }
}
