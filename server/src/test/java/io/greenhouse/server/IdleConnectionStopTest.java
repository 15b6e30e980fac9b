package io.greenhouse.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.greenhouse.spi.App;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
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
        ErrorLog errors = new ErrorLog(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        ConnectionRegistry registry = new ConnectionRegistry(10, 1 << 20, errors, null);
        RequestDuringClose socket = new RequestDuringClose();
        try {
            registry.start(new Connection(socket, app, Settings.of(Map.of()), registry));
            socket.waitingForRequest.await();

            Thread stopper = Thread.ofPlatform().unstarted(registry::drain);
            socket.stopper = stopper;
            stopper.start();
            stopper.join();

            assertTrue(registry.awaitEmpty(20_000_000_000L));
            assertEquals(1, socket.requestsRead.get(), "the request reached the server");
            assertEquals(0, appRuns.get(), "a request on a connection being closed is not begun");
            assertEquals(0, socket.written.size());
        } finally {
            registry.endSpareThreads();
        }
    }

    /**
     * A client connection whose request arrives while the stop closes it: the stopper's close
     * lets the request in and waits until the server has read it, then closes.
     */
    private static final class RequestDuringClose implements ClientSocket {
        final CountDownLatch waitingForRequest = new CountDownLatch(1);
        final CountDownLatch requestSent = new CountDownLatch(1);
        final CountDownLatch requestRead = new CountDownLatch(1);
        final AtomicInteger requestsRead = new AtomicInteger();
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        volatile Thread stopper;
        volatile boolean closed;

        private final InputStream input = new InputStream() {
            @Override
            public int read() {
                throw new UnsupportedOperationException("the server reads into its buffer");
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (requestsRead.get() > 0 || closed) {
                    return -1;
                }
                waitingForRequest.countDown();
                try {
                    requestSent.await();
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                System.arraycopy(REQUEST, 0, b, off, REQUEST.length);
                requestsRead.incrementAndGet();
                requestRead.countDown();
                return REQUEST.length;
            }
        };

        @Override
        public void close() throws IOException {
            if (Thread.currentThread() == stopper) {
                requestSent.countDown();  // the request arrives as the stop closes the connection
                try {
                    requestRead.await();
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            }
            closed = true;
        }

        @Override
        public InputStream input() {
            return input;
        }

        @Override
        public OutputStream output() {
            return written;
        }

        @Override
        public InetSocketAddress peer() {
            return new InetSocketAddress("127.0.0.1", 40000);
        }

        @Override
        public String localName() {
            return "127.0.0.1";
        }

        @Override
        public int localPort() {
            return 80;
        }

        @Override
        public void shutdownInput() {
            // nothing waits on memory
        }

        @Override
        public void shutdownOutput() {
            // nothing to tell
        }

        @Override
        public boolean isClosed() {
            return closed;
        }

        @Override
        public boolean needsLingeringClose() {
            return false;
        }

        @Override
        public void setReadTimeout(int millis) {
            // reads wait on latches, not on time
        }
    }
}
