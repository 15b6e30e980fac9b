package io.greenhouse.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.Flushable;
import org.junit.jupiter.api.Test;

/**
 * A connection whose client keeps ahead of it steps aside once its turn's time is up; turns grow
 * while the others take little time meanwhile, and shrink when they take long.
 */
class FairShareTest {

    /** Each request takes 1 µs of the test's clock. */
    private static final long REQUEST_NANOS = 1_000;
    /** The clock is read every CLOCK_EVERY_REQUESTS requests: the shortest turn ends at the first reading past it. */
    private static final int MIN_TURN_REQUESTS = roundUp(FairShare.MIN_TURN_NANOS / REQUEST_NANOS);
    private static final int MAX_TURN_REQUESTS = roundUp(FairShare.MAX_TURN_NANOS / REQUEST_NANOS);

    private long now;
    /** How long the others take while a connection steps aside for the poller. */
    private long othersTake;
    private int pollerTurns;
    /** Turns of the poller that other connections asked for. */
    private int pollerTurnsAskedByOthers;
    private int yields;
    private int flushes;
    private boolean startedThreadsWaiting;

    private final FairShare.Others others = new FairShare.Others() {
        @Override
        public boolean makeWayForNewConnections() {
            return startedThreadsWaiting;
        }

        @Override
        public void letPollerRun() {
            pollerTurns++;
            now += othersTake;
        }

        @Override
        public long pollerTurnsTaken() {
            return pollerTurns + pollerTurnsAskedByOthers;
        }

        @Override
        public void yieldToWoken() {
            yields++;
            now += othersTake;
        }
    };
    private final Flushable out = () -> flushes++;
    private final FairShare share = new FairShare(others, () -> now);

    @Test
    void aClientThatWaitsForItsAnswersNeverHasItsConnectionStepAside() throws Exception {
        requests(100_000, false);
        assertEquals(0, pollerTurns);
        assertEquals(0, flushes);
    }

    @Test
    void aClientAheadHasItsConnectionStepAsideOnceItsTurnIsUp() throws Exception {
        othersTake = 2 * FairShare.OTHERS_MAY_WAIT_NANOS;  // many others: turns stay the shortest
        requests(MIN_TURN_REQUESTS, true);
        assertEquals(0, pollerTurns);
        requests(1, true);
        assertEquals(1, pollerTurns);
        assertEquals(1, flushes, "what it answered goes out before it steps aside");
        requests(10 * MIN_TURN_REQUESTS, true);
        assertEquals(11, pollerTurns);
        assertEquals(FairShare.MIN_TURN_NANOS, share.turnNanos());
    }

    @Test
    void aReadThatWaitedForTheClientEndsTheTurn() throws Exception {
        requests(MIN_TURN_REQUESTS, true);
        requests(1, false);
        requests(MIN_TURN_REQUESTS, true);
        assertEquals(0, pollerTurns);
    }

    @Test
    void aConnectionAloneOnItsCarrierTakesLongerTurnsUpToTheLongest() throws Exception {
        othersTake = 30_000;  // the round trip through the poller alone
        requests(MIN_TURN_REQUESTS + 1, true);
        assertEquals(2 * FairShare.MIN_TURN_NANOS, share.turnNanos());
        requests(100_000, true);
        assertEquals(FairShare.MAX_TURN_NANOS, share.turnNanos());
        requestsUntilSteppedAside();  // the end of the turn under way
        assertEquals(MAX_TURN_REQUESTS, requestsUntilSteppedAside());
        assertEquals(MAX_TURN_REQUESTS, requestsUntilSteppedAside());
    }

    @Test
    void whenTheOthersTakeLongTurnsShrinkToTheShortest() throws Exception {
        othersTake = 30_000;
        requests(100_000, true);
        othersTake = 2 * FairShare.OTHERS_MAY_WAIT_NANOS;
        requestsUntilSteppedAside();
        assertEquals(FairShare.MAX_TURN_NANOS / 2, share.turnNanos(), "halved");
        requests(100_000, true);
        assertEquals(FairShare.MIN_TURN_NANOS, share.turnNanos());
    }

    @Test
    void aConnectionReadingFromAClientAheadOfItStepsAsideAtTheFirstReadPastTheTurn() throws Exception {
        othersTake = 2 * FairShare.OTHERS_MAY_WAIT_NANOS;
        share.beforeRead(true, out);  // the turn begins
        now += FairShare.MIN_TURN_NANOS - 1;
        share.beforeRead(true, out);
        assertEquals(0, pollerTurns);
        now += 1;
        share.beforeRead(true, out);
        assertEquals(1, pollerTurns, "a read is long enough to read the clock every time");
    }

    @Test
    void whenThePollerHadATurnDuringItsOwnTheConnectionOnlyYieldsBehindWhatItWoke() throws Exception {
        requests(MIN_TURN_REQUESTS / 2, true);
        pollerTurnsAskedByOthers++;  // another connection stepped aside meanwhile
        requests(MIN_TURN_REQUESTS / 2 + 1, true);
        assertEquals(1, yields);
        assertEquals(0, pollerTurns);
        requestsUntilSteppedAside();
        assertEquals(1, pollerTurns, "no turn of the poller since: it asks for one");
        assertEquals(1, yields);
    }

    @Test
    void connectionsOnNewlyStartedThreadsGoFirstInsteadOfThePoller() throws Exception {
        startedThreadsWaiting = true;
        requests(MIN_TURN_REQUESTS + 1, true);
        assertEquals(0, pollerTurns);
        assertEquals(1, flushes);
    }

    /** Requests the client, staying ahead, sends until its connection steps aside, counting that one. */
    private int requestsUntilSteppedAside() throws Exception {
        int before = flushes;
        int count = 0;
        while (flushes == before) {
            requests(1, true);
            count++;
        }
        return count;
    }

    private static int roundUp(long requests) {
        int every = FairShare.CLOCK_EVERY_REQUESTS;
        return (int) ((requests + every - 1) / every * every);
    }

    private void requests(int count, boolean clientAhead) throws Exception {
        for (int i = 0; i < count; i++) {
            share.beforeRequest(clientAhead, out);
            now += REQUEST_NANOS;
        }
    }
}
