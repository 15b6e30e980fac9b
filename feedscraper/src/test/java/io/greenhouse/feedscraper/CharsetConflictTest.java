package io.greenhouse.feedscraper;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Feeds whose HTTP charset and XML encoding declaration disagree, served by a real server. The
 * header is authoritative after a byte-order mark (RFC 7303 §3.2; RFC 3023 before it), as
 * feedparser has it: the declaration counts only when the bytes are not text in the header's
 * charset, or when it says UTF-8 and the bytes are UTF-8 (the header is then a server's default,
 * not the feed's).
 */
class CharsetConflictTest {

    private static final Charset WINDOWS_1251 = Charset.forName("windows-1251");
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private static FeedServer feeds;
    private static ScraperServer scraper;

    @BeforeAll
    static void start() {
        feeds = FeedServer.start()
                .route("/utf8-declared-latin1", e -> FeedServer.send(e, 200, "application/rss+xml; charset=utf-8",
                        rss("ISO-8859-1", "Caf\u00e9 \u2013 na\u00efve", StandardCharsets.UTF_8)))
                .route("/cp1251-declared-utf8", e -> FeedServer.send(e, 200, "text/xml; charset=windows-1251",
                        rss("UTF-8", "\u041d\u043e\u0432\u043e\u0441\u0442\u0438", WINDOWS_1251)))
                .route("/cp1252-declared-latin1", e -> FeedServer.send(e, 200, "application/xml; Charset=\"windows-1252\"",
                        rss("iso-8859-1", "\u00a3\u201ctest.\u201d", WINDOWS_1252)))
                .route("/utf8-served-as-latin1", e -> FeedServer.send(e, 200, "text/xml; charset=ISO-8859-1",
                        rss("UTF-8", "Caf\u00e9 \u65e5\u672c", StandardCharsets.UTF_8)))
                .route("/undeclared-utf8-served-as-latin1", e -> FeedServer.send(e, 200, "text/xml; charset=ISO-8859-1",
                        rss(null, "Caf\u00e9 \u65e5\u672c", StandardCharsets.UTF_8)))
                .route("/latin1-served-as-ascii", e -> FeedServer.send(e, 200, "application/rss+xml; charset=us-ascii",
                        rss("ISO-8859-1", "Caf\u00e9", StandardCharsets.ISO_8859_1)))
                .route("/utf16-mark-served-as-latin1", e -> FeedServer.send(e, 200, "application/xml; charset=iso-8859-1",
                        withMark(rss("UTF-16", "Caf\u00e9 \u65e5\u672c", StandardCharsets.UTF_16LE))));
        scraper = ScraperServer.start();
    }

    @AfterAll
    static void stop() {
        scraper.close();
        feeds.close();
    }

    private static String titleOf(String path) {
        List<Map<String, Object>> results = given().accept("application/json").contentType("text/plain").body(feeds.url(path))
                .when().post(scraper.url() + "/")
                .then().statusCode(200).extract().jsonPath().getList("$");
        return (String) results.get(0).get("title");
    }

    @Test
    void theHeadersCharsetWinsOverTheDeclaration() {
        assertAll(
                () -> assertEquals("Caf\u00e9 \u2013 na\u00efve", titleOf("/utf8-declared-latin1")),
                () -> assertEquals("\u041d\u043e\u0432\u043e\u0441\u0442\u0438", titleOf("/cp1251-declared-utf8")),
                () -> assertEquals("\u00a3\u201ctest.\u201d", titleOf("/cp1252-declared-latin1")));
    }

    @Test
    void aDeclaredUtf8ThatTheBytesBearOutWinsOverAServersDefaultCharset() {
        assertEquals("Caf\u00e9 \u65e5\u672c", titleOf("/utf8-served-as-latin1"));
        // no declaration: the header is taken at its word, and the title repaired (as feedparser does)
        assertEquals("Caf\u00e9 \u65e5\u672c", titleOf("/undeclared-utf8-served-as-latin1"));
    }

    @Test
    void bytesThatAreNotTextInTheHeadersCharsetAreReadAsDeclared() {
        assertEquals("Caf\u00e9", titleOf("/latin1-served-as-ascii"));
    }

    // RFC 7303 §3.3: a byte-order mark is authoritative, over the header too.
    @Test
    void aByteOrderMarkWinsOverBoth() {
        assertEquals("Caf\u00e9 \u65e5\u672c", titleOf("/utf16-mark-served-as-latin1"));
    }

    /** An RSS feed in {@code charset}, its XML declaration naming {@code encoding}, or none when null. */
    private static byte[] rss(String encoding, String title, Charset charset) {
        String declaration = encoding == null ? "" : "<?xml version=\"1.0\" encoding=\"" + encoding + "\"?>\n";
        return (declaration + "<rss version=\"2.0\"><channel><title>" + title
                + "</title><link>http://example.com/</link></channel></rss>").getBytes(charset);
    }

    private static byte[] withMark(byte[] utf16le) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xFF);
        out.write(0xFE);
        out.writeBytes(utf16le);
        return out.toByteArray();
    }
}
