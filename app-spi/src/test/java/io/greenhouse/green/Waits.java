package io.greenhouse.green;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.function.BooleanSupplier;

/** Waiting without clocks: the tests' @Timeout is only a safety net. */
final class Waits {

    private Waits() {
    }

    /**
     * Spins until {@code condition} holds, yielding the CPU to the threads that will make it.
     * Gives up when interrupted, which is how @Timeout stops a test that waits in vain.
     */
    static void until(BooleanSupplier condition) throws InterruptedException {
        while (!condition.getAsBoolean()) {
            if (Thread.interrupted()) {
                throw new InterruptedException("gave up waiting");
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    /** Waits for {@code latch} inside a lambda that may not throw checked exceptions. */
    static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits at {@code barrier} inside a lambda that may not throw checked exceptions. */
    static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (InterruptedException | BrokenBarrierException e) {
            throw new IllegalStateException(e);
        }
    }
}
