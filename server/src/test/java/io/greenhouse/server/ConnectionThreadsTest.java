package io.greenhouse.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The threads that serve connections: kept as spares, handed new connections by unpark. */
@Timeout(60)
class ConnectionThreadsTest {

    @Test
    void aThreadWhoseConnectionEndedServesALaterOne() throws InterruptedException {
        try (ConnectionThreads threads = new ConnectionThreads()) {
            awaitSpares(threads, ConnectionThreads.MIN_SPARES);
            Thread first = runToEnd(threads);
            awaitSpares(threads, ConnectionThreads.MIN_SPARES + 1);  // the top-up's new spare, and this one
            CountDownLatch done = new CountDownLatch(1);
            serveOn(threads, first, done::countDown);
            done.await();
        }
    }

    @Test
    void sparesAreKeptReadyAsConnectionsTakeThem() throws InterruptedException {
        try (ConnectionThreads threads = new ConnectionThreads()) {
            CountDownLatch release = new CountDownLatch(1);
            int busy = ConnectionThreads.MIN_SPARES * 2;
            for (int i = 0; i < busy; i++) {
                threads.claim().serve(() -> awaitQuietly(release));
            }
            awaitSpares(threads, ConnectionThreads.MIN_SPARES);
            release.countDown();
        }
    }

    @Test
    void noMoreThanMaxSparesStayParked() throws InterruptedException {
        try (ConnectionThreads threads = new ConnectionThreads()) {
            int busy = ConnectionThreads.MAX_SPARES + 40;
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch ended = new CountDownLatch(busy);
            List<Thread> served = new ArrayList<>();
            for (int i = 0; i < busy; i++) {
                ConnectionThreads.Worker worker = threads.claim();
                served.add(worker.thread());
                worker.serve(() -> {
                    awaitQuietly(release);
                    ended.countDown();
                });
            }
            release.countDown();
            ended.await();
            long alive = 0;
            for (Thread thread : served) {
                while (!isEndedOrParked(thread)) {
                    Thread.onSpinWait();  // on its way out, or into the spares
                }
                alive += thread.isAlive() ? 1 : 0;
            }
            assertTrue(threads.spares() <= ConnectionThreads.MAX_SPARES, threads.spares() + " spares");
            assertTrue(alive <= ConnectionThreads.MAX_SPARES, alive + " threads stayed alive");
        }
    }

    @Test
    void anInterruptLeftByOneConnectionDoesNotReachTheNext() throws InterruptedException {
        try (ConnectionThreads threads = new ConnectionThreads()) {
            awaitSpares(threads, ConnectionThreads.MIN_SPARES);
            CountDownLatch first = new CountDownLatch(1);
            ConnectionThreads.Worker worker = threads.claim();
            worker.serve(() -> {
                Thread.currentThread().interrupt();
                first.countDown();
            });
            first.await();
            awaitSpares(threads, ConnectionThreads.MIN_SPARES + 1);
            AtomicReference<Boolean> interrupted = new AtomicReference<>();
            CountDownLatch done = new CountDownLatch(1);
            serveOn(threads, worker.thread(), () -> {
                interrupted.set(Thread.currentThread().isInterrupted());
                done.countDown();
            });
            done.await();
            assertFalse(interrupted.get());
        }
    }

    @Test
    void closingEndsTheSpares() throws InterruptedException {
        ConnectionThreads threads = new ConnectionThreads();
        awaitSpares(threads, ConnectionThreads.MIN_SPARES);
        Thread spare = runToEnd(threads);
        awaitSpares(threads, ConnectionThreads.MIN_SPARES + 1);
        threads.close();
        spare.join();
        assertEquals(0, threads.spares());
    }

    /**
     * The reason for spares. One carrier, kept busy by two threads that wake each other, so its
     * own queue never empties (as the I/O poller keeps it under full load): a thread started now
     * would wait in the shared queue until the load ends. A connection handed to a spare by a
     * thread on that carrier is served all the same.
     */
    @Test
    void aConnectionHandedOverOnABusyCarrierIsServed() throws IOException, InterruptedException {
        assertServedInProcess(BusyCarrier.class);
    }

    /**
     * The reason for {@link FirstTurns}. A burst of new connections that outnumbers the spares,
     * handed over on a carrier that connections in work keep busy: the one left over gets a newly
     * started thread, which waits in the shared queue. It is served because the connections in
     * work step aside between their turns, as {@link Connection} does before each next request.
     */
    @Test
    void aConnectionOnANewlyStartedThreadIsServedOnABusyCarrier() throws IOException, InterruptedException {
        assertServedInProcess(BurstOnBusyCarrier.class);
    }

