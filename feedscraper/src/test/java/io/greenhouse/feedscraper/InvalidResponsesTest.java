package io.greenhouse.feedscraper;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A feed server whose response cannot be read as HTTP is reported in the server's terms: what
 * was wrong with its response, never the name of an exception class.
 */
class InvalidResponsesTest {

    private static final String FEED = FeedServer.rssDocument("Framed", 1);

    private static RawHttpServer server;
    private static ScraperServer scraper;

    /** Answers each request with the raw response of its path, then hangs up. */
    private static void answer(Socket connection, Map<String, String> responses) {
        try (connection) {
            String head = RawHttpServer.readHead(connection.getInputStream());
            String path = head.substring(head.indexOf(' ') + 1, head.indexOf(' ', head.indexOf(' ') + 1));
            connection.getOutputStream().write(responses.get(path).getBytes(StandardCharsets.ISO_8859_1));
            connection.getOutputStream().flush();
        } catch (IOException | RuntimeException e) {
            // the scraper hung up
        }
    }

    @BeforeAll
    static void start() throws IOException {
        Map<String, String> responses = Map.of(
                "/two-lengths", "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: " + FEED.length()
                        + "\r\nContent-Length: " + (FEED.length() + 1) + "\r\n\r\n" + FEED,
                "/length-list", "HTTP/1.1 200 OK\r\nContent-Length: " + FEED.length() + ", 3\r\n\r\n" + FEED,
                "/same-length-twice", "HTTP/1.1 200 OK\r\nContent-Length: " + FEED.length() + "\r\nContent-Length: " + FEED.length()
                        + "\r\n\r\n" + FEED,
                "/negative-length", "HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n" + FEED,
                "/word-length", "HTTP/1.1 200 OK\r\nContent-Length: many\r\n\r\n" + FEED,
                "/gzip-transfer", "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n" + FEED,
                "/bad-chunk", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n" + FEED,
                "/bad-field", "HTTP/1.1 200 OK\r\nno colon here\r\n\r\n" + FEED);
        server = RawHttpServer.start(connection -> answer(connection, responses));
        scraper = ScraperServer.start();
    }

    @AfterAll
    static void stop() throws IOException {
        scraper.close();
        server.close();
    }

    // RFC 9112 §6.3: a Content-Length that cannot be one length is an unrecoverable framing error.
    @Test
    void aContentLengthThatIsNotOneLengthIsNamed() {
        assertEquals("the feed server sent an invalid response: conflicting Content-Length", errorOf("/two-lengths"));
        assertEquals("the feed server sent an invalid response: conflicting Content-Length", errorOf("/length-list"));
        assertEquals("the feed server sent an invalid response: repeated Content-Length", errorOf("/same-length-twice"));
        assertEquals("the feed server sent an invalid response: negative Content-Length", errorOf("/negative-length"));
        assertEquals("the feed server sent an invalid response: invalid Content-Length", errorOf("/word-length"));
    }

    @Test
    void aTransferCodingThatCannotBeReadIsNamed() {
        assertEquals("the feed server sent an invalid response: unsupported Transfer-Encoding", errorOf("/gzip-transfer"));
        assertEquals("the feed server sent an invalid response: malformed chunked encoding", errorOf("/bad-chunk"));
    }

    @Test
    void aMalformedHeaderFieldIsNamed() {
        assertEquals("the feed server sent an invalid response: malformed status line or header field", errorOf("/bad-field"));
    }

    private static String errorOf(String path) {
        List<Map<String, Object>> results = given().accept("application/json").contentType("text/plain").body(server.url(path))
                .when().post(scraper.url() + "/")
                .then().statusCode(200).extract().jsonPath().getList("$");
        assertEquals("fetch_failed", results.get(0).get("status"), path);
        return (String) results.get(0).get("error");
    }
}
