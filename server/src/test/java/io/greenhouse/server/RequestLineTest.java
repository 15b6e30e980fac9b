package io.greenhouse.server;

import static io.greenhouse.server.TestApps.assertRefused;
import static io.greenhouse.server.TestApps.bytes;
import static io.greenhouse.server.TestApps.exchange;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The request line: method, request-target and version (RFC 9112 §3). */
class RequestLineTest {

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(TestApps.ECHO);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void servesOriginFormTarget() {
        RawClient.Response response = exchange(server, "GET /a/b?c=d HTTP/1.1\r\nHost: x\r\n\r\n");
        assertEquals("HTTP/1.1 200 OK", response.statusLine());
        assertEquals("/a/b", response.header("X-Path"));
    }

    @Test
    void servesAbsoluteFormTarget() {
        RawClient.Response response = exchange(server, "GET http://example.org/p?q HTTP/1.1\r\nHost: example.org\r\n\r\n");
        assertEquals(200, response.status());
        assertEquals("/p", response.header("X-Path"));
    }

    @Test
    void servesAsteriskFormForOptions() {
        assertEquals(200, exchange(server, "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n").status());
    }

    @Test
    void servesARequestSentOneByteAtATime() {
        try (RawClient client = server.connect()) {
            RawClient.Response response = client.sendByteByByte(bytes("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")).read();
            assertEquals(200, response.status());
            assertEquals("/slow", response.header("X-Path"));
        }
    }

    @Test
    void ignoresEmptyLinesBeforeTheRequestLine() {
        // RFC 9112 §2.2: a server SHOULD ignore at least one empty line before the request-line
        assertEquals(200, exchange(server, "\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n").status());
    }

    @Test
    void servesHttp12AsHttp11() {
        // RFC 9110 §6.2: a server answers with the highest minor version it supports
        assertEquals("HTTP/1.1 200 OK", exchange(server, "GET / HTTP/1.2\r\nHost: x\r\n\r\n").statusLine());
    }

    @Test
    void rejectsLowercaseMethod() {
        // RFC 9110 §9.1: methods are case-sensitive
        assertRefused(server, "get / HTTP/1.1\r\nHost: x\r\n\r\n", 400);
    }

    @Test
    void rejectsAsteriskFormForGet() {
        assertRefused(server, "GET * HTTP/1.1\r\nHost: x\r\n\r\n", 400);
    }

    @Test
    void rejectsAuthorityFormForGet() {
        // RFC 9112 §3.2.3: authority-form is only for CONNECT
        assertRefused(server, "GET example.com:443 HTTP/1.1\r\nHost: example.com\r\n\r\n", 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "example.com", "example.com:", "http://example.com:443/", ":443"})
    void rejectsAConnectTargetThatIsNotHostAndPort(String target) {
        // RFC 9112 §3.2.3: CONNECT's target is authority-form, uri-host ":" port, and nothing else
        assertRefused(server, "CONNECT " + target + " HTTP/1.1\r\nHost: example.com:443\r\n\r\n", 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://:80/p", "http://:/p", "http://a%zz/p"})
    void rejectsAnAbsoluteTargetWithoutAValidHost(String target) {
        // RFC 9110 §4.2.1: a recipient MUST reject an http URI with an empty host
        assertRefused(server, "GET " + target + " HTTP/1.1\r\nHost: a\r\n\r\n", 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {":80", ":", "a%zz"})
    void rejectsAHostFieldWithoutAValidHost(String host) {
        // an empty Host field is allowed (RFC 9112 §3.2), a port without its host is not
        assertRefused(server, "GET / HTTP/1.1\r\nHost: " + host + "\r\n\r\n", 400);
    }

    @Test
    void rejectsRelativeTarget() {
        assertRefused(server, "GET a/b HTTP/1.1\r\nHost: x\r\n\r\n", 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "GET  / HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET / HTTP/1.1 \r\nHost: x\r\n\r\n",
        "GET\t/ HTTP/1.1\r\nHost: x\r\n\r\n",
        " GET / HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /\r\nHost: x\r\n\r\n",
        "GET\r\n\r\n",
        "G(T / HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET / a HTTP/1.1\r\nHost: x\r\n\r\n",
    })
    void rejectsMalformedRequestLine(String request) {
        assertRefused(server, request, 400);
    }

    @Test
    void rejectsBareLfEndingTheRequestLine() {
        assertRefused(server, "GET / HTTP/1.1\nHost: x\r\n\r\n", 400);
    }

    @Test
    void rejectsBareCrInTheRequestLine() {
        assertRefused(server, "GET /\r HTTP/1.1\r\nHost: x\r\n\r\n", 400);
    }

    @Test
    void refusesATlsHandshakeAtOnceWithoutWaitingForALineEnd() {
        byte[] clientHello = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03, 0x03};
        RawClient.Response response = assertRefused(server, clientHello, 400);
        assertEquals("a TLS handshake sent to a plain HTTP port\n", response.bodyText());
    }

    @Test
    void refusesBytesThatAreNoMethodAtOnceWithoutWaitingForALineEnd() {
        assertRefused(server, "\0\1GARBAGE", 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET /a\u0001b", "GET / \u0000", "GET  /", "GET /a\rb", "GET / HTTP/1.1 x"})
    void refusesABadRequestLineAtOnceWithoutWaitingForItsEnd(String start) {
        // no CRLF ends it: the byte at fault is enough (RFC 9112 §3)
        assertRefused(server, start, 400);
    }

    @Test
    void waitsForTheRestOfARequestLineThatIsGoodSoFar() {
        try (RawClient client = server.connect()) {
            client.send("GET /a?b=\u00ff");  // obs-text is allowed in a target
            client.send(" HTTP/1.");
            client.send("1\r");
            client.send("\nHost: x\r\n\r\n");
            assertEquals(200, client.read().status());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hello\r\n", "GET /\r\n", "GET / HTTP/7.1\r\n", "GET  / HTTP/1.1\r\nHost: x\r\n"})
    void refusesABadRequestLineOnceItHasEndedNotWhenTheHeadHas(String start) {
        // the rest of the head never comes: it waited for it, then answered 408 after 20 s
        RawClient.Response response = assertRefused(server, start, start.contains("7.1") ? 505 : 400);
        assertTrue(response.bodyText().startsWith("invalid") || response.bodyText().startsWith("HTTP version"), response.bodyText());
    }

    @Test
    void rejectsABareCrEndingTheRequestLineAtOnce() {
        assertRefused(server, "GET / HTTP/1.0\r\r\n", 400);
    }

    @Test
    void rejectsNulInTheTarget() {
        assertRefused(server, "GET /a\0b HTTP/1.1\r\nHost: x\r\n\r\n", 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"HTTP/2.0", "HTTP/0.9", "HTTP/3.0", "FOO/1.1", "http/1.1", "HTTP/1.10", "HTTP/11"})
    void answers505ForUnsupportedProtocols(String version) {
        assertRefused(server, "GET / " + version + "\r\nHost: x\r\n\r\n", 505);
    }
}