    private static void assertServedInProcess(Class<?> main) throws IOException, InterruptedException {
        Process probe = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djdk.virtualThreadScheduler.parallelism=1", "-Djdk.virtualThreadScheduler.maxPoolSize=1",
                "-cp", System.getProperty("java.class.path"), main.getName())
                .redirectErrorStream(true).start();
        try {
            assertTrue(probe.waitFor(30, TimeUnit.SECONDS), "a connection was never served");
            assertEquals("served\n", new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            assertEquals(0, probe.exitValue());
        } finally {
            probe.destroyForcibly();
        }
    }

    /** Run as its own process, with one carrier: see {@link #aConnectionOnANewlyStartedThreadIsServedOnABusyCarrier}. */
    public static final class BurstOnBusyCarrier {
        public static void main(String[] args) throws InterruptedException {
            ConnectionThreads threads = new ConnectionThreads();
            awaitSpares(threads, ConnectionThreads.MIN_SPARES);
            int burst = ConnectionThreads.MIN_SPARES + 1;
            CountDownLatch served = new CountDownLatch(burst);
            Thread[] pair = new Thread[2];
            pair[1] = Thread.ofVirtual().unstarted(() -> inWork(threads, pair[0]));
            pair[0] = Thread.ofVirtual().unstarted(() -> {
                for (int i = 0; i < burst; i++) {
                    threads.claim().serve(served::countDown);  // from the carrier, as the listener does
                }
                inWork(threads, pair[1]);
            });
            pair[1].start();
            pair[0].start();
            served.await();
            System.out.println("served");
            System.exit(0);
        }

        /** A connection in work: wakes the other, steps aside if it must, waits for its next turn. */
        private static void inWork(ConnectionThreads threads, Thread other) {
            while (true) {
                LockSupport.unpark(other);
                threads.makeWayForStarted();
                LockSupport.park();
            }
        }
    }

    /** Run as its own process, with one carrier: see {@link #aConnectionHandedOverOnABusyCarrierIsServed}. */
    public static final class BusyCarrier {
        public static void main(String[] args) throws InterruptedException {
            ConnectionThreads threads = new ConnectionThreads();
            awaitSpares(threads, ConnectionThreads.MIN_SPARES);
            CountDownLatch served = new CountDownLatch(1);
            Thread[] pair = new Thread[2];
            pair[1] = Thread.ofVirtual().unstarted(() -> pingPong(pair[0]));
            pair[0] = Thread.ofVirtual().unstarted(() -> {
                threads.claim().serve(served::countDown);  // from the carrier, as the listener does
                pingPong(pair[1]);
            });
            pair[1].start();
            pair[0].start();
            served.await();
            System.out.println("served");
            System.exit(0);
        }

        private static void pingPong(Thread other) {
            while (true) {
                LockSupport.unpark(other);
                LockSupport.park();
            }
        }
    }

    /**
     * Claims threads until {@code wanted} comes up and hands it {@code connection}; the threads
     * claimed before it wait until the test ends (spares are woken oldest first, so it comes up within MIN_SPARES + 1).
     */
    private static void serveOn(ConnectionThreads threads, Thread wanted, Runnable connection) {
        CountDownLatch never = new CountDownLatch(1);
        int claimed = 0;
        while (true) {
            ConnectionThreads.Worker worker = threads.claim();
            if (worker.thread() == wanted) {
                worker.serve(connection);
                return;
            }
            assertTrue(++claimed <= ConnectionThreads.MIN_SPARES + 1, "the thread is not among the spares");
            worker.serve(() -> awaitQuietly(never));
        }
    }

    private static Thread runToEnd(ConnectionThreads threads) throws InterruptedException {
        AtomicReference<Thread> ran = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        threads.claim().serve(() -> {
            ran.set(Thread.currentThread());
            done.countDown();
        });
        done.await();
        return ran.get();
    }

    /** Waits until {@code count} spares are parked (or more). */
    private static void awaitSpares(ConnectionThreads threads, int count) {
        while (threads.spares() < count) {
            Thread.onSpinWait();
        }
    }

    private static boolean isEndedOrParked(Thread thread) {
        Thread.State state = thread.getState();
        return state == Thread.State.TERMINATED || state == Thread.State.WAITING;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
