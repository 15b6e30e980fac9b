package io.greenhouse.feedscraper;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Server-side request forgery: by default, hosts on loopback, private, link-local or metadata
 * addresses are refused before any connection is made.
 */
class AddressRefusalTest {

    private static FeedServer feeds;
    private static ScraperServer scraper;

    @BeforeAll
    static void start() {
        feeds = FeedServer.start().rss("/a", "Alpha", 1);
        scraper = ScraperServer.startExactly(); // the defaults: private networks refused
    }

    @AfterAll
    static void stop() {
        scraper.close();
        feeds.close();
    }

    @Test
    void refusesLoopbackAndPrivateHostsWithoutConnecting() {
        List<String> urls = List.of(feeds.url("/a"), feeds.localhostUrl("/a"), "http://[::1]:" + feeds.port() + "/a",
                "http://0.0.0.0:" + feeds.port() + "/a", "http://169.254.169.254/latest/meta-data/",
                "http://10.1.2.3/feed", "http://192.168.0.1/feed", "http://172.16.0.1/feed", "http://[fd00::1]/feed",
                "http://[::ffff:127.0.0.1]:" + feeds.port() + "/a", "http://2130706433:" + feeds.port() + "/a",
                "http://198.18.0.1/feed", "http://[64:ff9b::7f00:1]:" + feeds.port() + "/a", "http://[2002:7f00:1::1]:" + feeds.port() + "/a",
                "http://[2001:db8::1]/feed", "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/feed");
        List<Map<String, Object>> results = given().accept("application/json").contentType("text/plain")
                .body(String.join("\n", urls))
                .when().post(scraper.url() + "/")
                .then().statusCode(200).extract().jsonPath().getList("$");
        for (Map<String, Object> result : results) {
            String status = (String) result.get("status");
            assertTrue(status.equals("refused_address") || status.equals("unknown_host"), () -> "not refused: " + result);
        }
        assertEquals("refused_address", results.get(0).get("status"));
        assertTrue(((String) results.get(0).get("error")).contains("non-public address 127.0.0.1"));
        assertEquals(0, feeds.hits("/a"), "a refused host was connected to");
    }

    @Test
    void classifiesAddresses() throws UnknownHostException {
        for (String nonPublic : List.of("127.0.0.1", "10.0.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254",
                "100.64.0.1", "0.0.0.0", "224.0.0.1", "255.255.255.255", "::1", "fe80::1", "fc00::1", "::ffff:10.0.0.1", "::")) {
            assertTrue(SpecialPurposeAddresses.isNonPublic(InetAddress.getByName(nonPublic)), nonPublic);
        }
        for (String pub : List.of("93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111")) {
            assertFalse(SpecialPurposeAddresses.isNonPublic(InetAddress.getByName(pub)), pub);
        }
    }
}
