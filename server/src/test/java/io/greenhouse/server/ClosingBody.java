package io.greenhouse.server;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A lazy response body that counts how often it is closed: yields its chunks (forever, when
 * endless), then fails if told to.
 */
final class ClosingBody implements Iterable<byte[]>, AutoCloseable {

    private final List<byte[]> chunks;
    private final boolean endless;
    private final RuntimeException failure;
    private final AtomicInteger closes = new AtomicInteger();
    private final CountDownLatch closed = new CountDownLatch(1);

    private ClosingBody(List<byte[]> chunks, boolean endless, RuntimeException failure) {
        this.chunks = chunks;
        this.endless = endless;
        this.failure = failure;
    }

    static ClosingBody of(String... chunks) {
        return new ClosingBody(java.util.Arrays.stream(chunks).map(TestApps::bytes).toList(), false, null);
    }

    static ClosingBody failingAfter(String chunk) {
        return new ClosingBody(List.of(TestApps.bytes(chunk)), false, new IllegalStateException("app broke mid-body"));
    }

    static ClosingBody endless(int chunkSize) {
        return new ClosingBody(List.of(new byte[chunkSize]), true, null);
    }

    @Override
    public Iterator<byte[]> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                if (next < chunks.size() || endless) {
                    return true;
                }
                if (failure != null) {
                    throw failure;
                }
                return false;
            }

            @Override
            public byte[] next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return chunks.get(endless ? 0 : next++);
            }
        };
    }

    @Override
    public void close() {
        closes.incrementAndGet();
        closed.countDown();
    }

    int closes() {
        return closes.get();
    }

    /** Waits until the server has closed this body; false after 10 s without. */
    boolean awaitClosed() throws InterruptedException {
        return closed.await(10, TimeUnit.SECONDS);
    }
}
