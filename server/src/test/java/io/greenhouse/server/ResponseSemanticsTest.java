package io.greenhouse.server;

import static io.greenhouse.server.TestApps.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.greenhouse.spi.App;
import io.greenhouse.spi.Header;
import io.greenhouse.spi.Write;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How an app's response reaches the wire (PEP 3333 "The start_response() Callable", RFC 9112 §6, §9). */
@Timeout(30)
class ResponseSemanticsTest {

    private static final String GET = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
    private static final String GET_10 = "GET / HTTP/1.0\r\n\r\n";
    private static final String HEAD = "HEAD / HTTP/1.1\r\nHost: x\r\n\r\n";

    private static RawClient.Response exchange(App app, String request) {
        try (TestServer server = TestServer.start(app)) {
            return TestApps.exchange(server, request);
        }
    }

    /** The raw bytes the server sends for {@code request} until it closes the connection. */
    private static String rawUntilClose(App app, String request) {
        try (TestServer server = TestServer.start(app); RawClient client = server.connect()) {
            return new String(client.send(request).readToClose(), StandardCharsets.ISO_8859_1);
        }
    }

    private static Iterable<byte[]> lazy(Iterator<byte[]> chunks) {
        return () -> chunks;
    }

    // --- when the head goes out, and start_response called again

    @Test
    void holdsTheHeadUntilTheFirstNonEmptyChunkSoExcInfoCanReplaceIt() {
        App app = (environ, startResponse) -> {
            startResponse.call("200 OK", List.of(new Header("X-First", "1")));
            return lazy(new Iterator<>() {
                private int n;

                @Override
                public boolean hasNext() {
                    return n < 2;
                }

                @Override
                public byte[] next() {
                    if (n++ == 0) {
                        return new byte[0];
                    }
                    startResponse.call("503 Service Unavailable", List.of(new Header("X-Second", "2")),
                            new IllegalStateException("backend down"));
                    return bytes("sorry");
                }
            });
        };
        RawClient.Response response = exchange(app, GET);
        assertEquals("HTTP/1.1 503 Service Unavailable", response.statusLine());
        assertNull(response.header("X-First"));
        assertEquals("2", response.header("X-Second"));
        assertEquals("sorry", response.bodyText());
    }

    @Test
    void replacesTheHeadWhenCalledWithExcInfoBeforeAnyBody() {
        App app = (environ, startResponse) -> {
            startResponse.call("200 OK", List.of(new Header("X-First", "1")));
            startResponse.call("500 Internal Server Error", List.of(), new RuntimeException("oops"));
            return List.of(bytes("error page"));
        };
        RawClient.Response response = exchange(app, GET);
        assertEquals(500, response.status());
        assertNull(response.header("X-First"));
        assertEquals("error page", response.bodyText());
    }

    @Test
    void throwsIllegalStateOnASecondStartResponseWithoutExcInfo() {
        App app = (environ, startResponse) -> {
            startResponse.call("200 OK", List.of());
            String outcome;
            try {
                startResponse.call("201 Created", List.of());
                outcome = "no exception";
            } catch (IllegalStateException expected) {
                outcome = "IllegalStateException";
            }
            return List.of(bytes(outcome));
        };
        RawClient.Response response = exchange(app, GET);
        assertEquals(200, response.status());
        assertEquals("IllegalStateException", response.bodyText());
    }

    @Test
    void rethrowsExcInfoWhenTheHeadHasAlreadyGoneOut() {
        RuntimeException failure = new IllegalArgumentException("late failure");
        App app = (environ, startResponse) -> {
            Write write = startResponse.call("200 OK", List.of());
            write.write(bytes("begun;"));
            String outcome;
            try {
                startResponse.call("500 Internal Server Error", List.of(), failure);
                outcome = "not rethrown";
            } catch (RuntimeException e) {
                outcome = e == failure ? "rethrown" : "other " + e;
            }
            return List.of(bytes(outcome));
        };
        RawClient.Response response = exchange(app, GET);
        assertEquals(200, response.status());
        assertEquals("begun;rethrown", response.bodyText());
    }

    // --- write()

