package io.greenhouse.server;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The virtual threads that serve connections. A thread whose connection has ended stays parked
 * as a spare, and a new connection is handed to a spare with an unpark rather than to a newly
 * started thread.
 *
 * <p>Why: the JDK's scheduler (25 here) puts a newly started virtual thread on the
 * carrier pool's shared submission queue, which a carrier reads only when its own queue is empty,
 * while a thread woken by another virtual thread goes on the waking carrier's own queue. Under
 * full load the own queue is never empty (the I/O poller keeps filling it), so a new connection
 * waited seconds for its first turn while the connections already open were served: a fresh
 * client took up to 17 s while wrk kept the one carrier busy
 * ({@code bench/results/2026-12-01-fresh-connections-under-load.md}). The listener runs on a
 * carrier, so the spare it wakes is queued behind the connections in work, not behind the
 * carrier's own queue running dry.
 *
 * <p>A burst of new connections can outnumber the spares; those that get a newly started thread
 * are let in by {@link FirstTurns}, which has the connections in work step aside between requests
 * until the started threads have had their first turn.
 *
 * <p>Spares are bounded: {@link #MIN_SPARES} are kept ready (started again when taken, as best as
 * the scheduler allows), and a thread whose connection ends while {@link #MAX_SPARES} wait ends
 * too. A thread reused this way keeps its thread-locals from one connection to the next, as a
 * pooled platform thread would.
 */
final class ConnectionThreads implements AutoCloseable {

    static final int MIN_SPARES = 16;
    static final int MAX_SPARES = 256;
    /** A worker's {@code next} while nothing has been handed to it (null is "end"). */
    private static final Runnable NOTHING_YET = () -> { };

    private final ConcurrentLinkedDeque<Worker> spares = new ConcurrentLinkedDeque<>();
    /** The spares, counting those about to join the deque: what bounds them to MAX_SPARES. */
    private final AtomicInteger spareCount = new AtomicInteger();
    /** Threads started to become spares that have not parked yet. */
    private final AtomicInteger starting = new AtomicInteger();
    private final FirstTurns firstTurns = new FirstTurns();
    private volatile boolean closed;

    ConnectionThreads() {
        topUp();
    }

    /**
     * The thread that will serve the next connection: a spare if one is parked, else a new one.
     * Hand it the connection with {@link Worker#serve}.
     */
    Worker claim() {
        Worker spare = spares.pollFirst();
        if (spare == null) {
            topUp();
            return new Worker();
        }
        spareCount.decrementAndGet();
        topUp();
        return spare;
    }

    /**
     * Called by a connection's thread before it waits for its next request: lets connections on
     * newly started threads have their first turn first (see {@link FirstTurns}). True if it waited.
     */
    boolean makeWayForStarted() {
        return firstTurns.stepAside();
    }

    /** Spares that a claim would find now, for tests (counted one by one). */
    int spares() {
        return spares.size();
    }

    /** Ends the spares; threads still serving a connection end with it. */
    @Override
    public void close() {
        closed = true;
        for (Worker spare; (spare = spares.pollFirst()) != null; ) {
            spareCount.decrementAndGet();
            spare.serve(null);
        }
    }

    private void topUp() {
        while (!closed && spareCount.get() + starting.get() < MIN_SPARES) {
            starting.incrementAndGet();
            new Worker().serve(null);
        }
    }

    /** One virtual thread: serves a connection, then waits as a spare for the next. */
    final class Worker implements Runnable {

        private final Thread thread = Thread.ofVirtual().name("greenhouse-connection").unstarted(this);
        /** What to run next, or null to end; set by {@link #serve}, taken once by this worker's thread. */
        private volatile Runnable next = NOTHING_YET;

        Thread thread() {
            return thread;
        }

        /** Runs {@code connection} on this worker's thread; null ends a spare. */
        void serve(Runnable connection) {
            next = connection;
            if (thread.getState() == Thread.State.NEW) {
                start(connection != null);
            } else {
                LockSupport.unpark(thread);
            }
        }

        private void start(boolean withConnection) {
            if (!withConnection) {
                thread.start();
                return;
            }
            firstTurns.starting();
            try {
                thread.start();
            } catch (RuntimeException | Error e) {
                firstTurns.begun();  // it never will: nobody may wait for it
                throw e;
            }
        }

        @Override
        public void run() {
            Runnable connection = takeNext();
            if (connection != null) {
                firstTurns.begun();
            } else {
                starting.decrementAndGet();
                connection = awaitConnection();
            }
            while (connection != null) {
                connection.run();
                Thread.interrupted();  // an interrupt meant for the connection just served
                connection = awaitConnection();
            }
        }

        private Runnable takeNext() {
            Runnable connection = next;
            next = NOTHING_YET;
            return connection;
        }

        /** Parks as a spare until handed a connection; null when there are enough spares, or on close. */
        private Runnable awaitConnection() {
            int count;
            do {
                count = spareCount.get();
                if (closed || count >= MAX_SPARES) {
                    return null;
                }
            } while (!spareCount.compareAndSet(count, count + 1));
            spares.addLast(this);
            if (closed && spares.remove(this)) {
                spareCount.decrementAndGet();
                return null;
            }
            while (next == NOTHING_YET) {
                LockSupport.park(ConnectionThreads.this);
                Thread.interrupted();  // a spare has nothing to interrupt; only serve() wakes it
            }
            return takeNext();
        }
    }
}
