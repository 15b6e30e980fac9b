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
import org.junit.jupiter.api.function.Executable;

/**
 * Feeds that start with a byte-order mark, served by a real server: the mark decides the
 * encoding (XML 1.0 Appendix F), over a text type's missing charset, over a charset parameter
 * and over an encoding declaration that say otherwise (RFC 7303 §3).
 */
class ByteOrderMarkTest {

    private static final byte[] UTF_8_MARK = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final byte[] UTF_16LE_MARK = {(byte) 0xFF, (byte) 0xFE};
    private static final String RSS = "<rss version=\"2.0\"><channel><title>B\u00f8m</title></channel></rss>";
    private static final String ATOM = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>B\u00f8m</title></feed>";

    private static FeedServer feeds;
    private static ScraperServer scraper;

    @BeforeAll
    static void start() {
        feeds = FeedServer.start();
        for (String type : List.of("text/xml", "text/html", "text/rss+xml")) {
            serve("/utf8/" + type, type, marked(UTF_8_MARK, RSS, StandardCharsets.UTF_8));
        }
        serve("/utf8/prolog", "text/xml", marked(UTF_8_MARK, "<?xml version=\"1.0\"?>" + RSS, StandardCharsets.UTF_8));
        serve("/utf8/atom", "text/xml", marked(UTF_8_MARK, ATOM, StandardCharsets.UTF_8));
        serve("/utf8/served-as-latin1", "text/xml; charset=ISO-8859-1", marked(UTF_8_MARK, RSS, StandardCharsets.UTF_8));
        serve("/utf8/declared-latin1", "text/xml",
                marked(UTF_8_MARK, "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>" + RSS, StandardCharsets.UTF_8));
        serve("/utf16/text-xml", "text/xml", marked(UTF_16LE_MARK, RSS, StandardCharsets.UTF_16LE));
        scraper = ScraperServer.start();
    }

    @AfterAll
    static void stop() {
        scraper.close();
        feeds.close();
    }

    @Test
    void aUtf8MarkMakesAFeedServedAsTextWithoutCharsetUtf8() {
        assertAll(
                bom("/utf8/text/xml"),
                bom("/utf8/text/html"),
                bom("/utf8/text/rss+xml"),
                bom("/utf8/prolog"),
                bom("/utf8/atom"));
    }

    @Test
    void aUtf16MarkMakesAFeedServedAsTextWithoutCharsetUtf16() {
        assertAll(bom("/utf16/text-xml"));
    }

    // RFC 7303 §3: "the BOM takes precedence over the charset parameter"; over the declaration too.
    @Test
    void aMarkWinsOverACharsetOrADeclarationThatSaysOtherwise() {
        assertAll(
                bom("/utf8/served-as-latin1"),
                bom("/utf8/declared-latin1"));
    }

    /** Checks that the feed at {@code path} is read, its title "Bøm". */
    private static Executable bom(String path) {
        return () -> {
            Map<String, Object> result = scrape(path);
            assertEquals("ok", result.get("status"), path);
            assertEquals("B\u00f8m", result.get("title"), path);
        };
    }

    private static Map<String, Object> scrape(String path) {
        List<Map<String, Object>> results = given().accept("application/json").contentType("text/plain").body(feeds.url(path))
                .when().post(scraper.url() + "/")
                .then().statusCode(200).extract().jsonPath().getList("$");
        return results.get(0);
    }

    private static void serve(String path, String contentType, byte[] body) {
        feeds.route(path, exchange -> FeedServer.send(exchange, 200, contentType, body));
    }

    private static byte[] marked(byte[] mark, String document, Charset charset) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(mark);
        out.writeBytes(document.getBytes(charset));
        return out.toByteArray();
    }
}
