package io.greenhouse.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.greenhouse.spi.App;
import io.greenhouse.spi.Environ;
import io.greenhouse.spi.Header;
import java.io.InputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Expect: 100-continue (RFC 9110 §10.1.1): 100 only once the app asks for the body. */
class ExpectContinueTest {

    /** Reads the body one byte per read, so "the first read" is one of many. */
    private static final App BYTE_READER = (environ, startResponse) -> {
        InputStream in = Environ.input(environ);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int b; (b = in.read()) >= 0; ) {
            body.write(b);
        }
        startResponse.call("200 OK", List.of(new Header("Content-Type", "text/plain")));
        return List.of(body.toByteArray());
    };

    @Test
    void sendsContinueOnTheFirstReadOfTheBodyOnly() {
        try (TestServer server = TestServer.start(BYTE_READER); RawClient client = server.connect()) {
            client.send("POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
            assertEquals("HTTP/1.1 100 Continue\r\n\r\n", client.readUntil("\r\n\r\n"));
            client.send("hello");
            RawClient.Response response = client.read();
            assertEquals("HTTP/1.1 200 OK", response.statusLine());
            assertEquals("hello", response.bodyText());
            // the connection stays usable, and a request without Expect gets no 100
            client.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi");
            assertEquals("HTTP/1.1 200 OK", client.read().statusLine());
        }
    }

    @Test
    void sendsContinueForAChunkedBody() {
        try (TestServer server = TestServer.start(BYTE_READER); RawClient client = server.connect()) {
            client.send("POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nTransfer-Encoding: chunked\r\n\r\n");
            assertEquals("HTTP/1.1 100 Continue\r\n\r\n", client.readUntil("\r\n\r\n"));
            client.send("2\r\nhi\r\n0\r\n\r\n");
            assertEquals("hi", client.read().bodyText());
        }
    }

    @Test
    void sendsNoContinueAndClosesWhenTheAppNeverReadsTheBody() {
        // the client may still be holding its body back: the connection cannot be reused
        try (TestServer server = TestServer.start(TestApps.OK); RawClient client = server.connect()) {
            client.send("POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
            RawClient.Response response = client.read();
            assertEquals("HTTP/1.1 200 OK", response.statusLine());
            assertEquals("close", response.header("Connection"));
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void sendsNoContinueWhenTheRequestHasNoBody() {
        try (TestServer server = TestServer.start(BYTE_READER); RawClient client = server.connect()) {
            RawClient.Response response = client.send("GET / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n\r\n").read();
            assertEquals("HTTP/1.1 200 OK", response.statusLine());
        }
    }

    @Test
    void answers417ToAnExpectationOtherThan100Continue() {
        // RFC 9110 §10.1.1: the server MAY answer 417; the app never sees a request it cannot meet
        try (TestServer server = TestServer.start(BYTE_READER)) {
            RawClient.Response response = TestApps.assertRefused(server,
                    "POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue-with-cream\r\nContent-Length: 5\r\n\r\nhello", 417);
            assertEquals("unsupported expectation\n", response.bodyText());
        }
    }

    @Test
    void ignoresExpectFromAnHttp10Client() {
        try (TestServer server = TestServer.start(BYTE_READER); RawClient client = server.connect()) {
            RawClient.Response response = client.send(
                    "POST / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\nhello").read();
            assertEquals("HTTP/1.1 200 OK", response.statusLine());
            assertEquals("hello", response.bodyText());
        }
    }
}
