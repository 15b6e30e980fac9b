package io.greenhouse.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.greenhouse.spi.App;
import io.greenhouse.spi.Environ;
import io.greenhouse.spi.Header;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A body whose framing broke leaves its end in doubt, so the connection closes after the
 * response (RFC 9112 §6.3), even when the app catches the error and answers: else the bytes
 * after the break would be served as a request the client's proxies never saw (§11.2).
 */
class CaughtBodyErrorTest {

    private static final String CHUNKED = "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
    private static final String SMUGGLED = "GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n";

    /** Reads the body twice, catching what each read throws, and answers 200 with both reasons. */
    private static final App FORGIVING = (environ, startResponse) -> {
        InputStream in = Environ.input(environ);
        String first = readAll(in);
        String again = readAll(in);
        startResponse.call("200 OK", List.of(new Header("Content-Type", "text/plain")));
        return List.of((first + "|" + again).getBytes(StandardCharsets.UTF_8));
    };

    private static String readAll(InputStream in) {
        try {
            return "read " + in.readAllBytes().length;
        } catch (IOException e) {
            return "caught " + e.getMessage();
        }
    }

    @Test
    void closesAfterAChunkDeclaredPastTheBodyLimitThatTheAppCaught() {
        // 0x6400001 is one byte over the default 100 MiB; a proxy would take the rest as its data
        assertClosesWithoutServing(CHUNKED + "6400001\r\n0\r\n\r\n" + SMUGGLED, "caught request body too large");
    }

    @Test
    void closesAfterChunkDataLongerThanItsSizeThatTheAppCaught() {
        assertClosesWithoutServing(CHUNKED + "3\r\nabcX\r\n" + SMUGGLED, "caught chunk data longer than its size");
    }

    @Test
    void closesAfterABodyReadTimeoutThatTheAppCaught() {
        try (TestServer server = TestServer.start(FORGIVING, "server.body-read-timeout", "200ms");
                RawClient client = server.connect()) {
            RawClient.Response response = client.send(CHUNKED + "5\r\nab").read();
            assertEquals("caught request body not received in time|caught request body not received in time",
                    response.bodyText());
            assertEquals("close", response.header("Connection"));
            client.send("cde\r\n0\r\n\r\n" + SMUGGLED);
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void keepsTheConnectionWhenTheBodyWasWhole() {
        try (TestServer server = TestServer.start(FORGIVING); RawClient client = server.connect()) {
            assertEquals("read 3|read 0", client.send(CHUNKED + "3\r\nabc\r\n0\r\n\r\n").read().bodyText());
            assertEquals("read 0|read 0", client.send(SMUGGLED).read().bodyText(), "the next request is served");
        }
    }

    @Test
    void aClientThatResetsMidBodyIsNoAppFailureInTheErrorLog(@TempDir Path dir) throws Exception {
        // a reset seen through wsgi.input was logged as the app's failure, a 500 with a stack
        // trace: 18,000 resets in 10 s wrote 27 MB of them. A client cutting its body off is
        // the client's doing, as a body ended early (400) and a body timeout (408) are
        Path log = dir.resolve("error.log");
        CountDownLatch reading = new CountDownLatch(1);
        App reader = (environ, startResponse) -> {
            reading.countDown();
            Environ.input(environ).readAllBytes();  // what it throws, the app lets go
            startResponse.call("200 OK", List.of());
            return List.of();
        };
        try (TestServer server = TestServer.start(reader, "server.error-log", log.toString())) {
            RawClient client = server.connect();
            client.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\npart of it");
            reading.await();
            client.socket().setSoLinger(true, 0);  // close with RST
            client.close();
        }  // the server's stop waits for the exchange to end
        String logged = Files.readString(log);
        assertTrue(!logged.contains("app failed") && !logged.contains("Exception"), logged);
    }

    /** The app's answer says close, every later read repeats the error, and nothing more is served. */
    private static void assertClosesWithoutServing(String bytes, String reason) {
        try (TestServer server = TestServer.start(FORGIVING); RawClient client = server.connect()) {
            RawClient.Response response = client.send(bytes).read();
            assertEquals(200, response.status());
            assertEquals(reason + "|" + reason, response.bodyText());
            assertEquals("close", response.header("Connection"));
            assertTrue(client.closedByServer(), "no answer for the bytes after the broken body");
        }
    }
}
