package io.greenhouse.feedscraper;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What each kind of feed server behaviour turns into, one JSON element per URL: errors are
 * results with a kind and a reason, never a failed response.
 */
class FetchOutcomesTest {

    private static final int MAX_FEED_BYTES = 20_000;
    private static final Semaphore NEVER = new Semaphore(0);
    /** Under 4 KB, yet some 1,900 labels: a regex that recursed per label overflowed the stack on it. */
    private static final String MANY_LABELS_HOST = "_" + ".a".repeat(1900);

    private static FeedServer feeds;
    private static byte[] doubleBomb;
    private static ScraperServer scraper;

    @BeforeAll
    static void start() throws IOException {
        // gzip shrinks 32 MB of spaces to some 32 KB, more than the limit, and that to a few hundred bytes
        doubleBomb = gzip(gzip(bomb("<title>Deep bomb</title>", 32 << 20)));
        feeds = FeedServer.start()
                .rss("/a", "Alpha", 2)
                .route("/gone", e -> FeedServer.send(e, 410, "text/plain", "gone".getBytes(StandardCharsets.UTF_8)))
                .route("/gone-gzipped", e -> {
                    e.getResponseHeaders().set("Content-Encoding", "gzip");
                    FeedServer.send(e, 410, "text/plain", gzip("gone"));
                })
                .route("/html", e -> FeedServer.send(e, 200, "text/html", "<!DOCTYPE html><html><head><title>A web page</title></head><body>hello</body></html>".getBytes(StandardCharsets.UTF_8)))
                .route("/html-with-trackback", e -> FeedServer.send(e, 200, "text/html", """
                        <html><head><title>My Blog Home</title></head><body>hi<!--
                        <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:trackback="http://madskills.com/public/xml/rss/module/trackback/">
                        <rdf:Description rdf:about="http://example.com/post" trackback:ping="http://example.com/tb/1"/>
                        </rdf:RDF>
                        --></body></html>""".getBytes(StandardCharsets.UTF_8)))
                .route("/html-mentioning-feed", e -> FeedServer.send(e, 200, "text/html",
                        "<html><head><title>Help</title></head><body>Subscribe to our <feed> & more</body></html>".getBytes(StandardCharsets.UTF_8)))
                .route("/binary", e -> FeedServer.send(e, 200, "application/octet-stream", new byte[] {0, 1, 2, (byte) 0xff, 10}))
                .route("/loop", e -> redirect(e, "/loop"))
                .route("/moved", e -> redirect(e, "/a"))
                .route("/r308", e -> redirect(e, 308, "../a"))
                .route("/x/absolute", e -> redirect(e, 302, feeds.url("/x/../a")))
                .route("/a/b/rq", e -> {
                    if ("x=1".equals(e.getRequestURI().getRawQuery())) {
                        FeedServer.send(e, 200, "application/rss+xml", FeedServer.rssDocument("Queried", 1).getBytes(StandardCharsets.UTF_8));
                    } else {
                        redirect(e, 302, "?x=1");
                    }
                })
                .route("/to-invalid", e -> redirect(e, "http://[::1/feed"))
                .route("/to-many-labels", e -> redirect(e, "http://" + MANY_LABELS_HOST + "/feed"))
                .route("/to-file", e -> redirect(e, "file:///etc/passwd"))
                .route("/nowhere", e -> FeedServer.send(e, 302, null, new byte[0]))
                .route("/hang", e -> NEVER.acquire())
                .route("/huge", e -> sendOneGigabyte(e, "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Huge</title>"))
                .route("/huge-untitled", e -> sendOneGigabyte(e, "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>"))
                .route("/gzip", e -> sendEncoded(e, "gzip", gzip(FeedServer.rssDocument("Zipped", 4))))
                .route("/deflate", e -> sendEncoded(e, "deflate", deflate(FeedServer.rssDocument("Deflated", 1))))
                .route("/x-gzip", e -> sendEncoded(e, "x-gzip", gzip(FeedServer.rssDocument("X-Zipped", 1))))
                .route("/raw-deflate", e -> sendEncoded(e, "deflate", rawDeflate(FeedServer.rssDocument("Raw", 1))))
                .route("/gzip-gzip", e -> sendEncoded(e, "gzip, gzip", gzip(gzip(FeedServer.rssDocument("Twice", 3)))))
                .route("/deflate-then-gzip", e -> sendEncoded(e, "Deflate ,GZIP", gzip(deflate(FeedServer.rssDocument("Layered", 1)))))
                .route("/gzip-in-two-fields", e -> {
                    e.getResponseHeaders().add("Content-Encoding", "gzip");
                    e.getResponseHeaders().add("Content-Encoding", "gzip");
                    FeedServer.send(e, 200, "application/rss+xml", gzip(gzip(FeedServer.rssDocument("Two fields", 1))));
                })
                .route("/brotli", e -> sendEncoded(e, "br", FeedServer.rssDocument("Not brotli", 1).getBytes(StandardCharsets.UTF_8)))
                .route("/gzip-then-unknown", e -> sendEncoded(e, "gzip, compress", gzip(FeedServer.rssDocument("Unknown", 1))))
                .route("/too-many-codings", e -> sendEncoded(e, "gzip, gzip, gzip, gzip, gzip, gzip",
                        gzip(gzip(gzip(gzip(gzip(gzip(FeedServer.rssDocument("Deep", 1)))))))))
                .route("/gzip-gzip-bomb", e -> sendEncoded(e, "gzip, gzip", gzip(gzip(bomb("<title>Double bomb</title>")))))
                .route("/gzip-gzip-large-inside", e -> sendEncoded(e, "gzip, gzip", doubleBomb))
                .route("/gzip-cut-in-data", e -> sendEncoded(e, "gzip", cut(gzip(FeedServer.rssDocument("Cut", 50)), 0.5)))
                .route("/gzip-cut-in-trailer", e -> sendEncoded(e, "gzip", cut(gzip(FeedServer.rssDocument("Cut", 1)), -4)))
                .route("/deflate-cut", e -> sendEncoded(e, "deflate", cut(deflate(FeedServer.rssDocument("Cut", 50)), 0.5)))
                .route("/gzip-bomb", e -> sendEncoded(e, "gzip", gzip(bomb("<title>Bomb</title>"))))
                .route("/gzip-bomb-untitled", e -> sendEncoded(e, "gzip", gzip(bomb(""))))
                .route("/who-asks", e -> FeedServer.send(e, 200, "application/rss+xml", FeedServer.rssDocument(
                        e.getRequestHeaders().getFirst("User-Agent") + " | " + e.getRequestHeaders().getFirst("Accept-Encoding"), 0)
                        .getBytes(StandardCharsets.UTF_8)));
        scraper = ScraperServer.start(
                "feedscraper.feed-timeout", "300ms",
                "feedscraper.max-redirects", "3",
                "feedscraper.max-feed-bytes", Integer.toString(MAX_FEED_BYTES));
    }