    @Test
    void writeSendsTheHeadAndChunkAndFlushesBeforeReturning() throws InterruptedException {
        CountDownLatch clientSawFirst = new CountDownLatch(1);
        App app = (environ, startResponse) -> {
            Write write = startResponse.call("200 OK", List.of(new Header("Content-Type", "text/plain")));
            write.write(bytes("first"));
            if (!clientSawFirst.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("the written chunk never reached the client");
            }
            return List.of(bytes("second"));
        };
        try (TestServer server = TestServer.start(app); RawClient client = server.connect()) {
            String begun = client.send(GET).readUntil("first");
            assertTrue(begun.startsWith("HTTP/1.1 200 OK\r\n"));
            assertTrue(begun.contains("Transfer-Encoding: chunked\r\n"));
            clientSawFirst.countDown();
            assertEquals("\r\n6\r\nsecond\r\n0\r\n\r\n", client.readUntil("0\r\n\r\n"));
        }
    }

    @Test
    void anEmptyWriteSendsTheHeadAtOnce() {
        CountDownLatch clientSawHead = new CountDownLatch(1);
        App app = (environ, startResponse) -> {
            startResponse.call("200 OK", List.of(new Header("Content-Type", "text/plain"))).write(new byte[0]);
            if (!clientSawHead.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("the head never reached the client");
            }
            return List.of(bytes("body"));
        };
        try (TestServer server = TestServer.start(app); RawClient client = server.connect()) {
            String head = client.send(GET).readUntil("\r\n\r\n");
            assertTrue(head.startsWith("HTTP/1.1 200 OK\r\n"), head);
            assertTrue(head.contains("Transfer-Encoding: chunked\r\n"), head);
            clientSawHead.countDown();
            assertEquals("4\r\nbody\r\n0\r\n\r\n", client.readUntil("0\r\n\r\n"));
        }
    }

