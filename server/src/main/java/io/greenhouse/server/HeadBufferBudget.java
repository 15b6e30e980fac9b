package io.greenhouse.server;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How far all connections' read buffers together may grow past the 4 KiB each starts with
 * ({@code server.max-head-bytes-in-flight}). Only a request head that does not fit makes a buffer
 * grow, so this bounds what thousands of clients sending large heads at once can take from the
 * heap: within every per-request limit, 10,000 connections with 72 KB heads would need 720 MB.
 * A connection whose head cannot have the room gets 503 at once; nothing waits. The room is
 * held until the app has answered, since the environ is made of the head: the budget bounds the
 * strings as well as the buffers.
 */
final class HeadBufferBudget {

    private final long capacity;
    private final AtomicLong held = new AtomicLong();

    HeadBufferBudget(long capacity) {
        this.capacity = capacity;
    }

    /** Takes {@code bytes} if they are free; false, taking nothing, if not. */
    boolean tryTake(long bytes) {
        long now;
        do {
            now = held.get();
            if (capacity - now < bytes) {
                return false;
            }
        } while (!held.compareAndSet(now, now + bytes));
        return true;
    }

    void give(long bytes) {
        held.addAndGet(-bytes);
    }

    /** Bytes taken now, by every connection. */
    long held() {
        return held.get();
    }
}
