package io.greenhouse.server;

import static io.greenhouse.server.TestApps.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.greenhouse.spi.App;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Server.stop(grace): drain the idle, finish the busy, refuse the new, cut off the late. */
@Timeout(30)
class ShutdownTest {

    private static final String GET = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";

    /** Answers "/idle" at once; any other path waits until {@code release} opens. */
    private static App gated(CountDownLatch entered, CountDownLatch release) {
        return (environ, startResponse) -> {
            if (!"/idle".equals(environ.get("PATH_INFO"))) {
                entered.countDown();
                if (!release.await(20, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("never released");
                }
            }
            startResponse.call("200 OK", List.of());
            return List.of(bytes("done"));
        };
    }

    private static void awaitIgnoringInterrupts(CountDownLatch latch) {
        while (true) {
            try {
                latch.await();
                return;
            } catch (InterruptedException ignored) {
                // waits on regardless
            }
        }
    }

    private static RawClient idleConnection(TestServer server) {
        RawClient client = server.connect();
        assertEquals(200, client.send("GET /idle HTTP/1.1\r\nHost: x\r\n\r\n").read().status());
        return client;
    }

    @Test
    void closesIdleConnectionsAndReturnsCleanly() {
        try (TestServer server = TestServer.start(TestApps.OK); RawClient idle = idleConnection(server)) {
            assertTrue(server.server().stop(Duration.ofSeconds(10)));
            assertTrue(idle.closedByServer());
        }
    }

    @Test
    void refusesNewConnectionsOnceStopped() {
        try (TestServer server = TestServer.start(TestApps.OK)) {
            int port = server.port();
            server.server().stop(Duration.ofSeconds(10));
            assertThrows(IOException.class, () -> new Socket("127.0.0.1", port).close());
        }
    }

    @Test
    void letsARequestInFlightFinishAndClosesAfterItsResponse() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (TestServer server = TestServer.start(gated(entered, release));
             RawClient busy = server.connect();
             RawClient idle = idleConnection(server)) {
            busy.send("GET /busy HTTP/1.1\r\nHost: x\r\n\r\n");
            assertTrue(entered.await(10, TimeUnit.SECONDS));
            CompletableFuture<Boolean> stopped = CompletableFuture.supplyAsync(
                    () -> server.server().stop(Duration.ofSeconds(20)), runnable -> Thread.ofVirtual().start(runnable));
            // the idle connection closing shows the server is draining
            assertTrue(idle.closedByServer());
            release.countDown();
            RawClient.Response response = busy.read();
            assertEquals(200, response.status());
            assertEquals("done", response.bodyText());
            // RFC 9112 §9.6: a server that will close says so in its last response
            assertEquals("close", response.header("Connection"));
            assertTrue(busy.closedByServer());
            busy.close();  // else the server lingers for the client's close before it ends
            assertTrue(stopped.get(20, TimeUnit.SECONDS));
        }
    }

