package io.greenhouse.server;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The live connections and their threads: bounds how many run at once, and lets a graceful
 * shutdown close the idle ones, wait for the busy ones, and end whatever outlasts the grace.
 */
final class ConnectionRegistry implements ServerContext {

    private final Map<Connection, Thread> live = new ConcurrentHashMap<>();
    private final ConnectionThreads threads = new ConnectionThreads();
    /** Null when its loopback datagrams could not be set up: connections then never step aside for the poller. */
    private final PollerTurns pollerTurns;
    private static final long LIMIT_LOG_INTERVAL_NANOS = 60_000_000_000L;

    private final int maxConnections;
    /** When the accept loop last said the limit was reached; 0 for never. */
    private long limitLoggedAt;
    private final Semaphore slots;
    private final ErrorLog errors;
    private final AccessLog accessLog;
    private final BufferPool writeBuffers = BufferPool.forWriters(ResponseWriter.BUFFER_SIZE);
    private final HeadBufferBudget headBuffers;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition emptied = lock.newCondition();
    private volatile boolean draining;

    ConnectionRegistry(int maxConnections, long maxHeadBytesInFlight, ErrorLog errors, AccessLog accessLog) {
        this(maxConnections, maxHeadBytesInFlight, errors, accessLog, startPollerTurns(errors));
    }

    ConnectionRegistry(int maxConnections, long maxHeadBytesInFlight, ErrorLog errors, AccessLog accessLog,
            PollerTurns pollerTurns) {
        this.maxConnections = maxConnections;
        this.slots = new Semaphore(maxConnections);
        this.headBuffers = new HeadBufferBudget(maxHeadBytesInFlight);
        this.errors = errors;
        this.accessLog = accessLog;
        this.pollerTurns = pollerTurns;
    }

    private static PollerTurns startPollerTurns(ErrorLog errors) {
        try {
            return PollerTurns.start(errors);
        } catch (IOException e) {
            errors.log("clients that pipeline without end may hold up the others: no loopback datagram channel ("
                    + e.getMessage() + ")");
            return null;
        }
    }

    /**
     * Blocks while the maximum number of connections are open. When it has to, a line says so,
     * at most once a minute (a server at its limit reaches it again at every close): new clients
     * then wait in the listen backlog, which would otherwise look like a server that has stopped
     * answering. Called by the accept loop only.
     */
    void awaitSlot() throws InterruptedException {
        if (slots.tryAcquire()) {
            return;
        }
        long now = System.nanoTime();
        if (limitLoggedAt == 0 || now - limitLoggedAt > LIMIT_LOG_INTERVAL_NANOS) {
            limitLoggedAt = now;
            errors.log("server.max-connections (" + maxConnections + ") reached: new connections wait in the listen"
                    + " backlog until one closes (said at most once a minute)");
        }
        slots.acquire();
    }

    void releaseSlot() {
        slots.release();
    }

    /** Starts serving a connection that holds a slot, on a virtual thread of its own. */
    void start(Connection connection) {
        ConnectionThreads.Worker worker = threads.claim();
        live.put(connection, worker.thread());
        worker.serve(connection);
        if (draining) {
            connection.closeIfIdle();
        }
    }

    @Override
    public boolean makeWayForNewConnections() {
        return threads.makeWayForStarted();
    }

    @Override
    public void letPollerRun() {
        if (pollerTurns != null) {
            pollerTurns.awaitTurn();
        }
    }

    @Override
    public long pollerTurnsTaken() {
        return pollerTurns != null ? pollerTurns.turns() : 0;
    }

    @Override
    public void yieldToWoken() {
        Thread.yield();
    }

    /** Ends a turn for the I/O poller that should long be over (see {@link PollerTurns#endOverdueTurn}). */
    void endOverduePollerTurn(long now) {
        if (pollerTurns != null) {
            pollerTurns.endOverdueTurn(now);
        }
    }

    int size() {
        return live.size();
    }

    /** Every live connection, for the watchdog's rounds. */
    Iterable<Connection> connections() {
        return live.keySet();
    }

    @Override
    public void closed(Connection connection) {
        if (live.remove(connection) != null) {
            slots.release();
        }
        if (live.isEmpty()) {
            lock.lock();
            try {
                emptied.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Takes no new requests: idle connections close now, busy ones after their response. */
    void drain() {
        draining = true;
        live.keySet().forEach(Connection::closeIfIdle);
    }

    /** Waits until every connection has ended or the grace period is over; true if all ended. */
    boolean awaitEmpty(long graceNanos) throws InterruptedException {
        long deadline = System.nanoTime() + graceNanos;
        lock.lock();
        try {
            while (!live.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                emptied.await(left, TimeUnit.NANOSECONDS);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Ends the threads kept for connections to come, and the poller's canaries; call once no more will start. */
    void endSpareThreads() {
        threads.close();
        if (pollerTurns != null) {
            pollerTurns.close();
        }
    }

    /** Ends every connection still open: its request in flight is logged, its socket closes, its thread is interrupted. */
    void closeAll() {
        live.forEach((connection, thread) -> {
            connection.cutOff();
            thread.interrupt();
        });
    }

    @Override
    public ErrorLog errors() {
        return errors;
    }

    @Override
    public BufferPool writeBuffers() {
        return writeBuffers;
    }

    @Override
    public HeadBufferBudget headBuffers() {
        return headBuffers;
    }

    @Override
    public boolean draining() {
        return draining;
    }

    @Override
    public void access(String remoteAddr, RequestHead request, int status, long bodyBytes, long durationNanos) {
        if (accessLog != null) {
            accessLog.log(remoteAddr, request, status, bodyBytes, durationNanos);
        }
    }

    @Override
    public void refused(String remoteAddr, String received, int status, long bodyBytes, long durationNanos) {
        if (accessLog != null) {
            accessLog.logRefused(remoteAddr, received, status, bodyBytes, durationNanos);
        }
    }
}
