package io.greenhouse.server;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps connections on newly started threads from waiting behind the connections already in
 * work: the connections in work step aside, between requests, until the threads started before
 * them have had their first turn.
 *
 * <p>Why: the JDK's scheduler (25 here) puts a newly started virtual thread on the carrier
 * pool's shared queue, which a carrier takes from only when its own queue is empty. Under full
 * load its own queue is never empty: the I/O poller keeps waking the connections in work onto it.
 * So in a burst of new connections that outnumbers the parked spares, the started threads waited
 * 50-500 ms for their first turn, while the connections already open were served
 * ({@code bench/results/2026-12-01-first-turns.md}). A connection that steps aside parks here,
 * off the poller and off the carrier's queue, so that queue runs dry and the carrier takes the
 * started threads; each first turn wakes the connections that waited for it (onto the waking
 * carrier's own queue, so they are not left in the shared one).
 *
 * <p>A connection waits only for threads started before it stepped aside, so a steady stream of
 * new connections cannot hold it back for longer than the scheduler takes to start those.
 */
final class FirstTurns {

    /** Connections handed to a newly started thread. */
    private final AtomicLong started = new AtomicLong();
    /** Of those, the threads that have had their first turn (or failed to start). */
    private final AtomicLong begun = new AtomicLong();
    private final ReentrantLock lock = new ReentrantLock();
    /** Connections stepping aside, in the order they came: their targets never decrease. */
    private final ArrayDeque<Waiter> waiting = new ArrayDeque<>();

    /** A connection is about to be handed to a newly started thread. */
    void starting() {
        started.incrementAndGet();
    }

    /** A thread started for a connection has begun, or could not be started. */
    void begun() {
        releaseUpTo(begun.incrementAndGet());
    }

    /**
     * Waits until the threads started for connections so far have had their first turn; returns
     * at once when none is waiting for it. True if it waited.
     */
    boolean stepAside() {
        if (begun.get() == started.get()) {
            return false;
        }
        Waiter waiter;
        lock.lock();
        try {
            long target = started.get();
            if (begun.get() >= target) {
                return false;
            }
            waiter = new Waiter(Thread.currentThread(), target);
            waiting.addLast(waiter);
        } finally {
            lock.unlock();
        }
        boolean interrupted = false;
        while (!waiter.released) {
            LockSupport.park(this);
            interrupted |= Thread.interrupted();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    /** Connections stepping aside now, for tests. */
    int waiting() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }

    private void releaseUpTo(long begunSoFar) {
        lock.lock();
        try {
            for (Waiter w; (w = waiting.peekFirst()) != null && w.target <= begunSoFar; ) {
                waiting.pollFirst();
                w.released = true;
                LockSupport.unpark(w.thread);
            }
        } finally {
            lock.unlock();
        }
    }

    private static final class Waiter {
        final Thread thread;
        final long target;
        volatile boolean released;

        Waiter(Thread thread, long target) {
            this.thread = thread;
            this.target = target;
        }
    }
}
