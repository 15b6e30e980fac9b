package io.greenhouse.feedscraper;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Feeds that attack their parser: external entities, external DTDs, entity expansion. */
class HostileXmlTest {

    private static FeedServer feeds;
    private static ScraperServer scraper;

    @BeforeAll
    static void start() {
        feeds = FeedServer.start().rss("/secret", "SECRET", 0).rss("/evil.dtd", "dtd", 0);
        String secret = feeds.url("/secret");
        feeds.route("/xxe", e -> sendXml(e, "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [<!ENTITY xxe SYSTEM \"" + secret + "\">]>\n"
                        + "<rss version=\"2.0\"><channel><title>Leak: &xxe;</title></channel></rss>"))
                .route("/xxe-file", e -> sendXml(e, "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [<!ENTITY xxe SYSTEM \"file:///etc/hostname\">]>\n"
                        + "<rss version=\"2.0\"><channel><title>&xxe;</title></channel></rss>"))
                .route("/external-dtd", e -> sendXml(e, "<?xml version=\"1.0\"?>\n<!DOCTYPE rss SYSTEM \"" + feeds.url("/evil.dtd") + "\">\n"
                        + "<rss version=\"2.0\"><channel><title>Plain</title></channel></rss>"))
                .route("/laughs", e -> sendXml(e, billionLaughs()));
        scraper = ScraperServer.start();
    }

    @AfterAll
    static void stop() {
        scraper.close();
        feeds.close();
    }

    @Test
    void externalEntitiesAreNeverFetched() {
        Map<String, Object> result = scrapeOne(feeds.url("/xxe"));
        assertEquals("not_a_feed", result.get("status"));
        assertFalse(((String) result.get("title")).contains("SECRET"));
        assertEquals(0, feeds.hits("/secret"), "the entity's URL was fetched");
    }

    @Test
    void externalFileEntitiesAreNeverRead() {
        Map<String, Object> result = scrapeOne(feeds.url("/xxe-file"));
        assertEquals("not_a_feed", result.get("status"));
        assertEquals("", result.get("title"));
    }

    @Test
    void anExternalDtdIsNeverFetchedButTheFeedIsRead() {
        assertEquals("Plain", scrapeOne(feeds.url("/external-dtd")).get("title"));
        assertEquals(0, feeds.hits("/evil.dtd"), "the DTD was fetched");
    }

    @Test
    void billionLaughsIsRefusedNotExpanded() {
        Map<String, Object> result = scrapeOne(feeds.url("/laughs"));
        assertEquals("not_a_feed", result.get("status"));
        assertEquals("documents that declare entities are refused", result.get("error"));
    }

    private static Map<String, Object> scrapeOne(String url) {
        List<Map<String, Object>> results = given().accept("application/json").contentType("text/plain").body(url)
                .when().post(scraper.url() + "/")
                .then().statusCode(200).extract().jsonPath().getList("$");
        return results.get(0);
    }

    private static String billionLaughs() {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n<!ENTITY lol0 \"lol\">\n");
        for (int i = 1; i <= 9; i++) {
            xml.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1) + ";").repeat(10)).append("\">\n");
        }
        return xml.append("]>\n<rss version=\"2.0\"><channel><title>&lol9;</title></channel></rss>").toString();
    }

    private static void sendXml(com.sun.net.httpserver.HttpExchange exchange, String xml) throws java.io.IOException {
        FeedServer.send(exchange, 200, "application/xml", xml.getBytes(StandardCharsets.UTF_8));
    }
}
