package io.greenhouse.server;

import java.io.Flushable;
import java.io.IOException;
import java.util.function.LongSupplier;

/**
 * One connection's share of its carrier while its client keeps ahead of it. A connection whose
 * reads find the client's bytes already there never parks, and a virtual thread is not
 * preempted: without a share, clients pipelining without end, or uploading as fast as they can,
 * kept new connections from being accepted or read for up to seconds. So once such a connection
 * has been at it for its turn's time, it steps aside: for connections on newly started threads if
 * any wait for their first turn ({@link FirstTurns}); else, if the I/O poller has had a turn since
 * its own began, behind the threads that turn woke (a yield); else until the poller has had one
 * ({@link PollerTurns}). A client that waits for its answers, even 16 pipelined at a time, has its
 * connection's reads wait for it often enough (under wrk, every other read or more) that it
 * never steps aside.
 *
 * <p>A turn's time adapts. Stepping aside costs a connection alone on its carrier a round trip
 * through the poller with the carrier idle, ~30 µs: a third of a lone pipelining client's rate
 * at turns of 64 requests. And 50 uploading clients, at turns of 50 µs, took half again as long.
 * So when the others took no longer than {@link #OTHERS_MAY_WAIT_NANOS} while it
 * stepped aside, its next turn is twice as long, up to {@link #MAX_TURN_NANOS}; when they took
 * longer, half as long, down to {@link #MIN_TURN_NANOS}. With k such connections a new one waits
 * for about k turns; the rule keeps that near {@code OTHERS_MAY_WAIT_NANOS}, or k shortest turns
 * when they are many. Measured (bench/results/2026-12-01-pipelining-clients.md), a fresh client's
 * first byte, median / slowest: 50 uploading clients, 4 / 26 ms, the uploads taking a fifth longer
 * (with 1 ms allowed: 3.5 / 30 ms, and half again as long); 50 pipelining clients, 5 / 12 ms;
 * one, 6 / 38 ms.
 */
final class FairShare {

    /** What a connection steps aside for: the server's other connections. */
    interface Others {

        /**
         * If connections handed to newly started threads have not had their first turn yet,
         * waits until they have (see {@link FirstTurns}). True if it waited. Also called by a
         * connection before it waits for its next request.
         */
        boolean makeWayForNewConnections();

        /** Waits until the I/O poller has had a turn (see {@link PollerTurns}). */
        void letPollerRun();

        /** Turns the I/O poller has had so far, asked for by any connection. */
        long pollerTurnsTaken();

        /** Lets the threads queued on this carrier run first: {@link Thread#yield}. */
        void yieldToWoken();
    }

    /** ~64 hello-world requests. */
    static final long MIN_TURN_NANOS = 50_000;
    static final long MAX_TURN_NANOS = 2_000_000;
    static final long OTHERS_MAY_WAIT_NANOS = 5_000_000;
    /** The clock is read every so many requests of a turn (a power of two; 16 hello-world requests take ~10 µs), and before every read. */
    static final int CLOCK_EVERY_REQUESTS = 16;

    private final Others others;
    private final LongSupplier nanoTime;
    private long turnNanos = MIN_TURN_NANOS;
    /** The client has been ahead since {@link #turnBegan}, for {@link #requestsInTurn} requests after the first. */
    private boolean inTurn;
    private long turnBegan;
    /** {@link Others#pollerTurnsTaken} when this turn began. */
    private long pollerTurnsAtStart;
    private int requestsInTurn;

    FairShare(Others others, LongSupplier nanoTime) {
        this.others = others;
        this.nanoTime = nanoTime;
    }

    /**
     * Called before each request is taken: steps aside when this turn is over.
     *
     * @param clientAhead the last read found the client's bytes there, without waiting
     * @param out flushed before stepping aside, so that what was answered goes out
     */
    void beforeRequest(boolean clientAhead, Flushable out) throws IOException {
        if (turnGoesOn(clientAhead) && (++requestsInTurn & (CLOCK_EVERY_REQUESTS - 1)) == 0) {
            stepAsideIfOver(out);
        }
    }

    /**
     * Called before each read from the socket (on JDK 24 and later), an app's reads of a request
     * body among them, which it may do without end as well: steps aside when this turn is over.
     */
    void beforeRead(boolean clientAhead, Flushable out) throws IOException {
        if (turnGoesOn(clientAhead)) {
            stepAsideIfOver(out);
        }
    }

    /** False when the client was caught up with (the turn ends) or has just got ahead (it begins). */
    private boolean turnGoesOn(boolean clientAhead) {
        if (!clientAhead) {
            inTurn = false;
            return false;
        }
        if (!inTurn) {
            inTurn = true;
            beginTurn();
            return false;
        }
        return true;
    }

    private void stepAsideIfOver(Flushable out) throws IOException {
        long now = nanoTime.getAsLong();
        if (now - turnBegan < turnNanos) {
            return;
        }
        out.flush();
        if (others.makeWayForNewConnections()) {
            turnNanos = MIN_TURN_NANOS;  // others were waiting: they had their first turn
        } else {
            long asked = nanoTime.getAsLong();  // after the flush, which may have waited for the client
            if (others.pollerTurnsTaken() != pollerTurnsAtStart) {
                others.yieldToWoken();  // the poller has run meanwhile: what it woke is queued, go behind it
            } else {
                others.letPollerRun();
            }
            long othersTook = nanoTime.getAsLong() - asked;
            turnNanos = othersTook <= OTHERS_MAY_WAIT_NANOS
                    ? Math.min(2 * turnNanos, MAX_TURN_NANOS) : Math.max(turnNanos / 2, MIN_TURN_NANOS);
        }
        beginTurn();
    }

    private void beginTurn() {
        requestsInTurn = 0;
        turnBegan = nanoTime.getAsLong();
        pollerTurnsAtStart = others.pollerTurnsTaken();
    }

    /** The length of a turn now, for tests. */
    long turnNanos() {
        return turnNanos;
    }
}
