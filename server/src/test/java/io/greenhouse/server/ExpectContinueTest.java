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
}
