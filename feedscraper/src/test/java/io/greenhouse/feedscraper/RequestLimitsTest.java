package io.greenhouse.feedscraper;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Per-request limits: too many URLs or too large a body is a 413 with its reason. */
class RequestLimitsTest {

    private static ScraperServer scraper;

    @BeforeAll
    static void start() {
        scraper = ScraperServer.start("feedscraper.max-urls", "3", "feedscraper.max-body-bytes", "200");
    }

    @AfterAll
    static void stop() {
        scraper.close();
    }

    @Test
    void refusesMoreUrlsThanAllowedWith413() {
        given().contentType("text/plain").body("http://a/1\nhttp://a/2\nhttp://a/3\nhttp://a/4\n")
                .when().post(scraper.url() + "/")
                .then().statusCode(413).body(equalTo("too many URLs: 4 (at most 3 per request)\n"));
    }

    @Test
    void countsOnlyNonBlankLines() {
        given().contentType("text/plain").body("\n\nftp://a/1\n\nftp://a/2\n\n\nftp://a/3\n\n")
                .when().post(scraper.url() + "/")
                .then().statusCode(200).body(equalTo("\n\n\n"));
    }

    @Test
    void refusesALargerBodyWith413() {
        given().contentType("text/plain").body("http://example.com/" + "x".repeat(300))
                .when().post(scraper.url() + "/")
                .then().statusCode(413).body(equalTo("request body is larger than 200 bytes\n"));
    }
}