    @Test
    void doesNotServeARequestPipelinedBehindTheLastOne() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (TestServer server = TestServer.start(gated(entered, release));
             RawClient busy = server.connect();
             RawClient idle = idleConnection(server)) {
            busy.send("GET /busy HTTP/1.1\r\nHost: x\r\n\r\nGET /idle HTTP/1.1\r\nHost: x\r\n\r\n");
            assertTrue(entered.await(10, TimeUnit.SECONDS));
            CompletableFuture<Boolean> stopped = CompletableFuture.supplyAsync(
                    () -> server.server().stop(Duration.ofSeconds(20)), runnable -> Thread.ofVirtual().start(runnable));
            assertTrue(idle.closedByServer());
            release.countDown();
            List<RawClient.Response> responses = busy.readAllUntilClose();
            assertEquals(1, responses.size());
            assertEquals("close", responses.get(0).header("Connection"));
            busy.close();
            assertTrue(stopped.get(20, TimeUnit.SECONDS));
        }
    }

    @Test
    void cutsOffARequestThatOutlivesTheGrace() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        try (TestServer server = TestServer.start(gated(entered, never)); RawClient busy = server.connect()) {
            busy.send(GET);
            assertTrue(entered.await(10, TimeUnit.SECONDS));
            assertFalse(server.server().stop(Duration.ofMillis(200)));
            assertTrue(busy.closedByServer());
            String raw = new String(busy.readToClose(), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertFalse(raw.contains("done"), raw);
        }
    }

    @Test
    void aRequestCutOffBeforeItsResponseBeganIsStillLoggedAs503(@TempDir Path dir) throws Exception {
        // its thread does not come back when interrupted, as in a call that cannot be: the line
        // must not wait for it
        Path log = dir.resolve("access.log");
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        App stuck = (environ, startResponse) -> {
            entered.countDown();
            awaitIgnoringInterrupts(release);
            startResponse.call("200 OK", List.of());
            return List.of(bytes("done"));
        };
        try (TestServer server = TestServer.start(stuck, "server.access-log", log.toString());
             RawClient busy = server.connect()) {
            busy.send("GET /busy HTTP/1.1\r\nHost: x\r\n\r\n");
            assertTrue(entered.await(10, TimeUnit.SECONDS));
            assertFalse(server.server().stop(Duration.ofMillis(200)));
        } finally {
            release.countDown();
        }
        List<String> lines = Files.readAllLines(log);
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("\"GET /busy HTTP/1.1\" 503 - "), lines.get(0));
    }

    @Test
    void anAppInterruptedByTheCutOffIsNoAppFailureInTheErrorLog(@TempDir Path dir) throws Exception {
        // the server interrupted it: 132 of 500 requests cut off logged "app failed" with an
        // InterruptedException's stack trace
        Path log = dir.resolve("error.log");
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch exchangeOver = new CountDownLatch(1);
        App waiting = (environ, startResponse) -> {
            io.greenhouse.spi.Environ.addPosthook(environ, exchangeOver::countDown);  // runs once the failure is handled
            entered.countDown();
            new CountDownLatch(1).await();  // until interrupted
            return List.of();
        };
        try (TestServer server = TestServer.start(waiting, "server.error-log", log.toString());
             RawClient busy = server.connect()) {
            busy.send(GET);
            assertTrue(entered.await(10, TimeUnit.SECONDS));
            assertFalse(server.server().stop(Duration.ofMillis(200)));
            assertTrue(exchangeOver.await(10, TimeUnit.SECONDS));
        }
        String logged = Files.readString(log);
        assertFalse(logged.contains("app failed"), logged);
    }

    @Test
    void aRequestHeadCutOffWhileItWasComingInIsLoggedAs503(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("access.log");
        try (TestServer server = TestServer.start(TestApps.OK, "server.access-log", log.toString());
             RawClient slow = server.connect()) {
            // one write, so one read: the answer to the first request leaves only when the
            // connection goes on to wait for the rest of the second head
            slow.send("GET /first HTTP/1.1\r\nHost: x\r\n\r\nGET /slow HTTP/1.1\r\nHost: x\r\n");
            assertEquals(200, slow.read().status());
            assertFalse(server.server().stop(Duration.ofMillis(200)));
            assertTrue(slow.closedByServer());
        }
        List<String> lines = Files.readAllLines(log);
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(1).contains("\"GET /slow HTTP/1.1\" 503 - "), lines.get(1));
    }

    @Test
    void aResponseCutOffMidwayIsLoggedWithTheStatusAndBytesThatWentOut(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("access.log");
        CountDownLatch release = new CountDownLatch(1);
        App streaming = (environ, startResponse) -> {
            startResponse.call("200 OK", List.of()).write(bytes("partial"));
            release.await();
            return List.of(bytes(" rest"));
        };
        try (TestServer server = TestServer.start(streaming, "server.access-log", log.toString());
             RawClient busy = server.connect()) {
            busy.send("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n").readUntil("partial");
            assertFalse(server.server().stop(Duration.ofMillis(200)));
        } finally {
            release.countDown();
        }
        List<String> lines = Files.readAllLines(log);
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("\"GET /stream HTTP/1.1\" 200 7 "), lines.get(0));
    }

    @Test
    void aStoppedServerLeavesNoLogFileOpenAndItsAccessLogComplete(@TempDir Path dir) throws Exception {
        assumeTrue(OpenDescriptors.countable(), "needs /proc (Linux)");
        Path accessLog = dir.resolve("access.log");
        int servers = 5;
        for (int i = 0; i < servers; i++) {
            try (TestServer server = TestServer.start(TestApps.OK, "server.access-log", accessLog.toString(),
                    "server.error-log", dir.resolve("error.log").toString());
                 RawClient client = server.connect()) {
                assertEquals(200, client.send(GET).read().status());
            }
        }
        assertEquals(0, OpenDescriptors.on(dir), "descriptors left open on the log files of stopped servers");
        assertEquals(servers, Files.readAllLines(accessLog).size());
    }

    @Test
    void answersNoRequestAfterStopReturned() {
        try (TestServer server = TestServer.start(TestApps.OK)) {
            assertTrue(server.server().stop(Duration.ofSeconds(5)));
            assertEquals(0, server.server().openConnections());
        }
    }
}
