package io.greenhouse.server;

import static io.greenhouse.server.TestApps.assertRefused;
import static io.greenhouse.server.TestApps.exchange;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A TLS-terminating proxy tells the server its client's scheme in a header (X-Forwarded-Proto
 * and kin, server.secure-scheme-headers); the server believes it only from the peers in
 * server.forwarded-allow-ips (by default loopback, where these tests connect from), and then
 * reports it as wsgi.url_scheme (PEP 3333), with the scheme's default SERVER_PORT.
 */
class ForwardedSchemeTest {

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

    private static Map<String, Object> environOf(TestServer on, TestApps.Recorder recorder, String... headerLines)
            throws InterruptedException {
        StringBuilder request = new StringBuilder("GET / HTTP/1.1\r\n");
        for (String line : headerLines) {
            request.append(line).append("\r\n");
        }
        RawClient.Response response = exchange(on, request.append("\r\n").toString());
        assertEquals(200, response.status(), response.bodyText());
        return recorder.next();
    }

    private static Map<String, Object> environOf(String... headerLines) throws InterruptedException {
        return environOf(server, app, headerLines);
    }

    @Test
    void xForwardedProtoHttpsFromATrustedPeerMakesTheSchemeHttps() throws InterruptedException {
        Map<String, Object> environ = environOf("Host: example.org", "X-Forwarded-Proto: https");
        assertEquals("https", environ.get("wsgi.url_scheme"));
        assertEquals("443", environ.get("SERVER_PORT"), "the default port of the scheme the client used");
        assertEquals("https", environ.get("HTTP_X_FORWARDED_PROTO"), "the header still reaches the app");
    }

    @Test
    void anExplicitPortInHostIsKept() throws InterruptedException {
        assertEquals("8443", environOf("Host: example.org:8443", "X-Forwarded-Proto: https").get("SERVER_PORT"));
    }

    @Test
    void eachDefaultHeaderSaysHttpsByItsOwnValue() throws InterruptedException {
        assertEquals("https", environOf("Host: h", "X-Forwarded-Ssl: on").get("wsgi.url_scheme"));
        assertEquals("https", environOf("Host: h", "X-Forwarded-Protocol: ssl").get("wsgi.url_scheme"));
        assertEquals("https", environOf("Host: h", "x-forwarded-proto: HTTPS").get("wsgi.url_scheme"),
                "field names and schemes are case-insensitive");
    }

    @Test
    void anyOtherValueSaysHttp() throws InterruptedException {
        assertEquals("http", environOf("Host: h", "X-Forwarded-Proto: http").get("wsgi.url_scheme"));
        assertEquals("http", environOf("Host: h", "X-Forwarded-Ssl: off").get("wsgi.url_scheme"));
    }

    @Test
    void headersThatAgreeAreAccepted() throws InterruptedException {
        assertEquals("https", environOf("Host: h", "X-Forwarded-Proto: https", "X-Forwarded-Ssl: on")
                .get("wsgi.url_scheme"));
    }

    @Test
    void headersThatDisagreeAreRefused() {
        RawClient.Response response = assertRefused(server,
                "GET / HTTP/1.1\r\nHost: h\r\nX-Forwarded-Proto: https\r\nX-Forwarded-Ssl: off\r\n\r\n", 400);
        assertEquals("conflicting scheme headers (X-Forwarded-Proto, X-Forwarded-Ssl, X-Forwarded-Protocol)\n",
                response.bodyText());
    }

    @Test
    void aRepeatedHeaderThatDisagreesWithItselfIsRefused() {
        assertRefused(server, "GET / HTTP/1.1\r\nHost: h\r\nX-Forwarded-Proto: https\r\nX-Forwarded-Proto: http\r\n\r\n", 400);
    }

    @Test
    void withoutSchemeHeadersTheConfiguredSchemeStands() throws InterruptedException {
        assertEquals("http", environOf("Host: h").get("wsgi.url_scheme"));
        TestApps.Recorder own = new TestApps.Recorder();
        try (TestServer https = TestServer.start(own, "server.url-scheme", "https")) {
            assertEquals("https", environOf(https, own, "Host: h").get("wsgi.url_scheme"));
            assertEquals("http", environOf(https, own, "Host: h", "X-Forwarded-Proto: http").get("wsgi.url_scheme"),
                    "a trusted proxy's word is more specific than the configured default");
        }
    }

    @Test
    void aPeerNotInTheAllowListIsNotBelieved() throws InterruptedException {
        TestApps.Recorder own = new TestApps.Recorder();
        try (TestServer untrusting = TestServer.start(own, "server.forwarded-allow-ips", "10.0.0.0/8, fd00::/8")) {
            Map<String, Object> environ = environOf(untrusting, own, "Host: h", "X-Forwarded-Proto: https");
            assertEquals("http", environ.get("wsgi.url_scheme"));
            assertEquals("80", environ.get("SERVER_PORT"));
            assertEquals("https", environ.get("HTTP_X_FORWARDED_PROTO"), "passed on as any other header");
            environOf(untrusting, own, "Host: h", "X-Forwarded-Proto: https", "X-Forwarded-Ssl: off");  // no conflict to see
        }
    }

    @Test
    void theSchemeHeadersCanBeNamed() throws InterruptedException {
        TestApps.Recorder own = new TestApps.Recorder();
        try (TestServer custom = TestServer.start(own, "server.secure-scheme-headers", "X-Scheme: https, Front-End-Https: on")) {
            assertEquals("https", environOf(custom, own, "Host: h", "Front-End-Https: on").get("wsgi.url_scheme"));
            assertEquals("http", environOf(custom, own, "Host: h", "X-Forwarded-Proto: https").get("wsgi.url_scheme"),
                    "only the named headers count");
        }
    }

    @Test
    void noSchemeHeadersMeansNoneAreRead() throws InterruptedException {
        TestApps.Recorder own = new TestApps.Recorder();
        try (TestServer none = TestServer.start(own, "server.secure-scheme-headers", "")) {
            assertEquals("http", environOf(none, own, "Host: h", "X-Forwarded-Proto: https").get("wsgi.url_scheme"));
        }
    }

    @Test
    void aSchemeHeaderSettingMustNameAFieldAndAValue() {
        for (String spec : new String[] {"X-Forwarded-Proto", "X-Forwarded-Proto:", "Bad Name: https"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Settings.of(Map.of("server.secure-scheme-headers", spec)));
            assertTrue(e.getMessage().startsWith("setting server.secure-scheme-headers = '" + spec + "' is not valid"),
                    e.getMessage());
        }
    }
}