    @AfterAll
    static void stop() {
        NEVER.release(100);
        scraper.close();
        feeds.close();
    }

    private static Map<String, Object> scrapeOne(String url) {
        List<Map<String, Object>> results = given().accept("application/json").contentType("text/plain").body(url)
                .when().post(scraper.url() + "/")
                .then().statusCode(200).extract().jsonPath().getList("$");
        assertEquals(1, results.size());
        return results.get(0);
    }

    private static List<Map<String, Object>> scrapeAll(List<String> urls) {
        return given().accept("application/json").contentType("text/plain").body(String.join("\n", urls))
                .when().post(scraper.url() + "/")
                .then().statusCode(200).extract().jsonPath().getList("$");
    }

    private static void assertFailed(Map<String, Object> result, String status, String reasonPart) {
        assertEquals(status, result.get("status"), () -> "result " + result);
        assertEquals("", result.get("title"));
        assertTrue(((String) result.get("error")).contains(reasonPart), () -> "reason of " + result);
    }

    @Test
    void anHttpErrorStatusIsReportedWithIt() {
        Map<String, Object> result = scrapeOne(feeds.url("/gone"));
        assertFailed(result, "http_error", "410");
        assertEquals(410, result.get("http_status"));
    }

    @Test
    void aCompressedErrorPageIsStillAnHttpError() {
        assertFailed(scrapeOne(feeds.url("/gone-gzipped")), "http_error", "410");
    }

    @Test
    void aMissingFeedIsA404() {
        assertEquals(404, scrapeOne(feeds.url("/nothing-here")).get("http_status"));
    }

