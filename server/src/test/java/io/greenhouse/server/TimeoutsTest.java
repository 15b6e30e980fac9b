package io.greenhouse.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.greenhouse.spi.App;
import io.greenhouse.spi.Environ;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every wait on the client has a time limit. The limits are set small and each test waits for
 * the server to act (answer or close), never for a time to pass.
 */
@Timeout(20)
class TimeoutsTest {

    @Test
    void answers408AndClosesWhenTheHeadIsNotCompleteInTime() {
        // slow loris: the head trickles in and never ends
        try (TestServer server = TestServer.start(TestApps.OK, "server.request-head-timeout", "200ms");
             RawClient client = server.connect()) {
            client.send("GET / HTTP/1.1\r\nHost: x\r\n");
            RawClient.Response response = client.read();
            assertEquals(408, response.status());
            assertEquals("close", response.header("Connection"));
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void answers408WhenTheHeadKeepsTricklingPastTheDeadline() throws InterruptedException {
        // slow loris proper: every read gets a byte, so only a deadline for the whole head ends it
        try (TestServer server = TestServer.start(TestApps.OK, "server.request-head-timeout", "200ms",
                "server.max-header-field-bytes", "100000000", "server.max-header-bytes", "100000000");
             RawClient client = server.connect()) {
            client.send("GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ");
            Thread trickler = Thread.ofVirtual().start(() -> {
                try {
                    java.io.OutputStream out = client.socket().getOutputStream();
                    while (!Thread.currentThread().isInterrupted()) {
                        out.write('a');
                    }
                } catch (java.io.IOException e) {
                    // the server closed: the trickle is over
                }
            });
            try {
                RawClient.Response response = client.read();
                assertEquals(408, response.status());
                assertTrue(client.closedByServer());
            } finally {
                trickler.interrupt();
                client.close();
                trickler.join();
            }
        }
    }

    @Test
    void closesAnIdleKeptAliveConnectionQuietly() {
        try (TestServer server = TestServer.start(TestApps.OK, "server.idle-timeout", "200ms");
             RawClient client = server.connect()) {
            assertEquals(200, client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read().status());
            assertTrue(client.closedByServer());
            assertEquals(0, client.readToClose().length, "no response to a request never sent");
        }
    }

    @Test
    void closesAConnectionThatNeverSendsARequest() {
        try (TestServer server = TestServer.start(TestApps.OK, "server.idle-timeout", "200ms");
             RawClient client = server.connect()) {
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void answers408AndClosesWhenTheBodyStopsArriving() {
        try (TestServer server = TestServer.start(TestApps.ECHO, "server.body-read-timeout", "200ms");
             RawClient client = server.connect()) {
            client.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc");
            RawClient.Response response = client.read();
            assertEquals(408, response.status());
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void answers408WhenAChunkedBodyStopsArriving() {
        try (TestServer server = TestServer.start(TestApps.ECHO, "server.body-read-timeout", "200ms");
             RawClient client = server.connect()) {
            client.send("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab");
            assertEquals(408, client.read().status());
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void answers408WhenTheAppWrapsTheBodyTimeout() {
        App wrapping = (environ, startResponse) -> {
            try {
                Environ.input(environ).readAllBytes();
            } catch (IOException e) {
                throw new IllegalStateException("reading the upload failed", e);
            }
            startResponse.call("200 OK", List.of());
            return List.of();
        };
        try (TestServer server = TestServer.start(wrapping, "server.body-read-timeout", "200ms");
             RawClient client = server.connect()) {
            client.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc");
            assertEquals(408, client.read().status());
        }
    }

    @Test
    void answers500WhenACallOfTheAppsOwnTimesOut() {
        // the client is not at fault, and a 408 would invite it to repeat a request that may have had effects
        App upstreamTimesOut = (environ, startResponse) -> {
            throw new IOException("calling another service failed", new SocketTimeoutException("Read timed out"));
        };
        try (TestServer server = TestServer.start(upstreamTimesOut); RawClient client = server.connect()) {
            assertEquals(500, client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read().status());
        }
    }

    @Test
    void closesTheConnectionOfAClientThatStopsReading() throws InterruptedException {
        // a socket write has no timeout of its own: the write watchdog ends it
        ClosingBody endless = ClosingBody.endless(64 * 1024);
        io.greenhouse.spi.App streaming = (environ, startResponse) -> {
            startResponse.call("200 OK", java.util.List.of());
            return endless;
        };
        try (TestServer server = TestServer.start(streaming, "server.write-timeout", "200ms");
             RawClient client = server.connect()) {
            client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");  // and never read
            assertTrue(endless.awaitClosed(), "the body is closed once the blocked write is cut off");
            assertEquals(1, endless.closes());
        }
    }

    @Test
    void closesTheConnectionOfAClientThatStopsReadingInTheMiddleOfALargeChunk() throws InterruptedException {
        // the chunk leaves in slices, each with the whole timeout: a slice the client never takes still ends it
        ClosingBody endless = ClosingBody.endless(4 << 20);
        App streaming = (environ, startResponse) -> {
            startResponse.call("200 OK", List.of());
            return endless;
        };
        try (TestServer server = TestServer.start(streaming, "server.write-timeout", "200ms");
             RawClient client = server.connect()) {
            client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");  // and never read
            assertTrue(endless.awaitClosed(), "the body is closed once the blocked write is cut off");
        }
    }

    @Test
    void keepsSendingToAClientThatReadsSteadilyWhenOneChunkTakesLongerThanTheTimeout() throws IOException {
        // the write timeout is how long the client may go without reading, not how long a chunk may take to send
        byte[] chunk = new byte[32 << 20];
        App oneChunk = (environ, startResponse) -> {
            startResponse.call("200 OK", List.of());
            return List.of(chunk);
        };
        try (TestServer server = TestServer.start(oneChunk, "server.write-timeout", "1s");
             Socket socket = new Socket()) {
            socket.setReceiveBufferSize(64 * 1024);  // the client's reads, not the kernel's buffers, set the pace
            socket.setSoTimeout(10_000);
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()));
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            assertTrue(head.startsWith("HTTP/1.1 200 OK\r\n"), head);
            assertTrue(head.contains("\r\nContent-Length: " + chunk.length + "\r\n"), head);
            // 32 MiB at 8 MiB/s: 4 s for one chunk, at most 2 ms between reads. The server's socket
            // buffers hold at most a few MiB of it, so the write would have waited for seconds.
            assertEquals(chunk.length, readSteadily(in, 8 << 20), "body bytes received before the server closed");
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        byte[] end = {'\r', '\n', '\r', '\n'};
        int matched = 0;
        for (int b; matched < end.length && (b = in.read()) >= 0; ) {
            head.write(b);
            matched = b == end[matched] ? matched + 1 : b == '\r' ? 1 : 0;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** Reads to the end, or to a reset, 16 KiB at a time and no faster than {@code bytesPerSecond}; returns the count read. */
    private static long readSteadily(InputStream in, long bytesPerSecond) {
        byte[] buf = new byte[16 * 1024];
        long started = System.nanoTime();
        long total = 0;
        try {
            for (int n; (n = in.read(buf)) > 0; ) {
                total += n;
                long due = started + total * 1_000_000_000L / bytesPerSecond;
                for (long wait; (wait = due - System.nanoTime()) > 0; ) {
                    LockSupport.parkNanos(wait);  // the client's pace, not a wait for a condition
                }
            }
        } catch (IOException e) {
            // the server cut the connection off: the count tells how far it got
        }
        return total;
    }
}
