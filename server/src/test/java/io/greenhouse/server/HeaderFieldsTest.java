package io.greenhouse.server;

import static io.greenhouse.server.TestApps.assertRefused;
import static io.greenhouse.server.TestApps.exchange;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Header field syntax and Host (RFC 9112 §5, §3.2; RFC 9110 §5). */
class HeaderFieldsTest {

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(TestApps.OK);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void acceptsOptionalWhitespaceAroundValues() {
        assertEquals(200, exchange(server, "GET / HTTP/1.1\r\nHost:x\r\nX-A: \t v \t\r\n\r\n").status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"foo", "X-A : v", " folded", "X-A: \0", ": v"})
    void refusesABadFieldLineOnceItHasEndedNotWhenTheHeadHas(String line) {
        // the rest of the head never comes: it waited for it, then answered 408 after 20 s
        assertRefused(server, "GET / HTTP/1.1\r\nHost: x\r\n" + line + "\r\n", 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"X Y: z", "X-A: a\0", "X-A: a\r\n b", "X-A\1", " folded", "X-A: a\rb"})
    void refusesABadFieldLineAtOnceWithoutWaitingForItsEnd(String start) {
        // no CRLF ends it, nor the head: the byte at fault is enough (RFC 9112 §5; RFC 9110 §5.5)
        assertRefused(server, "GET / HTTP/1.1\r\nHost: x\r\n" + start, 400);
    }

    @Test
    void waitsForTheRestOfAFieldLineThatIsGoodSoFar() {
        try (RawClient client = server.connect()) {
            client.send("GET / HTTP/1.1\r\nHost: x\r\nX-A: a b\t\r");
            client.send("\nX-B");  // a name still coming
            client.send(": 2\r");  // a CR whose LF may be next
            client.send("\n\r");
            client.send("\n");
            assertEquals(200, client.read().status());
        }
    }

    @Test
    void servesAHeadWhoseGoodFieldLinesCameInPieces() {
        try (RawClient client = server.connect()) {
            client.send("GET / HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n");
            client.send("X-B: 2\r\nX-C");
            client.send(": 3\r\n\r\n");
            assertEquals(200, client.read().status());
        }
    }

    @Test
    void checksAHeadThatCameInPiecesOnItsOwnNotWithThePreviousOnesFields() {
        // the check of a split head's lines starts afresh: the Content-Length of the request
        // before it on the connection is no conflict
        try (RawClient client = server.connect()) {
            assertEquals(200, client.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello").read().status());
            client.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\n");
            client.send("X-A: 1\r\n\r\nhello!");
            assertEquals(200, client.read().status());
        }
    }

    @Test
    void rejectsWhitespaceBeforeColon() {
        // RFC 9112 §5.1: MUST reject with 400
        assertRefused(server, "GET / HTTP/1.1\r\nHost: x\r\nX-A : v\r\n\r\n", 400);
    }

    @Test
    void rejectsObsoleteLineFolding() {
        // RFC 9112 §5.2: a server may reject obs-fold with 400; we do, folding hides fields
        assertRefused(server, "GET / HTTP/1.1\r\nHost: x\r\nX-A: v\r\n w\r\n\r\n", 400);
    }

    @Test
    void rejectsFoldedFirstField() {
        assertRefused(server, "GET / HTTP/1.1\r\n Host: x\r\n\r\n", 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"X[A]", "X A", "X\"A", "X/A", "X(A)", "X@A", "X{A}", "X\u00e9"})
    void rejectsInvalidFieldNames(String name) {
        assertRefused(server, "GET / HTTP/1.1\r\nHost: x\r\n" + name + ": v\r\n\r\n", 400);
    }

    @Test
    void rejectsEmptyFieldName() {
        assertRefused(server, "GET / HTTP/1.1\r\nHost: x\r\n: v\r\n\r\n", 400);
    }

    @Test
    void rejectsFieldWithoutColon() {
        assertRefused(server, "GET / HTTP/1.1\r\nHost: x\r\nX-A v\r\n\r\n", 400);
    }

    @Test
    void rejectsNulInValue() {
        assertRefused(server, "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\0b\r\n\r\n", 400);
    }

    @Test
    void rejectsBareCrInValue() {
        // RFC 9112 §2.2: a bare CR must be rejected or replaced by SP
        assertRefused(server, "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\rb\r\n\r\n", 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\r\r\n", "\r\r\r\n", "X-A: v\r\r\n"})
    void rejectsABareCrEndingTheHeadAtOnce(String lastLine) {
        // RFC 9112 §2.2: the head never ends with a proper empty line, so the refusal cannot wait for one
        assertRefused(server, "GET / HTTP/1.1\r\nHost: x\r\n" + lastLine, 400);
    }

    @Test
    void rejectsBareLfEndingAField() {
        assertRefused(server, "GET / HTTP/1.1\r\nHost: x\nX-A: v\r\n\r\n", 400);
    }

    @Test
    void rejectsBareLfEndingTheHead() {
        assertRefused(server, "GET / HTTP/1.1\r\nHost: x\r\n\n", 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0001", "\u001f", "\u007f", "\u000b"})
    void rejectsControlCharactersInValue(String ctl) {
        assertRefused(server, "GET / HTTP/1.1\r\nHost: x\r\nX-A: a" + ctl + "b\r\n\r\n", 400);
    }

    @Test
    void acceptsObsTextInValue() {
        assertEquals(200, exchange(server, "GET / HTTP/1.1\r\nHost: x\r\nX-A: caf\u00e9\r\n\r\n").status());
    }

    @Test
    void rejectsMissingHostOnHttp11() {
        // RFC 9112 §3.2: MUST respond 400 to an HTTP/1.1 request without Host
        assertRefused(server, "GET / HTTP/1.1\r\nX-A: v\r\n\r\n", 400);
    }

    @Test
    void servesHttp10WithoutHost() {
        assertEquals(200, exchange(server, "GET / HTTP/1.0\r\n\r\n").status());
    }

    @Test
    void rejectsRepeatedHost() {
        // RFC 9112 §3.2: more than one Host field: 400
        assertRefused(server, "GET / HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n", 400);
    }

    @Test
    void rejectsInvalidHost() {
        assertRefused(server, "GET / HTTP/1.1\r\nHost: a b/c\r\n\r\n", 400);
    }
}
