package io.greenhouse.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Lets the JDK's I/O poller have its turn while connections whose clients never wait keep the
 * carriers busy: such a connection steps aside here (see {@link FairShare}) until the poller has
 * run.
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
 * channel. A connection stepping aside has each canary sent a datagram numbered for the turn,
 * and parks until all have read theirs. They are sent on a channel of their own, in
 * non-blocking mode: an interrupted thread (an app's timeout, a shutdown) closes a blocking
 * channel it writes to, which would end the turns for good. A parked canary's read is ended
 * by its poller only, so by then every poller has run and woken whatever was ready, new
 * connections included, or (for a canary still busy with the turn before) had run just before;
 * and the connections that stepped aside had let the carrier's own queue run dry for it. The JDK
 * gives each read poller the descriptors equal to its index modulo their count, a power of two;
 * the canaries' channels, opened one after another, have consecutive descriptors. Should they
 * not, a turn still waits for one poller at least, only less fairly.
 *
 * <p>Nothing here times a wait: a turn not over {@link #OVERDUE_NANOS} after it was asked for
 * (a datagram lost, or the carriers all held by threads that cannot unmount) is ended at the
 * {@link TimeoutWatchdog}'s next round, within a second with the default timeouts.
 */
final class PollerTurns implements AutoCloseable {

    /** A turn asked for this long ago and not over is ended by {@link #endOverdueTurn}. */
    static final long OVERDUE_NANOS = 100_000_000;

    private final DatagramChannel[] canaries;
    /** Where each canary's datagram is sent to. */
    private final SocketAddress[] canaryAddresses;
    /** Sends the turns' datagrams; non-blocking, so no interrupt can close it. */
    private final DatagramChannel sender;
    private final LongSupplier nanoTime;
    private final ErrorLog errors;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition turnTaken = lock.newCondition();
    /** Turns the pollers have had, or that were ended as overdue; written with the lock held. */
    private volatile long turns;
    /** The canaries have been sent their datagrams for turn {@code turns + 1}, at {@link #askedAt}. */
    private boolean asked;
    private long askedAt;
    /** Which canaries have read their datagram for the turn asked for. */
    private final boolean[] heard;
    private int heardCount;
    /** No more turns: the server stopped, or a canary failed. Connections go on at once. */
    private boolean over;
    private volatile boolean closing;

    /**
     * @param canaries blocking channels, each bound, and connected to {@code sender}'s address
     * @param sender a non-blocking channel
     * @param nanoTime {@link System#nanoTime}, or a test's clock
     * @param errors told if the turns end before the server stops
     */
    PollerTurns(DatagramChannel[] canaries, DatagramChannel sender, LongSupplier nanoTime, ErrorLog errors) throws IOException {
        this.canaries = canaries.clone();
        this.canaryAddresses = new SocketAddress[canaries.length];
        for (int i = 0; i < canaries.length; i++) {
            canaryAddresses[i] = canaries[i].getLocalAddress();
        }
        this.sender = sender;
        this.nanoTime = nanoTime;
        this.errors = errors;
        this.heard = new boolean[canaries.length];
        for (int i = 0; i < canaries.length; i++) {
            int canary = i;
            Thread.ofVirtual().name("greenhouse-poller-canary").start(() -> listen(canary));
        }
    }

    /** Canaries for the JDK's read pollers: see {@link #readPollers}. */
    static PollerTurns start(ErrorLog errors) throws IOException {
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        // the canaries, then the sender: the canaries' descriptors are consecutive
        DatagramChannel[] channels = new DatagramChannel[readPollers() + 1];
        try {
            for (int i = 0; i < channels.length; i++) {
                channels[i] = DatagramChannel.open().bind(loopback);
            }
            DatagramChannel sender = channels[channels.length - 1];
            sender.configureBlocking(false);
            DatagramChannel[] canaries = Arrays.copyOf(channels, channels.length - 1);
            for (DatagramChannel canary : canaries) {
                canary.connect(sender.getLocalAddress());  // what else comes to its port is not read
            }
            return new PollerTurns(canaries, sender, System::nanoTime, errors);
        } catch (IOException | RuntimeException e) {
            closeAll(channels);
            throw e;
        }
    }

    /**
     * How many canaries: the JDK's count of read pollers in its default mode on Linux, where
     * the pollers are virtual threads: {@code jdk.readPollers} if set, else the highest power of
     * two not above the processors, at most 32. Where the JDK has fewer (other modes, other
     * versions), the extra canaries cost a datagram each per turn, nothing more.
     */
    static int readPollers() {
        Integer set = Integer.getInteger("jdk.readPollers");
        int count = set != null && set > 0 ? set : Runtime.getRuntime().availableProcessors();
        return Math.min(Integer.highestOneBit(count), 32);
    }

    /**
     * Waits until every read poller has had a turn: the next one to end, which may have been
     * asked for by another connection a moment ago.
     */
    void awaitTurn() {
        long next;
        boolean send;
        lock.lock();
        try {
            next = turns + 1;
            send = !asked && !over;
            if (send) {
                asked = true;
                askedAt = nanoTime.getAsLong();
            }
        } finally {
            lock.unlock();
        }
        if (send) {
            sendAll((byte) next);  // outside the lock: the canaries it wakes take the lock to count
        }
        lock.lock();
        try {
            while (turns < next && !over) {
                turnTaken.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Called by the watchdog: ends a turn asked for more than {@link #OVERDUE_NANOS} before
     * {@code now}, so that its connections go on.
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

    /** Turns taken so far. */
    long turns() {
        return turns;
    }

    @Override
    public void close() {
        closing = true;
        end();
        closeAll(canaries);
        closeAll(sender);
    }

    private void listen(int canary) {
        ByteBuffer datagram = ByteBuffer.allocate(1);
        try {
            while (true) {
                datagram.clear();
                canaries[canary].read(datagram);
                heard(canary, datagram.get(0));
            }
        } catch (IOException | RuntimeException e) {
            if (!closing) {
                broken("a poller canary could not read", e);
            }
        } finally {
            end();
        }
    }

    private void heard(int canary, byte turn) {
        lock.lock();
        try {
            // else the datagram of a turn ended as overdue
            if (asked && turn == (byte) (turns + 1) && !heard[canary]) {
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

    /**
     * Sends each canary the turn's datagram. A datagram the sender's full buffer did not take is
     * as one lost: the watchdog ends the turn.
     */
    private void sendAll(byte turn) {
        try {
            for (SocketAddress canary : canaryAddresses) {
                sender.send(ByteBuffer.wrap(new byte[] {turn}), canary);
            }
        } catch (IOException e) {
            if (!closing) {
                broken("a poller canary could not be sent its datagram", e);
            }
            end();  // no turn could be over
        }
    }

    private void broken(String what, Exception e) {
        errors.logOnce("poller-turns", what + " (" + e + "): from now on, clients that never wait may hold up the others");
    }

    private static void closeAll(DatagramChannel... channels) {
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
