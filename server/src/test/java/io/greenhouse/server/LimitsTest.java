package io.greenhouse.server;

import static io.greenhouse.server.TestApps.assertRefused;
import static io.greenhouse.server.TestApps.exchange;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Size limits on the request line, header fields and body. */
class LimitsTest {

    private static TestServer server;
    private static TestApps.Recorder app;

    @BeforeAll
    static void start() {
        app = new TestApps.Recorder();
        server = TestServer.start(app,
                "server.max-request-line-bytes", "100",
                "server.max-header-field-bytes", "100",
                "server.max-header-count", "5",
                "server.max-header-bytes", "300",
                "server.max-body-bytes", "10");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String target(int requestLineLength) {
        return "/" + "a".repeat(requestLineLength - "GET / HTTP/1.1".length());
    }

    @Test
    void servesARequestLineAtTheLimit() {
        assertEquals(200, exchange(server, "GET " + target(100) + " HTTP/1.1\r\nHost: x\r\n\r\n").status());
    }

    @Test
    void answers414ForARequestLineOverTheLimit() {
        // RFC 9112 §3: a server that receives a target longer than it parses SHOULD answer 414
        assertRefused(server, "GET " + target(101) + " HTTP/1.1\r\nHost: x\r\n\r\n", 414);
    }

    @Test
    void answers414BeforeAnEndlessRequestLineEnds() {
        try (RawClient client = server.connect()) {
            client.send("GET /" + "a".repeat(5000));
            assertEquals(414, client.read().status());
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void answers431ForTooManyHeaderFields() {
        assertRefused(server, "GET / HTTP/1.1\r\nHost: x\r\n" + "X-A: 1\r\n".repeat(5) + "\r\n", 431);
    }

    @Test
    void servesTheMaximumNumberOfHeaderFields() {
        assertEquals(200, exchange(server, "GET / HTTP/1.1\r\nHost: x\r\n" + "X-A: 1\r\n".repeat(4) + "\r\n").status());
    }

    @Test
    void answers431ForAHeaderFieldOverTheLimit() {
        assertRefused(server, "GET / HTTP/1.1\r\nHost: x\r\nX-A: " + "v".repeat(100) + "\r\n\r\n", 431);
    }

    @Test
    void answers431WhenAllHeaderFieldsTogetherAreOverTheLimit() {
        String field = "X-A: " + "v".repeat(85) + "\r\n";  // 92 bytes with CRLF; four are over 300
        assertRefused(server, "GET / HTTP/1.1\r\nHost: x\r\n" + field.repeat(4) + "\r\n", 431);
    }

    @Test
    void servesABodyAtTheLimit() throws InterruptedException {
        assertEquals(200, exchange(server, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n0123456789").status());
        assertEquals("0123456789", app.next().get("test.body"));
    }

    @Test
    void answers413ForAContentLengthOverTheLimitWithoutCallingTheApp() {
        TestApps.Recorder own = new TestApps.Recorder();
        try (TestServer small = TestServer.start(own, "server.max-body-bytes", "10")) {
            assertRefused(small, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\n01234567890", 413);
            assertTrue(own.sawNothing());
        }
    }

    @Test
    void answers413ForAChunkedBodyOverTheLimit() {
        assertRefused(server, "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "6\r\n012345\r\n5\r\n67890\r\n0\r\n\r\n", 413);
    }

    private static final String CHUNKED = "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n0\r\n";

    @Test
    void servesTrailerFieldsWithinTheHeaderLimits() {
        assertEquals(200, exchange(server, CHUNKED + "X-T: " + "v".repeat(80) + "\r\n" + "X-U: 1\r\n".repeat(4) + "\r\n").status());
    }

    @Test
    void answers431ForATrailerFieldOverTheHeaderFieldLimit() {
        // RFC 9112 §7.1.2: trailer fields are bounded as header fields are
        assertRefused(server, CHUNKED + "X-T: " + "v".repeat(100) + "\r\n\r\n", 431);
    }

    @Test
    void answers431ForATrailerFieldNameThatNeverEnds() {
        try (RawClient client = server.connect()) {
            client.send(CHUNKED + "X".repeat(5000));
            assertEquals(431, client.read().status());
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void answers431WhenAllTrailerFieldsTogetherAreOverTheLimit() {
        String field = "X-T: " + "v".repeat(85) + "\r\n";
        assertRefused(server, CHUNKED + field.repeat(4) + "\r\n", 431);
    }

    @Test
    void answers431ForTooManyTrailerFields() {
        assertRefused(server, CHUNKED + "X-T: 1\r\n".repeat(6) + "\r\n", 431);
    }
}