    @Test
    void refusesAWriteAfterTheResponseIsOverAndKeepsItOffTheNextResponse() throws InterruptedException {
        java.util.concurrent.atomic.AtomicReference<Write> kept = new java.util.concurrent.atomic.AtomicReference<>();
        App app = (environ, startResponse) -> {
            Write write = startResponse.call("200 OK", List.of());
            kept.compareAndSet(null, write);
            return List.of(bytes("answer"));
        };
        try (TestServer server = TestServer.start(app); RawClient client = server.connect()) {
            assertEquals("answer", client.send(GET).read().bodyText());
            IllegalStateException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> kept.get().write(bytes("late")));
            assertTrue(refused.getMessage().contains("after the response"), refused.getMessage());
            RawClient.Response next = client.send(GET).read();
            assertEquals(200, next.status());
            assertEquals("answer", next.bodyText());
        }
    }

    @Test
    void aWriteRacingTheEndOfTheResponseLandsWholeInItOrIsRefused() throws InterruptedException {
        // the app leaves a thread writing as it returns: each write must be framed inside this
        // response or refused, never bytes in front of the next response on the connection
        List<Thread> racers = new java.util.concurrent.CopyOnWriteArrayList<>();
        App app = (environ, startResponse) -> {
            Write write = startResponse.call("200 OK", List.of());
            if (environ.get("PATH_INFO").equals("/race")) {
                racers.add(Thread.ofVirtual().start(() -> {
                    try {
                        while (true) {
                            write.write(bytes("RACE\n"));
                        }
                    } catch (IllegalStateException | IOException refusedOrGone) {
                        // refused once the response was over: the end of the race
                    }
                }));
                return List.of();
            }
            return List.of(bytes("ok"));
        };
        try (TestServer server = TestServer.start(app); RawClient client = server.connect()) {
            for (int round = 0; round < 50; round++) {
                client.send("GET /race HTTP/1.1\r\nHost: x\r\n\r\nGET /ok HTTP/1.1\r\nHost: x\r\n\r\n");
                RawClient.Response raced = client.read();
                assertEquals(200, raced.status());
                assertTrue(raced.bodyText().replace("RACE\n", "").isEmpty(), raced.bodyText());
                RawClient.Response next = client.read();
                assertEquals("HTTP/1.1 200 OK", next.statusLine());
                assertEquals("ok", next.bodyText());
            }
        }
        for (Thread racer : racers) {
            racer.join();
        }
    }

    @Test
    void aResponseWrittenWhileAnotherThreadReadsTheBodyArrivesWholeAndInOrder() throws InterruptedException {
        // full duplex: the app writes its answer while a thread of its own reads the upload, and
        // each read that finds nothing buffered first sends what the response has waiting
        int chunks = 5_000;
        App duplex = (environ, startResponse) -> {
            InputStream upload = (InputStream) environ.get("wsgi.input");
            Thread reader = Thread.ofVirtual().start(() -> {
                try {
                    while (upload.read(new byte[16]) > 0) {
                        // takes the upload as it trickles in
                    }
                } catch (IOException e) {
                    // the client went away: the write side notices too
                }
            });
            Write write = startResponse.call("200 OK", List.of());
            for (int i = 0; i < chunks; i++) {
                write.write(numbered(i));
            }
            reader.join();
            return List.of();
        };
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        for (int i = 0; i < chunks; i++) {
            written.writeBytes(numbered(i));
        }
        int uploadBytes = 20_000;
        try (TestServer server = TestServer.start(duplex)) {
            for (int attempt = 1; attempt <= 50; attempt++) {  // the race is narrow: one attempt may well miss it
                try (RawClient client = server.connect()) {
                    client.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: " + uploadBytes + "\r\n\r\n");
                    Thread uploader = Thread.ofVirtual().start(() -> trickle(client, uploadBytes));
                    byte[] received = client.read().body();
                    uploader.join();
                    int first = Arrays.mismatch(written.toByteArray(), received);
                    assertEquals(-1, first, "attempt " + attempt + ": the body differs from what was written at byte " + first
                            + " of " + received.length + ": " + around(received, first));
                }
            }
        }
    }

    private static byte[] numbered(int i) {
        return bytes(String.format("chunk %05d\n", i));
    }

    /** One byte per packet: the server's reads find nothing buffered, and flush before each. */
    private static void trickle(RawClient client, int bytes) {
        try {
            client.socket().setTcpNoDelay(true);
            for (int i = 0; i < bytes; i++) {
                client.socket().getOutputStream().write('u');
            }
        } catch (IOException e) {
            // the server closed: the response says why
        }
    }

    private static String around(byte[] bytes, int index) {
        int from = Math.max(0, Math.min(index, bytes.length) - 24);
        return new String(bytes, from, Math.min(48, bytes.length - from), StandardCharsets.ISO_8859_1);
    }

    @Test
    void sendsWrittenChunksBeforeTheReturnedOnes() {
        App app = (environ, startResponse) -> {
            Write write = startResponse.call("200 OK", List.of());
            write.write(bytes("a"));
            write.write(new byte[0]);
            write.write(bytes("b"));
            return List.of(bytes("c"), bytes("d"));
        };
        assertEquals("abcd", exchange(app, GET).bodyText());
    }

    // --- framing of the response body

    @Test
    void addsContentLengthForABodyKnownUpFront() {
        App app = (environ, startResponse) -> {
            startResponse.call("200 OK", List.of());
            return List.of(bytes("hello, "), bytes("world"));
        };
        RawClient.Response response = exchange(app, GET);
        assertEquals("12", response.header("Content-Length"));
        assertNull(response.header("Transfer-Encoding"));
        assertEquals("hello, world", response.bodyText());
    }

    @Test
    void sendsContentLengthZeroForAnEmptyBody() {
        App app = (environ, startResponse) -> {
            startResponse.call("200 OK", List.of());
            return List.of();
        };
        assertEquals("0", exchange(app, GET).header("Content-Length"));
    }

    @Test
    void chunksABodyOfUnknownLengthOnHttp11AndKeepsTheConnection() {
        App app = (environ, startResponse) -> {
            startResponse.call("200 OK", List.of());
            return ClosingBody.of("hello, ", "", "world");
        };
        try (TestServer server = TestServer.start(app); RawClient client = server.connect()) {
            RawClient.Response response = client.send(GET).read();
            assertEquals("chunked", response.header("Transfer-Encoding"));
            assertNull(response.header("Content-Length"));
            assertNull(response.header("Connection"));
            assertEquals("hello, world", response.bodyText());
            assertEquals("hello, world", client.send(GET).read().bodyText());
        }
    }

    @Test
    void delimitsABodyOfUnknownLengthByClosingOnHttp10() {
        App app = (environ, startResponse) -> {
            startResponse.call("200 OK", List.of());
            return ClosingBody.of("hello, ", "world");
        };
        try (TestServer server = TestServer.start(app); RawClient client = server.connect()) {
            RawClient.Response response = client.send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read();
            assertNull(response.header("Transfer-Encoding"));
            assertNull(response.header("Content-Length"));
            assertEquals("close", response.header("Connection"));
            assertEquals("hello, world", response.bodyText());
        }
    }

    @Test
    void closesAfterAResponseShorterThanTheAppsContentLength() {
        App app = (environ, startResponse) -> {
            startResponse.call("200 OK", List.of(new Header("Content-Length", "10")));
            return ClosingBody.of("hello");
        };
        String raw = rawUntilClose(app, GET);
        assertTrue(raw.contains("Content-Length: 10\r\n"), raw);
        assertTrue(raw.endsWith("\r\n\r\nhello"), raw);
    }

    @Test
    void truncatesABodyLongerThanTheAppsContentLengthAndKeepsTheConnection() {
        App app = (environ, startResponse) -> {
            startResponse.call("200 OK", List.of(new Header("Content-Length", "3")));
            return List.of(bytes("hel"), bytes("lo"));
        };
        try (TestServer server = TestServer.start(app); RawClient client = server.connect()) {
            assertEquals("hel", client.send(GET).read().bodyText());
            RawClient.Response second = client.send(GET).read();
            assertEquals("HTTP/1.1 200 OK", second.statusLine());
            assertEquals("hel", second.bodyText());
        }
    }

    @Test
    void logsTheTruncationOfABodyLongerThanItsContentLength(@TempDir Path dir) throws IOException {
        Path log = dir.resolve("error.log");
        App app = (environ, startResponse) -> {
            startResponse.call("200 OK", List.of(new Header("Content-Length", "3")));
            return List.of(bytes("hello"));
        };
        try (TestServer server = TestServer.start(app, "server.error-log", log.toString())) {
            assertEquals("hel", TestApps.exchange(server, GET).bodyText());
        }
        assertTrue(Files.readString(log).contains("truncated"), Files.readString(log));
    }

    @Test
    void logsADroppedHopByHopHeaderOnceNotForEveryResponse(@TempDir Path dir) throws IOException {
        Path log = dir.resolve("error.log");
        App app = (environ, startResponse) -> {
            startResponse.call("200 OK", List.of(new Header("Keep-Alive", "timeout=5")));
            return List.of(bytes("hello"));
        };
        try (TestServer server = TestServer.start(app, "server.error-log", log.toString());
             RawClient client = server.connect()) {
            for (int i = 0; i < 3; i++) {
                assertEquals("hello", client.send(GET).read().bodyText());
            }
        }
        List<String> lines = Files.readAllLines(log);
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("hop-by-hop response header Keep-Alive"), lines.get(0));
    }

    @Test
    void addsContentLengthAndKeepsAliveForAKnownBodyOnHttp10() {
        App app = (environ, startResponse) -> {
            startResponse.call("200 OK", List.of());
            return List.of(bytes("hello"));
        };
        try (TestServer server = TestServer.start(app); RawClient client = server.connect()) {
            RawClient.Response response = client.send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read();
            assertEquals("5", response.header("Content-Length"));
            assertEquals("keep-alive", response.header("Connection"));
            assertEquals("hello", client.send(GET_10).read().bodyText());
        }
    }

    @Test
    void sendsNoBodyFor204EvenIfTheAppGivesOne() {
        App app = (environ, startResponse) -> {
            startResponse.call("204 No Content", List.of());
            return List.of(bytes("ignored"));
        };
        try (TestServer server = TestServer.start(app); RawClient client = server.connect()) {
            RawClient.Response response = client.send(GET).read();
            assertEquals(204, response.status());
            assertNull(response.header("Content-Length"));
            assertNull(response.header("Transfer-Encoding"));
            assertEquals("HTTP/1.1 204 No Content", client.send(GET).read().statusLine());
        }
    }

    @Test
    void sendsNoBodyFor304AndAdvertisesOnlyTheAppsOwnContentLength() {
        // RFC 9110 §8.6: a 304's Content-Length, if any, is the 200's, which only the app knows
        App app = (environ, startResponse) -> {
            List<Header> headers = environ.get("QUERY_STRING").equals("cl")
                    ? List.of(new Header("Content-Length", "42")) : List.of();
            startResponse.call("304 Not Modified", headers);
            return List.of(bytes("ignored"));
        };
        try (TestServer server = TestServer.start(app); RawClient client = server.connect()) {
            RawClient.Response response = client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertEquals(304, response.status());
            assertNull(response.header("Content-Length"));
            assertNull(response.header("Transfer-Encoding"));
            response = client.send("GET /?cl HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertEquals("42", response.header("Content-Length"));
            assertEquals("", response.bodyText());
            assertEquals(304, client.send(GET).read().status());  // nothing of either body was sent
        }
    }

    @Test
    void answersHeadWithTheContentLengthAGetWouldHave() {
        App app = (environ, startResponse) -> {
            startResponse.call("200 OK", List.of());
            return List.of(bytes("hello"));
        };
        try (TestServer server = TestServer.start(app); RawClient client = server.connect()) {
            RawClient.Response response = client.send(HEAD).read(true);
            assertEquals("5", response.header("Content-Length"));
            assertEquals("hello", client.send(GET).read().bodyText());  // the HEAD sent no body
        }
    }

    @Test
    void sendsNoContentLengthForAHeadAnsweredWithoutABody() {
        // RFC 9110 §8.6: a HEAD response's Content-Length must be the GET's, which an app that
        // gives HEAD no body does not tell; 0 would be a false claim
        App app = (environ, startResponse) -> {
            startResponse.call("200 OK", List.of());
            return environ.get("REQUEST_METHOD").equals("HEAD") ? List.of() : List.of(bytes("hello"));
        };
        try (TestServer server = TestServer.start(app); RawClient client = server.connect()) {
            RawClient.Response response = client.send(HEAD).read(true);
            assertEquals(200, response.status());
            assertNull(response.header("Content-Length"));
            assertNull(response.header("Transfer-Encoding"));
            assertEquals("hello", client.send(GET).read().bodyText());
        }
    }

    @Test
    void sends205WithAZeroLengthAndNoContent() {
        // RFC 9110 §15.3.6: a server MUST NOT generate content in a 205 response
        App app = (environ, startResponse) -> {
            startResponse.call("205 Reset Content", List.of(new Header("Content-Length", "7")));
            return List.of(bytes("ignored"));
        };
        try (TestServer server = TestServer.start(app); RawClient client = server.connect()) {
            RawClient.Response response = client.send(GET).read();
            assertEquals(205, response.status());
            assertEquals("0", response.header("Content-Length"));
            assertEquals("", response.bodyText());
            assertEquals(205, client.send(GET).read().status());  // nothing of the body was sent
        }
    }

    @Test
    void answersConnectWith2xxWithoutFramingHeadersAndClosesAfterTheAppsBytes() {
        // RFC 9110 §9.3.6: a server MUST NOT send Transfer-Encoding or Content-Length in a 2xx
        // response to CONNECT; what follows the head is the tunnel, not a framed body
        App app = (environ, startResponse) -> {
            startResponse.call("200 OK", List.of());
            return List.of(bytes("tunnel bytes"));
        };
        String raw = rawUntilClose(app, "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n");
        String head = raw.substring(0, raw.indexOf("\r\n\r\n") + 4);
        assertTrue(head.startsWith("HTTP/1.1 200 OK\r\n"), raw);
        assertFalse(head.toLowerCase().contains("content-length"), raw);
        assertFalse(head.toLowerCase().contains("transfer-encoding"), raw);
        assertEquals("tunnel bytes", raw.substring(head.length()));
    }

    @Test
    void closesAfterA204ToConnectToo() {
        // RFC 9110 §9.3.6: any 2xx to CONNECT switches the connection to tunnel mode; what the
        // client sends next is tunnel data, never a request for this server to answer
        App app = (environ, startResponse) -> {
            startResponse.call("204 No Content", List.of());
            return List.of();
        };
        try (TestServer server = TestServer.start(app); RawClient client = server.connect()) {
            RawClient.Response response = client.send("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n").read();
            assertEquals(204, response.status());
            assertEquals("close", response.header("Connection"));
            client.send(GET);
            assertTrue(client.closedByServer());
        }
    }

    // --- closing the returned body

    @Test
    void closesTheReturnedBodyOnceAfterAResponse() throws InterruptedException {
        ClosingBody body = ClosingBody.of("a", "b");
        try (TestServer server = TestServer.start(returning(body))) {
            assertEquals("ab", TestApps.exchange(server, GET).bodyText());
        }
        assertEquals(1, body.closes());
    }

    @Test
    void closesTheReturnedBodyOnceWhenItFails() throws InterruptedException {
        ClosingBody body = ClosingBody.failingAfter("a");
        try (TestServer server = TestServer.start(returning(body)); RawClient client = server.connect()) {
            client.send(GET).readToClose();
            assertTrue(body.awaitClosed());
        }
        assertEquals(1, body.closes());
    }

    @Test
    void closesTheReturnedBodyOnceWhenTheClientGoesAway() throws InterruptedException {
        ClosingBody body = ClosingBody.endless(64 * 1024);
        try (TestServer server = TestServer.start(returning(body))) {
            try (RawClient client = server.connect()) {
                client.send(GET).readUntil("\r\n\r\n");
            }
            assertTrue(body.awaitClosed());
        }
        assertEquals(1, body.closes());
    }

    @Test
    void closesTheReturnedBodyOfAHeadRequest() throws InterruptedException {
        ClosingBody body = ClosingBody.of("a");
        try (TestServer server = TestServer.start(returning(body)); RawClient client = server.connect()) {
            client.send(HEAD).read(true);
            assertTrue(body.awaitClosed());
        }
        assertEquals(1, body.closes());
    }

    @Test
    void stopsAnEndlessBodyOfAHeadRequestOnceTheHeadIsOut() throws InterruptedException {
        // the body of a HEAD (or a 204 or 304) is dropped unseen: it was drawn to its end, and
        // an endless stream ran for ever, unclosed, with the request pipelined behind it unanswered
        ClosingBody body = ClosingBody.endless(1024);
        try (TestServer server = TestServer.start(returning(body)); RawClient client = server.connect()) {
            client.send(HEAD + GET);
            assertEquals(200, client.read(true).status());
            assertTrue(body.awaitClosed());
            assertTrue(client.readUntil("\r\n\r\n").startsWith("HTTP/1.1 200 OK"), "the GET behind it is answered");
        }
    }

    private static App returning(ClosingBody body) {
        return (environ, startResponse) -> {
            startResponse.call("200 OK", List.of());
            return body;
        };
    }

    // --- headers the server owns, and headers that must not reach the wire

    @Test
    void dropsHopByHopHeadersFromTheApp() {
        App app = (environ, startResponse) -> {
            startResponse.call("200 OK", List.of(
                    new Header("Transfer-Encoding", "gzip"), new Header("Keep-Alive", "timeout=99"),
                    new Header("Upgrade", "h2c"), new Header("TE", "trailers"), new Header("Trailer", "X-T"),
                    new Header("Proxy-Connection", "keep-alive"), new Header("X-Kept", "yes")));
            return List.of(bytes("body"));
        };
        try (TestServer server = TestServer.start(app); RawClient client = server.connect()) {
            RawClient.Response response = client.send(GET).read();
            for (String name : List.of("Transfer-Encoding", "Keep-Alive", "Upgrade", "TE", "Trailer", "Proxy-Connection")) {
                assertNull(response.header(name), name);
            }
            assertEquals("yes", response.header("X-Kept"));
            assertEquals("body", response.bodyText());
            assertEquals(200, client.send(GET).read().status());
        }
    }

    @Test
    void closesAfterTheResponseWhenTheAppSaysConnectionClose() {
        App app = (environ, startResponse) -> {
            startResponse.call("200 OK", List.of(new Header("Connection", "close")));
            return List.of(bytes("bye"));
        };
        try (TestServer server = TestServer.start(app); RawClient client = server.connect()) {
            RawClient.Response response = client.send(GET).read();
            assertEquals("close", response.header("Connection"));
            assertEquals("bye", response.bodyText());
            assertTrue(client.closedByServer());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"value\r\nX-Injected: 1", "value\nX-Injected: 1", "value\rX-Injected: 1"})
    void answers500ForCrOrLfInAHeaderValue(String value) {
        assertNothingInjected(List.of(new Header("X-A", value)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"X-A\r\nX-Injected", "X-A\nX-Injected", "X-Injected: 1\r\nX-A"})
    void answers500ForCrOrLfInAHeaderName(String name) {
        assertNothingInjected(List.of(new Header(name, "v")));
    }

    private static void assertNothingInjected(List<Header> headers) {
        App app = (environ, startResponse) -> {
            startResponse.call("200 OK", headers);
            return List.of(bytes("body"));
        };
        String raw = rawUntilClose(app, GET);
        assertTrue(raw.startsWith("HTTP/1.1 500 "), raw);
        assertFalse(raw.contains("X-Injected"), raw);
    }

    @Test
    void sendsTheHeadersAsCheckedWhenStartResponseWasCalled() {
        // an app that adds to its list afterwards must not get past the check, nor set the framing
        App app = (environ, startResponse) -> {
            List<Header> headers = new java.util.ArrayList<>(List.of(new Header("X-A", "a")));
            startResponse.call("200 OK", headers);
            headers.add(new Header("X-Late", "v\r\nX-Injected: 1"));
            headers.add(new Header("Transfer-Encoding", "chunked"));
            headers.add(null);
            return List.of(bytes("body"));
        };
        try (TestServer server = TestServer.start(app); RawClient client = server.connect()) {
            RawClient.Response response = client.send(GET).read();
            assertEquals(200, response.status());
            assertEquals("a", response.header("X-A"));
            assertNull(response.header("X-Late"));
            assertNull(response.header("Transfer-Encoding"));
            assertEquals("body", response.bodyText());
            assertEquals("HTTP/1.1 200 OK", client.send(GET).read().statusLine());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"200 OK\r\nX-Injected: 1", "200 OK\nX-Injected: 1", "200\r\nX-Injected: 1"})
    void answers500ForCrOrLfInTheStatus(String status) {
        App app = (environ, startResponse) -> {
            startResponse.call(status, List.of());
            return List.of(bytes("body"));
        };
        String raw = rawUntilClose(app, GET);
        assertTrue(raw.startsWith("HTTP/1.1 500 "), raw);
        assertFalse(raw.contains("X-Injected"), raw);
    }

    @Test
    void answers500ForANullChunkInAListBeforeAnyByteIsSent() {
        App app = (environ, startResponse) -> {
            startResponse.call("200 OK", List.of());
            return java.util.Arrays.asList(bytes("x"), null);
        };
        assertEquals(500, exchange(app, GET).status());
    }

    @Test
    void answers500ForConflictingContentLengthsFromTheApp() {
        App app = (environ, startResponse) -> {
            startResponse.call("200 OK", List.of(new Header("Content-Length", "5"), new Header("Content-Length", "10")));
            return List.of(bytes("hello"));
        };
        assertEquals(500, exchange(app, GET).status());
    }

    @Test
    void answers500ForAHeaderValueOutsideIso88591() {
        App app = (environ, startResponse) -> {
            startResponse.call("200 OK", List.of(new Header("X-Price", "5 \u20ac")));
            return List.of(bytes("body"));
        };
        String raw = rawUntilClose(app, GET);
        assertTrue(raw.startsWith("HTTP/1.1 500 "), raw);
        assertFalse(raw.contains("X-Price"), raw);
    }

    @Test
    void sendsIso88591HeaderValuesAsSingleBytes() {
        App app = (environ, startResponse) -> {
            startResponse.call("200 OK", List.of(new Header("X-Name", "caf\u00e9")));
            return List.of();
        };
        assertEquals("caf\u00e9", exchange(app, GET).header("X-Name"));
    }

    @Test
    void sendsDateAndServerHeaders() {
        RawClient.Response response = exchange(TestApps.OK, GET);
        assertEquals("Greenhouse", response.header("Server"));
        assertNotNull(response.header("Date"));
        assertTrue(response.header("Date").matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT"),
                response.header("Date"));
    }

    @Test
    void keepsTheAppsOwnServerHeaderWithoutAddingAnother() {
        App app = (environ, startResponse) -> {
            startResponse.call("200 OK", List.of(new Header("Server", "mine")));
            return List.of();
        };
        assertEquals("mine", exchange(app, GET).header("Server"));
    }

    @Test
    void sendsTheAppsStatusLineAsGiven() {
        App app = (environ, startResponse) -> {
            startResponse.call("299 Quite Fine", List.of());
            return List.of();
        };
        assertEquals("HTTP/1.1 299 Quite Fine", exchange(app, GET).statusLine());
    }

    @Test
    void endsAStatusWithoutReasonWithTheSpaceTheStatusLineRequires() {
        // RFC 9112 §4: status-line = HTTP-version SP status-code SP [ reason-phrase ]
        App app = (environ, startResponse) -> {
            startResponse.call("200", List.of());
            return List.of();
        };
        assertTrue(rawUntilClose(app, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                .startsWith("HTTP/1.1 200 \r\n"));
    }

    // --- app failures

    @Test
    void aNullChunkWrittenFailsBeforeTheHeadGoesOutSoTheClientGetsA500() {
        // it threw only once the head had gone out: the client got a 200 cut off
        App app = (environ, startResponse) -> {
            startResponse.call("200 OK", List.of()).write(null);
            return List.of();
        };
        try (TestServer server = TestServer.start(app); RawClient client = server.connect()) {
            assertEquals(500, client.send(GET).read().status());
        }
    }

    @Test
    void answers500WithAShortPlainBodyWhenTheAppThrowsBeforeTheHead() {
        App app = (environ, startResponse) -> {
            throw new IllegalStateException("secret detail");
        };
        try (TestServer server = TestServer.start(app); RawClient client = server.connect()) {
            RawClient.Response response = client.send(GET).read();
            assertEquals(500, response.status());
            assertTrue(response.header("Content-Type").startsWith("text/plain"));
            assertTrue(response.body().length < 100, response.bodyText());
            assertFalse(response.bodyText().contains("secret"), response.bodyText());
            assertFalse(response.bodyText().contains("Exception"), response.bodyText());
            assertFalse(response.bodyText().contains("\tat "), response.bodyText());
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void answers500WhenTheAppFailsAfterStartResponseButBeforeAnyBody() {
        App app = (environ, startResponse) -> {
            startResponse.call("200 OK", List.of(new Header("X-A", "1")));
            return lazy(new Iterator<>() {
                @Override
                public boolean hasNext() {
                    throw new IllegalStateException("broken before the first chunk");
                }

                @Override
                public byte[] next() {
                    return null;
                }
            });
        };
        RawClient.Response response = exchange(app, GET);
        assertEquals(500, response.status());
        assertNull(response.header("X-A"));
    }

    @Test
    void closesTheConnectionWhenTheAppFailsAfterTheHeadWentOut() {
        App app = (environ, startResponse) -> {
            startResponse.call("200 OK", List.of());
            return ClosingBody.failingAfter("partial");
        };
        String raw = rawUntilClose(app, GET);
        assertTrue(raw.startsWith("HTTP/1.1 200 OK\r\n"), raw);
        assertTrue(raw.contains("7\r\npartial\r\n"), raw);
        assertFalse(raw.endsWith("0\r\n\r\n"), "a truncated chunked body has no last chunk: " + raw);
    }

    @Test
    void answers500WhenTheAppReturnsNull() {
        App app = (environ, startResponse) -> {
            startResponse.call("200 OK", List.of());
            return null;
        };
        assertEquals(500, exchange(app, GET).status());
    }

    @Test
    void answers500WhenTheAppNeverCallsStartResponse() {
        assertEquals(500, exchange((environ, startResponse) -> List.of(bytes("body")), GET).status());
        assertEquals(500, exchange((environ, startResponse) -> List.of(), GET).status());
        assertEquals(500, exchange((environ, startResponse) -> ClosingBody.of("a"), GET).status());
    }

    @Test
    void answers500ForAnInvalidStatus() {
        App app = (environ, startResponse) -> {
            startResponse.call("OK", List.of());
            return List.of();
        };
        assertEquals(500, exchange(app, GET).status());
    }

    // --- HEAD

    @Test
    void runsTheAppForHeadAndSendsOnlyTheHead() {
        App app = (environ, startResponse) -> {
            startResponse.call("200 OK", List.of(new Header("X-Method", (String) environ.get("REQUEST_METHOD"))));
            return List.of(bytes("hello"));
        };
        try (TestServer server = TestServer.start(app); RawClient client = server.connect()) {
            RawClient.Response response = client.send(HEAD).read(true);
            assertEquals(200, response.status());
            assertEquals("HEAD", response.header("X-Method"));
            assertEquals("5", response.header("Content-Length"));
            // the next response starts right after the head: no body bytes were sent
            assertEquals("HTTP/1.1 200 OK", client.send(GET).read().statusLine());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "HEAD / HTTP/1.1\r\nHost: x\r\nExpect: x\r\n\r\n",  // 417
        "HEAD / HTTP/1.1\r\n\r\n",                          // 400: no Host
        "HEAD /\0 HTTP/1.1\r\nHost: x\r\n\r\n",            // 400: refused before the head was parsed
    })
    void sendsNoContentWithARefusalOfAHeadRequest(String request) {
        // RFC 9110 §9.3.2: the server MUST NOT send content in the response to HEAD, refusals included
        try (TestServer server = TestServer.start(TestApps.OK); RawClient client = server.connect()) {
            RawClient.Response response = client.send(request).read(true);
            assertTrue(response.status() >= 400, response.statusLine());
            assertEquals("close", response.header("Connection"));
            assertEquals(0, client.readToClose().length, "no content after the refusal's head");
        }
    }

    @Test
    void sendsOnlyTheHeadForHeadWhenTheBodyIsWrittenOrChunked() {
        App app = (environ, startResponse) -> {
            startResponse.call("200 OK", List.of()).write(bytes("written"));
            return ClosingBody.of("lazy");
        };
        try (TestServer server = TestServer.start(app); RawClient client = server.connect()) {
            RawClient.Response response = client.send(HEAD).read(true);
            assertEquals(200, response.status());
            assertNull(response.header("Transfer-Encoding"));
            RawClient.Response next = client.send(GET).read();
            assertEquals("HTTP/1.1 200 OK", next.statusLine());
            assertEquals("writtenlazy", next.bodyText());
        }
    }

    @Test
    void answersHttp10RequestsWithHttp11StatusLines() {
        // RFC 9110 §6.2: the server sends its own highest version
        assertEquals("HTTP/1.1 200 OK", exchange(TestApps.OK, GET_10).statusLine());
    }
}