    @Test
    void aRefusedConnectionIsConnectFailed() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        assertFailed(scrapeOne("http://127.0.0.1:" + closedPort + "/feed"), "connect_failed", "cannot connect");
    }

    @Test
    void aFeedThatNeverAnswersTimesOut() {
        assertFailed(scrapeOne(feeds.url("/hang")), "timeout", "300 ms");
    }

    @Test
    void htmlAndBinaryAreNotFeeds() {
        assertFailed(scrapeOne(feeds.url("/html")), "not_a_feed", "an HTML page, not a feed");
        assertEquals("not_a_feed", scrapeOne(feeds.url("/binary")).get("status"));
    }

    @Test
    void anHtmlPageThatMentionsAFeedElementIsNotAFeed() {
        assertFailed(scrapeOne(feeds.url("/html-with-trackback")), "not_a_feed", "an HTML page, not a feed");
        assertFailed(scrapeOne(feeds.url("/html-mentioning-feed")), "not_a_feed", "an HTML page, not a feed");
    }

    @Test
    void redirectsAreFollowed() {
        Map<String, Object> result = scrapeOne(feeds.url("/moved"));
        assertEquals("Alpha", result.get("title"));
        assertEquals(200, result.get("http_status"));
    }

    // RFC 3986 §5.2: java.net.URI (RFC 2396) asked for /../a, /x/../a and /a/b/?x=1.
    @Test
    void relativeRedirectsAreResolvedAsRfc3986Says() {
        assertEquals("Alpha", scrapeOne(feeds.url("/r308")).get("title"));
        assertEquals("Alpha", scrapeOne(feeds.url("/x/absolute")).get("title"));
        assertEquals("Queried", scrapeOne(feeds.url("/a/b/rq")).get("title"));
    }

    @Test
    void aRedirectLoopStopsAtTheLimit() {
        int before = feeds.hits("/loop");
        assertFailed(scrapeOne(feeds.url("/loop")), "too_many_redirects", "more than 3 redirects");
        assertEquals(4, feeds.hits("/loop") - before, "the first request and three redirects");
    }

    @Test
    void aRedirectToAnotherSchemeIsRefused() {
        assertFailed(scrapeOne(feeds.url("/to-file")), "refused_scheme", "file");
    }

    @Test
    void aRedirectWithoutLocationIsAnHttpError() {
        // nothing to follow, and no redirect was followed: the answer itself is the failure
        assertFailed(scrapeOne(feeds.url("/nowhere")), "http_error", "feed server answered 302 without a Location");
    }

    @Test
    void aRedirectToAnInvalidUrlSaysSo() {
        assertFailed(scrapeOne(feeds.url("/to-invalid")), "invalid_url", "the redirect's Location is not a valid URL");
    }

    // RFC 1035 §2.3.4: no host name is longer than 253 characters
    @Test
    void aHostNameOfThousandsOfLabelsIsAnInvalidUrlOnItsLineAlone() {
        List<Map<String, Object>> results = scrapeAll(List.of(feeds.url("/a"), "http://" + MANY_LABELS_HOST + "/feed",
                feeds.url("/a"), feeds.url("/to-many-labels"), feeds.url("/a")));

        assertEquals(5, results.size());
        for (int line : new int[] {0, 2, 4}) {
            assertEquals("Alpha", results.get(line).get("title"), () -> "line " + line + ": " + results);
        }
        assertFailed(results.get(1), "invalid_url", "host name is longer than 253 characters");
        assertFailed(results.get(3), "invalid_url", "host name is longer than 253 characters");
        // and the redirect's URL is not left claimed by a fetch that never ends
        assertFailed(scrapeOne(feeds.url("/to-many-labels")), "invalid_url", "host name is longer than 253 characters");
    }

    @Test
    void anOversizeFeedIsCutOffAndItsTitleReadFromItsFirstPart() {
        // a podcast's feed with years of episodes outgrows any limit; its title is at the start
        Map<String, Object> huge = scrapeOne(feeds.url("/huge"));
        assertEquals("ok", huge.get("status"));
        assertEquals("Huge", huge.get("title"));
    }

    @Test
    void anOversizeFeedWithNoTitleInItsFirstPartIsTooLarge() {
        assertFailed(scrapeOne(feeds.url("/huge-untitled")), "too_large", "larger than " + MAX_FEED_BYTES);
    }

    @Test
    void gzipAndDeflateFeedsAreDecoded() {
        Map<String, Object> zipped = scrapeOne(feeds.url("/gzip"));
        assertEquals("Zipped", zipped.get("title"));
        assertEquals(4, zipped.get("entries"));
        assertEquals("Deflated", scrapeOne(feeds.url("/deflate")).get("title"));
    }

    @Test
    void xGzipAndRawDeflateAreDecodedToo() {
        assertEquals("X-Zipped", scrapeOne(feeds.url("/x-gzip")).get("title"));
        assertEquals("Raw", scrapeOne(feeds.url("/raw-deflate")).get("title"));  // as browsers accept it
    }

    // RFC 9110 §8.4: codings are listed in the order they were applied, and undone in reverse.
    @Test
    void stackedCodingsAreUndoneInReverseOrder() {
        Map<String, Object> twice = scrapeOne(feeds.url("/gzip-gzip"));
        assertEquals("Twice", twice.get("title"));
        assertEquals(3, twice.get("entries"));
        assertEquals("Layered", scrapeOne(feeds.url("/deflate-then-gzip")).get("title"));
    }

    // RFC 9110 §5.3: field lines of the same name are one comma-separated list.
    @Test
    void codingsInSeveralHeaderFieldsAreOneList() {
        assertEquals("Two fields", scrapeOne(feeds.url("/gzip-in-two-fields")).get("title"));
    }

    @Test
    void anUnknownCodingIsAFetchFailureNotAParseOfItsBytes() {
        assertFailed(scrapeOne(feeds.url("/brotli")), "fetch_failed", "unsupported Content-Encoding: br");
        assertFailed(scrapeOne(feeds.url("/gzip-then-unknown")), "fetch_failed", "unsupported Content-Encoding: compress");
    }

    @Test
    void moreCodingsThanAnyServerAppliesAreRefused() {
        assertFailed(scrapeOne(feeds.url("/too-many-codings")), "fetch_failed", "more than 5 content codings");
    }

    @Test
    void aStackedGzipBombIsCutOffAtTheSameLimit() {
        // the outer layer fits; the inner one is cut off once decoded, its title read from what came before
        assertEquals("Double bomb", scrapeOne(feeds.url("/gzip-gzip-bomb")).get("title"));
        // a layer still compressed cannot be read in part: larger than the limit, it is too large
        assertTrue(doubleBomb.length < MAX_FEED_BYTES, "the body itself is within the limit");
        assertFailed(scrapeOne(feeds.url("/gzip-gzip-large-inside")), "too_large", "larger than " + MAX_FEED_BYTES);
    }

    @Test
    void aTruncatedCompressedBodySaysItEndsEarly() {
        assertFailed(scrapeOne(feeds.url("/gzip-cut-in-data")), "fetch_failed", "gzip body ends early");
        assertFailed(scrapeOne(feeds.url("/gzip-cut-in-trailer")), "fetch_failed", "gzip body ends early");
        assertFailed(scrapeOne(feeds.url("/deflate-cut")), "fetch_failed", "deflate body ends early");
    }

    /** The first {@code share} of the bytes, or all but the last {@code -share} when negative. */
    private static byte[] cut(byte[] bytes, double share) {
        return Arrays.copyOf(bytes, share < 0 ? bytes.length + (int) share : (int) (bytes.length * share));
    }

    @Test
    void aGzipBombIsCutOffOnceDecompressedAndItsTitleReadFromWhatCameBefore() {
        assertEquals("Bomb", scrapeOne(feeds.url("/gzip-bomb")).get("title"));
        assertFailed(scrapeOne(feeds.url("/gzip-bomb-untitled")), "too_large", "larger than " + MAX_FEED_BYTES);
    }

    @Test
    void feedServersSeeOurUserAgentAndTheCodingsWeDecode() {
        assertEquals(ScraperSettings.DEFAULTS.get("feedscraper.user-agent") + " | gzip, deflate",
                scrapeOne(feeds.url("/who-asks")).get("title"));
    }

    private static void redirect(com.sun.net.httpserver.HttpExchange exchange, String location) throws IOException {
        redirect(exchange, 302, location);
    }

    private static void redirect(com.sun.net.httpserver.HttpExchange exchange, int status, String location) throws IOException {
        exchange.getResponseHeaders().set("Location", location);
        FeedServer.send(exchange, status, null, new byte[0]);
    }

    private static void sendEncoded(com.sun.net.httpserver.HttpExchange exchange, String coding, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Encoding", coding);
        FeedServer.send(exchange, 200, "application/rss+xml", body);
    }

    // Writes up to 1 GB, chunked, until the scraper hangs up; it must hang up long before.
    private static void sendOneGigabyte(com.sun.net.httpserver.HttpExchange exchange, String start) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/rss+xml");
        exchange.sendResponseHeaders(200, 0);
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) ' ');
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(start.getBytes(StandardCharsets.US_ASCII));
            for (long sent = 0; sent < (1L << 30); sent += chunk.length) {
                out.write(chunk);
            }
        }
    }

    private static String bomb(String title) {
        return bomb(title, 10 * MAX_FEED_BYTES);
    }

    private static String bomb(String title, int spaces) {
        return "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>" + title + " ".repeat(spaces) + "</channel></rss>";
    }

    private static byte[] gzip(String text) {
        return gzip(text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] gzip(byte[] bytes) {
        return FeedServer.gzip(bytes);
    }

    private static byte[] rawDeflate(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DeflaterOutputStream out = new DeflaterOutputStream(bytes, new Deflater(Deflater.DEFAULT_COMPRESSION, true))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private static byte[] deflate(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DeflaterOutputStream out = new DeflaterOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }
}
