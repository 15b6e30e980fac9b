package io.greenhouse.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.greenhouse.spi.App;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A graceful stop closes the connections that wait for their next request. A request can arrive
 * just as the stop decides to close one: it must then not be begun, since the app's work would
 * be done and its answer never sent (the client, seeing the connection close without an answer,
 * may send it again elsewhere: RFC 9112 §9.3.1).
 */
@Timeout(30)
class IdleConnectionStopTest {

    private static final byte[] REQUEST =
            "POST /charge HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    @Test
    void aRequestArrivingAsTheStopClosesAnIdleConnectionIsNotBegun() throws Exception {
        AtomicInteger appRuns = new AtomicInteger();
        App app = (environ, start) -> {
            appRuns.incrementAndGet();
            start.call("200 OK", List.of());
            return List.of("charged".getBytes(StandardCharsets.US_ASCII));
        };
        CountDownLatch waitingForRequest = new CountDownLatch(1);
        CountDownLatch requestSent = new CountDownLatch(1);
        CountDownLatch requestRead = new CountDownLatch(1);
        AtomicInteger requestsRead = new AtomicInteger();
        AtomicReference<InMemoryClientSocket> socket = new AtomicReference<>();
        InputStream client = new InputStream() {
            @Override
            public int read() {
                throw new UnsupportedOperationException("the server reads into its buffer");
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (requestsRead.get() > 0 || socket.get().isClosed()) {
                    return -1;
                }
                waitingForRequest.countDown();
                await(requestSent);
                System.arraycopy(REQUEST, 0, b, off, REQUEST.length);
                requestsRead.incrementAndGet();
                requestRead.countDown();
                return REQUEST.length;
            }
        };
        socket.set(new InMemoryClientSocket(client));
        ErrorLog errors = new ErrorLog(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        ConnectionRegistry registry = new ConnectionRegistry(10, 1 << 20, errors, null);
        try {
            registry.start(new Connection(socket.get(), app, Settings.of(Map.of()), registry));
            waitingForRequest.await();

            Thread stopper = Thread.ofPlatform().unstarted(registry::drain);
            socket.get().beforeClose(() -> {
                if (Thread.currentThread() == stopper) {
                    requestSent.countDown();  // the request arrives as the stop closes the connection
                    await(requestRead);
                }
            });
            stopper.start();
            stopper.join();

            assertTrue(registry.awaitEmpty(20_000_000_000L));
            assertEquals(1, requestsRead.get(), "the request reached the server");
            assertEquals(0, appRuns.get(), "a request on a connection being closed is not begun");
            assertEquals(0, socket.get().written().length);
        } finally {
            registry.endSpareThreads();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
