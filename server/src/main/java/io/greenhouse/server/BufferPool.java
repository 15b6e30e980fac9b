package io.greenhouse.server;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Write buffers shared by all connections. A connection holds one only while it writes a
 * response and gives it back before it waits for the next request, so a few buffers serve
 * thousands of connections: responses need no fresh buffer each, and idle connections hold none.
 * When every pooled buffer is out, a new one is made, and dropped again if there is no room.
 */
final class BufferPool {

    private final int bufferSize;
    private final AtomicReferenceArray<byte[]> slots;

    BufferPool(int bufferSize, int capacity) {
        this.bufferSize = bufferSize;
        this.slots = new AtomicReferenceArray<>(capacity);
    }

    /** Sized for the carrier threads that run connections, with room for some apps that stream. */
    static BufferPool forWriters(int bufferSize) {
        return new BufferPool(bufferSize, 4 * Runtime.getRuntime().availableProcessors() + 8);
    }

    int bufferSize() {
        return bufferSize;
    }

    /** A buffer of {@link #bufferSize()} bytes, pooled if one is free; its contents are undefined. */
    byte[] take() {
        for (int i = 0; i < slots.length(); i++) {
            if (slots.getPlain(i) != null) {
                byte[] buffer = slots.getAndSet(i, null);
                if (buffer != null) {
                    return buffer;
                }
            }
        }
        return new byte[bufferSize];
    }

    /** Returns a buffer from {@link #take()}; the caller must not touch it afterwards. */
    void give(byte[] buffer) {
        for (int i = 0; i < slots.length(); i++) {
            if (slots.getPlain(i) == null && slots.compareAndSet(i, null, buffer)) {
                return;
            }
        }
    }
}
