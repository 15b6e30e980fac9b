package io.greenhouse.server;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.greenhouse.spi.App;
import io.greenhouse.spi.Environ;
import io.greenhouse.spi.Header;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The App contract as an HTTP client sees it, through rest-assured against a running server:
 * what an app is given in its environ, and how what it returns comes back.
 */
@Timeout(30)
class AppApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Routes by path: /environ answers the environ's String values as JSON, the rest are below. */
    private static final App APP = (environ, startResponse) -> switch (Environ.path(environ)) {
        case "/environ" -> {
            Map<String, Object> strings = new TreeMap<>();
            environ.forEach((key, value) -> {
                if (value instanceof String) {
                    strings.put(key, value);
                }
            });
            strings.put("body", new String(Environ.readBody(environ, 1 << 20), StandardCharsets.UTF_8));
            startResponse.call("200 OK", List.of(new Header("Content-Type", "application/json")));
            yield List.of(JSON.writeValueAsBytes(strings));
        }
        case "/stream" -> {
            startResponse.call("200 OK", List.of(new Header("Content-Type", "text/plain")));
            Iterator<byte[]> lines = IntStream.range(0, 1000).mapToObj(i -> ("line " + i + "\n").getBytes(StandardCharsets.US_ASCII)).iterator();
            yield () -> lines;
        }
        case "/fails" -> throw new IllegalStateException("secret internals");
        default -> {
            startResponse.call("404 Not Found", List.of(new Header("Content-Type", "text/plain")));
            yield List.of("no such page\n".getBytes(StandardCharsets.US_ASCII));
        }
    };

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(APP);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theAppSeesTheDecodedPathTheRawQueryAndTheRawTarget() {
        given().urlEncodingEnabled(false)
                .when().get(server.url() + "/environ?q=a%20b&x=1")
                .then().statusCode(200)
                .body("PATH_INFO", equalTo("/environ"))
                .body("QUERY_STRING", equalTo("q=a%20b&x=1"))
                .body("REQUEST_URI", equalTo("/environ?q=a%20b&x=1"))
                .body("REQUEST_METHOD", equalTo("GET"))
                .body("SCRIPT_NAME", equalTo(""))
                .body("SERVER_PROTOCOL", equalTo("HTTP/1.1"));
    }

    @Test
    void theAppSeesHeadersAsHttpKeysAndTheServerFromHost() {
        given().header("X-Request-Id", "abc-123").header("Host", "feeds.example:8443")
                .when().get(server.url() + "/environ")
                .then().statusCode(200)
                .body("HTTP_X_REQUEST_ID", equalTo("abc-123"))
                .body("SERVER_NAME", equalTo("feeds.example"))
                .body("SERVER_PORT", equalTo("8443"))
                .body("REMOTE_ADDR", equalTo("127.0.0.1"))
                .body("HTTP_HOST", equalTo("feeds.example:8443"));
    }

    @Test
    void aPostedBodyArrivesThroughWsgiInputWithItsTypeAndLength() {
        given().contentType("text/plain; charset=utf-8").body("grüße")
                .when().post(server.url() + "/environ")
                .then().statusCode(200)
                .body("body", equalTo("grüße"))
                .body("CONTENT_TYPE", equalTo("text/plain; charset=utf-8"))
                .body("CONTENT_LENGTH", equalTo("7"))
                .body("HTTP_CONTENT_TYPE", nullValue())
                .body("HTTP_CONTENT_LENGTH", nullValue());
    }

    @Test
    void aLazyBodyStreamsChunkedAndArrivesWhole() {
        String body = given().when().get(server.url() + "/stream")
                .then().statusCode(200)
                .header("Transfer-Encoding", equalTo("chunked"))
                .header("Content-Length", nullValue())
                .extract().asString();
        assertEquals(1000, body.lines().count());
        assertEquals("line 999", body.lines().reduce((a, b) -> b).orElseThrow());
    }

    @Test
    void theAppsOwnStatusAndBodyComeBackAsGiven() {
        given().when().get(server.url() + "/nowhere")
                .then().statusCode(404)
                .contentType("text/plain")
                .body(equalTo("no such page\n"));
    }

    @Test
    void aFailingAppIsA500WithAOneLineReasonAndNoInternals() {
        given().when().get(server.url() + "/fails")
                .then().statusCode(500)
                .header("Connection", equalTo("close"))
                .body(equalTo("internal server error\n"))
                .body(not(containsString("secret")));
    }

    @Test
    void headGetsTheHeadersOfGetWithoutTheBody() {
        given().when().head(server.url() + "/nowhere")
                .then().statusCode(404)
                .header("Content-Length", equalTo("13"))
                .body(emptyString());
    }

    @Test
    void everyResponseCarriesDateAndServer() {
        given().when().get(server.url() + "/nowhere")
                .then().header("Date", containsString(" GMT"))
                .header("Server", equalTo("Greenhouse"));
    }
}
