package io.greenhouse.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Thousands of keep-alive connections open at once, each from its own virtual thread, each
 * making a few requests; every response is checked. Each connection takes two descriptors in
 * this one process (client and server side), so under a low `ulimit -n` the test uses fewer
 * connections than its 3,000.
 */
class LoadTest {

    private static final int CONNECTIONS = connectionsAllowed(3000);
    private static final int REQUESTS_PER_CONNECTION = 4;

    @Test
    @Timeout(60)
    void servesThousandsOfConcurrentKeepAliveConnections() throws InterruptedException {
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch allOpen = new CountDownLatch(CONNECTIONS);
        CountDownLatch done = new CountDownLatch(CONNECTIONS);
        try (TestServer server = TestServer.start(TestApps.ECHO, "server.backlog", "4096");
             ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < CONNECTIONS; c++) {
                int id = c;
                clients.submit(() -> {
                    try (RawClient client = server.connect()) {
                        for (int r = 0; r < REQUESTS_PER_CONNECTION; r++) {
                            if (r == 1) {
                                // every connection is open, and has been served, before any goes on
                                allOpen.countDown();
                                if (!allOpen.await(40, TimeUnit.SECONDS)) {
                                    throw new AssertionError("not all connections opened in time");
                                }
                            }
                            exchange(client, id, r);
                        }
                    } catch (Throwable e) {
                        failures.add("connection " + id + ": " + e);
                        allOpen.countDown();
                    } finally {
                        done.countDown();
                    }
                });
            }
            assertTrue(done.await(50, TimeUnit.SECONDS), "clients finished");
        }
        assertEquals(List.of(), failures.stream().limit(10).toList(), failures.size() + " connections failed");
    }

    /** {@code wanted}, or fewer when the descriptor limit would not hold two per connection. */
    private static int connectionsAllowed(int wanted) {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            long spare = unix.getMaxFileDescriptorCount() - unix.getOpenFileDescriptorCount() - 256;
            if (spare / 2 < wanted) {
                System.err.println("LoadTest: descriptor limit allows " + spare / 2 + " connections, not " + wanted);
                return (int) Math.max(100, spare / 2);
            }
        }
        return wanted;
    }

    private static void exchange(RawClient client, int id, int r) {
        String path = "/c" + id + "/r" + r;
        String body = "body " + id + "." + r;
        RawClient.Response response = client.send("POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: "
                + body.length() + "\r\n\r\n" + body).read();
        if (response.status() != 200 || !path.equals(response.header("X-Path")) || !body.equals(response.bodyText())) {
            throw new AssertionError("wrong response to " + path + ": " + response.statusLine() + " "
                    + response.headers() + " " + response.bodyText());
        }
    }
}
