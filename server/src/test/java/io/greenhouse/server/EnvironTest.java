package io.greenhouse.server;

import static io.greenhouse.server.TestApps.assertRefused;
import static io.greenhouse.server.TestApps.exchange;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.greenhouse.spi.Environ;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The environ each request gets (PEP 3333 "environ Variables", and Environ.java). */
class EnvironTest {

    private static TestServer server;
    private static TestApps.Recorder app;

    @BeforeAll
    static void start() {
        app = new TestApps.Recorder();
        server = TestServer.start(app);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Map<String, Object> environOf(String request) throws InterruptedException {
        RawClient.Response response = exchange(server, request);
        assertEquals(200, response.status(), () -> "status for " + request);
        return app.next();
    }

    private static Map<String, Object> environOfGet(String target, String... headerLines) throws InterruptedException {
        StringBuilder request = new StringBuilder("GET ").append(target).append(" HTTP/1.1\r\nHost: example.org\r\n");
        for (String line : headerLines) {
            request.append(line).append("\r\n");
        }
        return environOf(request.append("\r\n").toString());
    }

    @Test
    void carriesTheMethodAndAnEmptyScriptName() throws InterruptedException {
        Map<String, Object> environ = environOf("DELETE /x HTTP/1.1\r\nHost: h\r\n\r\n");
        assertEquals("DELETE", environ.get("REQUEST_METHOD"));
        assertEquals("", environ.get("SCRIPT_NAME"));
    }

    @Test
    void carriesAnExtensionMethodAsSent() throws InterruptedException {
        assertEquals("PURGE", environOf("PURGE / HTTP/1.1\r\nHost: h\r\n\r\n").get("REQUEST_METHOD"));
    }

    @Test
    void decodesPathInfoAsUtf8() throws InterruptedException {
        assertEquals("/caf\u00e9 au lait/\u2603", environOfGet("/caf%C3%A9%20au%20lait/%e2%98%83").get("PATH_INFO"));
    }

    @Test
    void decodesRawUtf8BytesInThePath() throws InterruptedException {
        assertEquals("/caf\u00e9", environOfGet("/caf\u00c3\u00a9").get("PATH_INFO"));
    }

    @Test
    void decodesAnEncodedSlashIntoPathInfo() throws InterruptedException {
        assertEquals("/a/b/c", environOfGet("/a%2Fb%2fc").get("PATH_INFO"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/%C3%28", "/%FF", "/%C3", "/%ED%A0%80", "/a%00b", "/%", "/%4", "/%zz", "/%4g"})
    void rejectsPathsThatDoNotDecode(String target) {
        assertRefused(server, "GET " + target + " HTTP/1.1\r\nHost: h\r\n\r\n", 400);
    }

    @Test
    void keepsTheQueryStringRaw() throws InterruptedException {
        Map<String, Object> environ = environOfGet("/p?a=%20b&c=d%2F+e?f");
        assertEquals("/p", environ.get("PATH_INFO"));
        assertEquals("a=%20b&c=d%2F+e?f", environ.get("QUERY_STRING"));
    }

    @Test
    void givesAnEmptyQueryStringWhenAbsent() throws InterruptedException {
        assertEquals("", environOfGet("/p").get("QUERY_STRING"));
        assertEquals("", environOfGet("/p?").get("QUERY_STRING"));
    }

    @Test
    void keepsTheRawTargetAsRequestUri() throws InterruptedException {
        assertEquals("/a%2Fb?x=%20", environOfGet("/a%2Fb?x=%20").get("REQUEST_URI"));
        assertEquals("http://example.org/p?q", environOfGet("http://example.org/p?q").get("REQUEST_URI"));
    }

    @Test
    void carriesContentTypeAndLengthWithoutHttpPrefix() throws InterruptedException {
        Map<String, Object> environ = environOf("POST / HTTP/1.1\r\nHost: h\r\nContent-Type: text/plain\r\n"
                + "Content-Length: 3\r\n\r\nabc");
        assertEquals("text/plain", environ.get("CONTENT_TYPE"));
        assertEquals("3", environ.get("CONTENT_LENGTH"));
        assertFalse(environ.containsKey("HTTP_CONTENT_TYPE"));
        assertFalse(environ.containsKey("HTTP_CONTENT_LENGTH"));
    }

    @Test
    void carriesARepeatedIdenticalContentLengthAsOneValue() throws InterruptedException {
        // RFC 9110 §8.6: the repeats may be taken as one, and the app's Environ.contentLength must parse it
        Map<String, Object> environ = environOf("POST / HTTP/1.1\r\nHost: h\r\n"
                + "Content-Length: 3\r\nContent-Length: 3\r\n\r\nabc");
        assertEquals("3", environ.get("CONTENT_LENGTH"));
        assertEquals(3, Environ.contentLength(environ));
    }

    @Test
    void omitsContentTypeAndLengthWhenNotSent() throws InterruptedException {
        Map<String, Object> environ = environOfGet("/");
        assertFalse(environ.containsKey("CONTENT_TYPE"));
        assertFalse(environ.containsKey("CONTENT_LENGTH"));
    }

    @Test
    void takesServerNameAndPortFromTheHost() throws InterruptedException {
        Map<String, Object> environ = environOf("GET / HTTP/1.1\r\nHost: www.example.org:8080\r\n\r\n");
        assertEquals("www.example.org", environ.get("SERVER_NAME"));
        assertEquals("8080", environ.get("SERVER_PORT"));
    }

    @Test
    void takesPort80WhenTheHostHasNone() throws InterruptedException {
        Map<String, Object> environ = environOf("GET / HTTP/1.1\r\nHost: www.example.org\r\n\r\n");
        assertEquals("www.example.org", environ.get("SERVER_NAME"));
        assertEquals("80", environ.get("SERVER_PORT"));
    }

    @Test
    void takesAnIpv6HostApart() throws InterruptedException {
        Map<String, Object> environ = environOf("GET / HTTP/1.1\r\nHost: [::1]:81\r\n\r\n");
        assertEquals("[::1]", environ.get("SERVER_NAME"));
        assertEquals("81", environ.get("SERVER_PORT"));
    }

    @Test
    void prefersTheAuthorityOfAnAbsoluteFormTargetOverHost() throws InterruptedException {
        // RFC 9112 §3.2.2: the target's authority replaces Host
        Map<String, Object> environ = environOf("GET http://origin.example:8000/p?q=1 HTTP/1.1\r\nHost: other\r\n\r\n");
        assertEquals("origin.example", environ.get("SERVER_NAME"));
        assertEquals("8000", environ.get("SERVER_PORT"));
        assertEquals("/p", environ.get("PATH_INFO"));
        assertEquals("q=1", environ.get("QUERY_STRING"));
        assertEquals("origin.example:8000", environ.get("HTTP_HOST"));  // Host is ignored, not just outranked
    }

    @Test
    void takesTheDefaultPortWhenTheHostEndsInAColon() throws InterruptedException {
        Map<String, Object> environ = environOf("GET / HTTP/1.1\r\nHost: www.example.org:\r\n\r\n");
        assertEquals("www.example.org", environ.get("SERVER_NAME"));
        assertEquals("80", environ.get("SERVER_PORT"));
    }

    @Test
    void refusesAHostWhosePortIsNotANumber() {
        // RFC 9112 §3.2: 400 for "a Host header field with an invalid field value"
        assertRefused(server, "GET / HTTP/1.1\r\nHost: www.example.org:80a\r\n\r\n", 400);
    }

    @Test
    void takesPort80WhenTheAbsoluteFormAuthorityHasNone() throws InterruptedException {
        Map<String, Object> environ = environOf("GET http://origin.example/p HTTP/1.1\r\nHost: other:9\r\n\r\n");
        assertEquals("origin.example", environ.get("SERVER_NAME"));
        assertEquals("80", environ.get("SERVER_PORT"));
    }

    @Test
    void givesAnAbsoluteFormTargetWithoutPathTheRootPath() throws InterruptedException {
        // RFC 9112 §3.2.2: an empty path in absolute-form is "/"
        Map<String, Object> environ = environOf("GET http://origin.example?q HTTP/1.1\r\nHost: origin.example\r\n\r\n");
        assertEquals("/", environ.get("PATH_INFO"));
        assertEquals("q", environ.get("QUERY_STRING"));
    }

    @Test
    void fallsBackToTheBoundAddressWithoutHost() throws InterruptedException {
        Map<String, Object> environ = environOf("GET / HTTP/1.0\r\n\r\n");
        assertEquals("127.0.0.1", environ.get("SERVER_NAME"));
        assertEquals(Integer.toString(server.port()), environ.get("SERVER_PORT"));
    }

    @Test
    void reportsTheProtocolServed() throws InterruptedException {
        assertEquals("HTTP/1.1", environOfGet("/").get("SERVER_PROTOCOL"));
        assertEquals("HTTP/1.0", environOf("GET / HTTP/1.0\r\n\r\n").get("SERVER_PROTOCOL"));
        assertEquals("HTTP/1.1", environOf("GET / HTTP/1.2\r\nHost: h\r\n\r\n").get("SERVER_PROTOCOL"));
    }

    @Test
    void reportsTheClientsAddressAndPort() throws InterruptedException {
        try (RawClient client = server.connect()) {
            assertEquals(200, client.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n").read().status());
            Map<String, Object> environ = app.next();
            assertEquals("127.0.0.1", environ.get("REMOTE_ADDR"));
            assertEquals(Integer.toString(client.socket().getLocalPort()), environ.get("REMOTE_PORT"));
        }
    }

    @Test
    void carriesOtherHeadersAsHttpKeys() throws InterruptedException {
        Map<String, Object> environ = environOfGet("/", "accept-ENCODING: gzip", "X-Custom-Thing: 1", "DNT: 1");
        assertEquals("gzip", environ.get("HTTP_ACCEPT_ENCODING"));
        assertEquals("1", environ.get("HTTP_X_CUSTOM_THING"));
        assertEquals("1", environ.get("HTTP_DNT"));
        assertEquals("example.org", environ.get("HTTP_HOST"));
    }

    @Test
    void joinsRepeatedHeadersWithCommas() throws InterruptedException {
        assertEquals("a,b, c", environOfGet("/", "X-A: a", "X-A: b, c").get("HTTP_X_A"));
    }

    @Test
    void joinsRepeatedCookieHeadersWithSemicolons() throws InterruptedException {
        // RFC 9113 §8.2.3 / RFC 6265 §5.4: cookie-pairs are separated by "; "
        assertEquals("a=1; b=2", environOfGet("/", "Cookie: a=1", "Cookie: b=2").get("HTTP_COOKIE"));
    }

    @Test
    void dropsHeadersWhoseNamesContainUnderscores() throws InterruptedException {
        // X_Forwarded_For would pass for X-Forwarded-For: both become HTTP_X_FORWARDED_FOR
        Map<String, Object> environ = environOfGet("/", "X_Forwarded_For: 6.6.6.6", "X-Real_IP: 6.6.6.6");
        assertNull(environ.get("HTTP_X_FORWARDED_FOR"));
        assertNull(environ.get("HTTP_X_REAL_IP"));
    }

    @Test
    void dropsAnUnderscoredHeaderWithoutTouchingItsDashedTwin() throws InterruptedException {
        Map<String, Object> environ = environOfGet("/", "X-Forwarded-For: 1.2.3.4", "X_Forwarded_For: 6.6.6.6");
        assertEquals("1.2.3.4", environ.get("HTTP_X_FORWARDED_FOR"));
    }

    @Test
    void decodesHeaderValuesAsIso88591() throws InterruptedException {
        assertEquals("caf\u00c3\u00a9 \u00ff", environOfGet("/", "X-A: caf\u00c3\u00a9 \u00ff").get("HTTP_X_A"));
    }

    @Test
    void stripsWhitespaceAroundHeaderValues() throws InterruptedException {
        assertEquals("a b", environOfGet("/", "X-A: \t a b \t").get("HTTP_X_A"));
    }

    @Test
    void carriesTheWsgiKeys() throws InterruptedException {
        Map<String, Object> environ = environOfGet("/");
        assertEquals(List.of(1, 0), environ.get("wsgi.version"));
        assertEquals("http", environ.get("wsgi.url_scheme"));
        assertInstanceOf(InputStream.class, environ.get("wsgi.input"));
        assertInstanceOf(PrintStream.class, environ.get("wsgi.errors"));
        assertEquals(Boolean.TRUE, environ.get("wsgi.multithread"));
        assertEquals(Boolean.FALSE, environ.get("wsgi.multiprocess"));
        assertEquals(Boolean.FALSE, environ.get("wsgi.run_once"));
        assertInstanceOf(List.class, environ.get("greenhouse.posthooks"));
        assertTrue(((List<?>) environ.get("greenhouse.posthooks")).isEmpty());
    }

    @Test
    void reportsTheConfiguredUrlScheme() throws InterruptedException {
        TestApps.Recorder own = new TestApps.Recorder();
        try (TestServer https = TestServer.start(own, "server.url-scheme", "https")) {
            exchange(https, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
            Map<String, Object> environ = own.next();
            assertEquals("https", environ.get("wsgi.url_scheme"));
            assertEquals("443", environ.get("SERVER_PORT"));
        }
    }

    @Test
    void givesAnEmptyInputWhenThereIsNoBody() throws InterruptedException {
        assertEquals("", environOfGet("/").get("test.body"));
    }

    @Test
    void givesTheBodyDechunkedAsInput() throws InterruptedException {
        Map<String, Object> environ = environOf("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "3\r\nabc\r\n2;x=y\r\nde\r\n0\r\nX-T: 1\r\n\r\n");
        assertEquals("abcde", environ.get("test.body"));
        assertNull(environ.get("CONTENT_LENGTH"));
        assertEquals("chunked", environ.get("HTTP_TRANSFER_ENCODING"));
    }

    @Test
    void endsTheInputAtTheBodyNotAtTheNextPipelinedRequest() throws InterruptedException {
        try (RawClient client = server.connect()) {
            client.send("POST /1 HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc"
                    + "POST /2 HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nde\r\n0\r\n\r\n"
                    + "GET /3 HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
            assertEquals(3, client.readAllUntilClose().size());
        }
        assertEquals("abc", app.next().get("test.body"));
        assertEquals("de", app.next().get("test.body"));
        assertEquals("", app.next().get("test.body"));
    }

    @Test
    void inputAnswersMinusOneAgainAfterItsEnd() throws Exception {
        io.greenhouse.spi.App twice = (environ, startResponse) -> {
            InputStream in = Environ.input(environ);
            String first = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
            String after = in.read() + "," + in.read(new byte[4], 0, 4);
            startResponse.call("200 OK", List.of());
            return List.of(TestApps.bytes(first + "|" + after));
        };
        try (TestServer own = TestServer.start(twice)) {
            assertEquals("abc|-1,-1", exchange(own, "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc").bodyText());
            assertEquals("ab|-1,-1", exchange(own, "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "2\r\nab\r\n0\r\n\r\n").bodyText());
        }
    }

    @Test
    void inputAnswersZeroToAReadOfNothingBodyOrNone() {
        // InputStream's contract: a read of length 0 reads nothing and answers 0, never -1
        io.greenhouse.spi.App reader = (environ, startResponse) -> {
            String zero = String.valueOf(Environ.input(environ).read(new byte[4], 0, 0));
            startResponse.call("200 OK", List.of());
            return List.of(TestApps.bytes(zero));
        };
        try (TestServer own = TestServer.start(reader)) {
            assertEquals("0", exchange(own, "GET / HTTP/1.1\r\nHost: h\r\n\r\n").bodyText());
            assertEquals("0", exchange(own, "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc").bodyText());
        }
    }

    @Test
    void givesEachRequestAFreshEnviron() throws InterruptedException {
        io.greenhouse.spi.App scribbler = (environ, startResponse) -> {
            String before = String.valueOf(environ.get("test.mark"));
            environ.put("test.mark", "set");
            startResponse.call("200 OK", List.of());
            return List.of(TestApps.bytes(before));
        };
        try (TestServer own = TestServer.start(scribbler); RawClient client = own.connect()) {
            assertEquals("null", client.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n").read().bodyText());
            assertEquals("null", client.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n").read().bodyText());
        }
    }
}
