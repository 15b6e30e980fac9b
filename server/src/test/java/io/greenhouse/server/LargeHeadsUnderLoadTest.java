package io.greenhouse.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.greenhouse.spi.App;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.Test;

/**
 * server.max-head-bytes-in-flight: request heads larger than a connection's first 4 KiB buffer
 * share one budget, so that many clients sending large heads at once get 503 (RFC 9110 §15.6.4,
 * a temporary overload) instead of running the server out of memory; the room comes back once
 * the app has answered, or the connection has ended.
 */
class LargeHeadsUnderLoadTest {

    /** A head of about 15 kB, within every per-request limit, not yet ended by its blank line. */
    private static final String UNFINISHED_HEAD = "GET / HTTP/1.1\r\nHost: h\r\n"
            + ("X-Big: " + "b".repeat(1000) + "\r\n").repeat(15);

    @Test
    void aLargeHeadThatFindsNoRoomGets503AndTheOthersAreServed() throws Exception {
        // a 15 kB head grows a buffer from 4 KiB to 16 KiB (12,288 bytes); 20,000 has room for one
        try (TestServer server = TestServer.start(TestApps.OK, "server.max-head-bytes-in-flight", "20000");
             RawClient first = server.connect();
             RawClient second = server.connect();
             var readers = Executors.newVirtualThreadPerTaskExecutor()) {
            first.send(UNFINISHED_HEAD);
            second.send(UNFINISHED_HEAD);
            CompletableFuture<RawClient.Response> toFirst = CompletableFuture.supplyAsync(first::read, readers);
            CompletableFuture<RawClient.Response> toSecond = CompletableFuture.supplyAsync(second::read, readers);

            RawClient.Response refusal = (RawClient.Response) CompletableFuture.anyOf(toFirst, toSecond).get();
            assertEquals(503, refusal.status());
            assertEquals("server busy: too many large request heads at once; try again later\n", refusal.bodyText());
            assertEquals("close", refusal.header("Connection"));
            assertEquals("1", refusal.header("Retry-After"), "the overload is expected to pass");

            boolean firstRefused = toFirst.isDone();
            RawClient admitted = firstRefused ? second : first;
            admitted.send("\r\n");
            assertEquals(200, (firstRefused ? toSecond : toFirst).get().status(), "the head that had room is served");

            // its app has answered, so its room is back: a new large head fits again
            try (RawClient third = server.connect()) {
                assertEquals(200, third.send(UNFINISHED_HEAD + "\r\n").read().status());
            }
        }
    }

    @Test
    void aLargeHeadKeepsItsRoomWhileTheAppAnswersIt() throws Exception {
        Semaphore answer = new Semaphore(0);
        CountDownLatch inApp = new CountDownLatch(1);
        App slow = (environ, startResponse) -> {
            inApp.countDown();
            answer.acquire();
            startResponse.call("200 OK", List.of());
            return List.of(TestApps.bytes("done"));
        };
        try (TestServer server = TestServer.start(slow, "server.max-head-bytes-in-flight", "20000");
             RawClient first = server.connect()) {
            first.send(UNFINISHED_HEAD + "\r\n");
            inApp.await();  // its head is parsed; the environ made of it lives while the app runs
            TestApps.assertRefused(server, UNFINISHED_HEAD + "\r\n", 503);
            answer.release();
            assertEquals("done", first.read().bodyText());
        }
    }

    @Test
    void theHeadsOfOneConnectionAfterAnotherAllFit() {
        try (TestServer server = TestServer.start(TestApps.OK, "server.max-head-bytes-in-flight", "20000")) {
            for (int i = 0; i < 5; i++) {
                try (RawClient client = server.connect()) {
                    assertEquals(200, client.send(UNFINISHED_HEAD + "\r\n").read().status(), "connection " + i);
                    assertEquals(200, client.send(UNFINISHED_HEAD + "\r\n").read().status(), "kept alive, request 2");
                }
            }
        }
    }

    @Test
    void aBudgetSmallerThanOneLargeHeadRefusesItButServesSmallOnes() {
        try (TestServer server = TestServer.start(TestApps.OK, "server.max-head-bytes-in-flight", "1000")) {
            TestApps.assertRefused(server, UNFINISHED_HEAD + "\r\n", 503);
            try (RawClient client = server.connect()) {
                assertTrue(client.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n").read().status() == 200,
                        "a head within the first 4 KiB never needs the budget");
            }
        }
    }

    @Test
    void theBudgetIsBytesOrAShareOfTheHeap() {
        long heap = Runtime.getRuntime().maxMemory();
        assertEquals(heap * 12 / 100, Settings.defaults().maxHeadBytesInFlight(), 1.0, "12% of the heap by default");
        assertEquals(5000, Settings.of(java.util.Map.of("server.max-head-bytes-in-flight", "5000")).maxHeadBytesInFlight());
        assertEquals(heap / 2, Settings.of(java.util.Map.of("server.max-head-bytes-in-flight", "50%")).maxHeadBytesInFlight(), 1.0);
        for (String bad : new String[] {"0%", "101%", "lots%", "-5", "12 MiB"}) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> Settings.of(java.util.Map.of("server.max-head-bytes-in-flight", bad)));
            assertTrue(e.getMessage().startsWith("setting server.max-head-bytes-in-flight = '" + bad + "' is not valid"), e.getMessage());
        }
    }
}
