package io.greenhouse.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lets the JDK's I/O poller have its turn while connections whose clients never wait keep the
 * carriers busy: such a connection steps aside here, now and then, until the poller has run.
 *
 * <p>Why: a client that pipelines without end (100,000 requests written at once) keeps bytes in
 * its socket, so its connection's reads never park, and a virtual thread is not preempted. The
 * read poller of JDK 25, once it has found nothing and parked, is woken through the scheduler's
 * shared queue, which a carrier takes from only when its own queue runs dry. With 50 such
 * clients it never ran dry: a new client waited 0.4-4.4 s for its answer, as no connection was
 * accepted and no other request read (bench/results/2026-12-01-pipelining-clients.md). A yield
 * or a timed park did not cure it: the yielded thread goes back on the carrier's own queue, and
 * a timed wake-up joins the shared queue beside the poller's.
 *
 * <p>How: canaries, one virtual thread per read poller, each blocked reading a loopback datagram
 * channel that sends to itself. A connection stepping aside has each canary sent one datagram
 * and parks until all have read theirs. Only the poller ends a canary's read, so by then every
 * poller has run and woken whatever was ready, new connections included; and the connections
 * that stepped aside had let the carrier's own queue run dry for it. The JDK gives each read
 * poller the descriptors equal to its index modulo their count, a power of two; the canaries'
 * channels, opened one after another, have consecutive descriptors. Should they not, a turn
 * still waits for one poller at least, only less fairly.
 *
 * <p>Nothing here times a wait: a turn not over within {@link #OVERDUE_NANOS} (a datagram lost,
 * which loopback should never do) is ended by the {@link TimeoutWatchdog}'s rounds.
 */
final class PollerTurns implements AutoCloseable {

    /** A turn asked for this long ago and not over is ended by {@link #endOverdueTurn}. */
    static final long OVERDUE_NANOS = 100_000_000;

    private final DatagramChannel[] canaries;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition turnTaken = lock.newCondition();
    /** Turns the pollers have had, or that were ended as overdue. */
    private long turns;
    /** The canaries have been sent their datagrams for the next turn, at {@link #askedAt}. */
    private boolean asked;
    private long askedAt;
    /** Which canaries have read their datagram since they were sent it. */
    private final boolean[] heard;
    private int heardCount;
    /** No more turns: the server stopped, or a canary failed. Connections go on at once. */
    private boolean over;

    PollerTurns(DatagramChannel[] canaries) {
        this.canaries = canaries.clone();
        this.heard = new boolean[canaries.length];
        for (int i = 0; i < canaries.length; i++) {
            int canary = i;
            Thread.ofVirtual().name("greenhouse-poller-canary").start(() -> listen(canary));
        }
    }

    /** Canaries for the JDK's read pollers, as many as it has on this machine. */
    static PollerTurns start() throws IOException {
        DatagramChannel[] canaries = new DatagramChannel[readPollers()];
        try {
            for (int i = 0; i < canaries.length; i++) {
                canaries[i] = DatagramChannel.open();
                canaries[i].bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                canaries[i].connect(canaries[i].getLocalAddress());
            }
        } catch (IOException | RuntimeException e) {
            closeAll(canaries);
            throw e;
        }
        return new PollerTurns(canaries);
    }

    /**
     * The JDK's count of read pollers: {@code jdk.readPollers} if set, else its default on Linux,
     * the highest power of two not above the processors, at most 32.
     */
    static int readPollers() {
        Integer set = Integer.getInteger("jdk.readPollers");
        int count = set != null && set > 0 ? set : Runtime.getRuntime().availableProcessors();
        return Math.min(Integer.highestOneBit(count), 32);
    }

    /** Waits until every read poller has had a turn, counted from now. */
    void awaitTurn() {
        lock.lock();
        try {
            long next = turns + 1;
            if (!asked && !over) {
                asked = true;
                askedAt = System.nanoTime();
                for (DatagramChannel canary : canaries) {
                    send(canary);
                }
            }
            while (turns < next && !over) {
                turnTaken.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Called by the watchdog: ends a turn asked for more than {@link #OVERDUE_NANOS} before
     * {@code now} (on {@link System#nanoTime}), so that its connections go on.
     */
    void endOverdueTurn(long now) {
        lock.lock();
        try {
            if (asked && now - askedAt > OVERDUE_NANOS) {
                turnOver();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Turns taken so far, for tests. */
    long turns() {
        lock.lock();
        try {
            return turns;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        end();
        closeAll(canaries);
    }

    private void listen(int canary) {
        ByteBuffer datagram = ByteBuffer.allocate(1);
        try {
            while (true) {
                datagram.clear();
                canaries[canary].read(datagram);
                heard(canary);
            }
        } catch (IOException | RuntimeException e) {
            // closed with the server; or broken, and then no turn could be over again
        } finally {
            end();
        }
    }

    private void heard(int canary) {
        lock.lock();
        try {
            if (asked && !heard[canary]) {  // else a datagram of a turn ended as overdue
                heard[canary] = true;
                if (++heardCount == canaries.length) {
                    turnOver();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** With the lock held. */
    private void turnOver() {
        turns++;
        asked = false;
        Arrays.fill(heard, false);
        heardCount = 0;
        turnTaken.signalAll();
    }

    private void end() {
        lock.lock();
        try {
            over = true;
            turnTaken.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** With the lock held. */
    private void send(DatagramChannel canary) {
        try {
            canary.write(ByteBuffer.wrap(new byte[1]));
        } catch (IOException e) {
            over = true;  // a loopback datagram that cannot be sent: no turn could be over
            turnTaken.signalAll();
        }
    }

    private static void closeAll(DatagramChannel[] channels) {
        for (DatagramChannel channel : channels) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // closing is all we wanted
                }
            }
        }
    }
}
