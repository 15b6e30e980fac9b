package io.greenhouse.server;

import static io.greenhouse.server.TestApps.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.greenhouse.spi.App;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Persistent connections and pipelining (RFC 9112 §9.3). */
class KeepAliveTest {

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
    void keepsHttp11ConnectionsOpenByDefault() {
        try (RawClient client = server.connect()) {
            RawClient.Response first = client.send("GET /1 HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertNull(first.header("Connection"));
            RawClient.Response second = client.send("GET /2 HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertEquals("/2", second.header("X-Path"));
        }
    }

    @Test
    void closesHttp10ConnectionsByDefault() {
        try (RawClient client = server.connect()) {
            RawClient.Response response = client.send("GET / HTTP/1.0\r\n\r\n").read();
            assertEquals("HTTP/1.1 200 OK", response.statusLine());
            assertEquals("close", response.header("Connection"));
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void keepsHttp10ConnectionsOpenOnKeepAlive() {
        try (RawClient client = server.connect()) {
            RawClient.Response first = client.send("GET /1 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read();
            assertEquals("keep-alive", first.header("Connection"));
            RawClient.Response second = client.send("GET /2 HTTP/1.0\r\n\r\n").read();
            assertEquals("/2", second.header("X-Path"));
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void closesAfterTheResponseWhenTheClientSendsConnectionClose() {
        try (RawClient client = server.connect()) {
            RawClient.Response response = client.send("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").read();
            assertEquals(200, response.status());
            assertEquals("close", response.header("Connection"));
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void servesNothingPipelinedBehindARequestWithConnectionClose() {
        // RFC 9112 §9.6: after a close, the server MUST NOT process further requests on the connection
        try (RawClient client = server.connect()) {
            client.send("GET /1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n\r\n");
            List<RawClient.Response> responses = client.readAllUntilClose();
            assertEquals(List.of("/1"), responses.stream().map(r -> r.header("X-Path")).toList());
        }
    }

    @Test
    void honoursCloseAmongOtherConnectionOptions() {
        try (RawClient client = server.connect()) {
            client.send("GET / HTTP/1.1\r\nHost: x\r\nConnection: foo, Close\r\n\r\n").read();
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void answersPipelinedRequestsInOrder() {
        try (RawClient client = server.connect()) {
            client.send("GET /1 HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "POST /2 HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
                    + "POST /3 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nde\r\n0\r\n\r\n"
                    + "GET /4 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            List<RawClient.Response> responses = client.readAllUntilClose();
            assertEquals(4, responses.size());
            assertEquals(List.of("/1", "/2", "/3", "/4"), responses.stream().map(r -> r.header("X-Path")).toList());
            assertEquals(List.of("", "abc", "de", ""), responses.stream().map(RawClient.Response::bodyText).toList());
        }
    }

    @Test
    void coalescesResponsesToPipelinedRequests() throws Exception {
        // while the second request runs, the first response waits in the server's buffer, to
        // leave with the second in one write; so the client has received nothing yet
        AtomicReference<RawClient> clientRef = new AtomicReference<>();
        AtomicInteger receivedBeforeSecond = new AtomicInteger(-1);
        App app = (environ, startResponse) -> {
            if ("/2".equals(environ.get("PATH_INFO"))) {
                receivedBeforeSecond.set(clientRef.get().socket().getInputStream().available());
            }
            startResponse.call("200 OK", List.of());
            return List.of(bytes("ok"));
        };
        try (TestServer own = TestServer.start(app); RawClient client = own.connect()) {
            clientRef.set(client);
            client.send("GET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertEquals(2, client.readAllUntilClose().size());
        }
        assertEquals(0, receivedBeforeSecond.get());
    }

    @Test
    void answersPipelinedRequestsSentOneByteAtATime() {
        try (RawClient client = server.connect()) {
            client.sendByteByByte(bytes("POST /1 HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nab"
                    + "GET /2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
            List<RawClient.Response> responses = client.readAllUntilClose();
            assertEquals(List.of("/1", "/2"), responses.stream().map(r -> r.header("X-Path")).toList());
            assertEquals("ab", responses.get(0).bodyText());
        }
    }

    @Test
    void answersManyPipelinedRequestsWhoseResponsesOutgrowTheBuffer() {
        StringBuilder requests = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            requests.append("GET /").append(i).append(" HTTP/1.1\r\nHost: x\r\n\r\n");
        }
        requests.append("GET /last HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        try (RawClient client = server.connect()) {
            client.send(requests.toString());
            List<RawClient.Response> responses = client.readAllUntilClose();
            assertEquals(201, responses.size());
            for (int i = 0; i < 200; i++) {
                assertEquals("/" + i, responses.get(i).header("X-Path"));
            }
        }
    }

    @Test
    void answersAClientThatPipelinesThousandsOfRequestsInOneWriteInOrder() throws Exception {
        // the client stays ahead of its connection, which steps aside for the I/O poller now and
        // then (FairShare): none is lost or reordered by that
        int count = 3_000;
        StringBuilder requests = new StringBuilder();
        for (int i = 0; i < count; i++) {
            requests.append("GET /").append(i).append(" HTTP/1.1\r\nHost: x\r\n\r\n");
        }
        requests.append("GET /last HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        try (RawClient client = server.connect()) {
            Thread sender = Thread.ofVirtual().start(() -> client.send(requests.toString()));  // while this one reads
            List<RawClient.Response> responses = client.readAllUntilClose();
            sender.join();
            assertEquals(count + 1, responses.size());
            for (int i = 0; i < count; i++) {
                assertEquals("/" + i, responses.get(i).header("X-Path"));
            }
        }
    }

    @Test
    void answersEveryRequestOfAClientThatHalfClosedAfterSendingThem() {
        try (RawClient client = server.connect()) {
            client.send("GET /1 HTTP/1.1\r\nHost: x\r\n\r\nPOST /2 HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nab")
                    .shutdownOutput();
            List<RawClient.Response> responses = client.readAllUntilClose();
            assertEquals(List.of("/1", "/2"), responses.stream().map(r -> r.header("X-Path")).toList());
            assertEquals("ab", responses.get(1).bodyText());
        }
    }

    @Test
    void drainsAnUnreadContentLengthBodyBeforeTheNextRequest() {
        try (TestServer ok = TestServer.start(TestApps.OK); RawClient client = ok.connect()) {
            client.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nGET /x HTT"
                    + "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            List<RawClient.Response> responses = client.readAllUntilClose();
            assertEquals(List.of(200, 200), responses.stream().map(RawClient.Response::status).toList());
        }
    }

    @Test
    void drainsAnUnreadChunkedBodyBeforeTheNextRequest() {
        try (TestServer ok = TestServer.start(TestApps.OK); RawClient client = ok.connect()) {
            client.send("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nGET \r\n0\r\n\r\n"
                    + "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            List<RawClient.Response> responses = client.readAllUntilClose();
            assertEquals(List.of(200, 200), responses.stream().map(RawClient.Response::status).toList());
        }
    }

    @Test
    void drainsABodyThatArrivesAfterTheResponse() {
        try (TestServer ok = TestServer.start(TestApps.OK); RawClient client = ok.connect()) {
            RawClient.Response first = client.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n").read();
            assertEquals(200, first.status());
            client.send("helloGET /2 HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(200, client.read().status());
        }
    }

    @Test
    void saysConnectionCloseWhenTheUnreadBodyIsTooLargeToDrain() {
        // RFC 9112 §9.6: a server that will close after this response says so in it, so the
        // client does not send (and lose) more requests on the connection
        String body = "x".repeat(300_000);
        try (TestServer ok = TestServer.start(TestApps.OK); RawClient client = ok.connect()) {
            client.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length() + "\r\n\r\n");
            RawClient.Response response = client.read();
            assertEquals(200, response.status());
            assertEquals("close", response.header("Connection"));
        }
    }
}
