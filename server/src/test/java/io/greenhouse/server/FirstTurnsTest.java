package io.greenhouse.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Connections in work step aside until the threads started for new connections have had their first turn. */
@Timeout(60)
class FirstTurnsTest {

    private final FirstTurns turns = new FirstTurns();

    @Test
    void withNoThreadStartedAConnectionGoesOnAtOnce() {
        assertFalse(turns.stepAside());
        turns.starting();
        turns.begun();
        assertFalse(turns.stepAside());
    }

    @Test
    void aConnectionWaitsUntilTheStartedThreadBegins() throws InterruptedException {
        turns.starting();
        AtomicBoolean waited = new AtomicBoolean();
        Thread connection = Thread.ofVirtual().start(() -> waited.set(turns.stepAside()));
        awaitWaiting(1);  // never returns if stepAside goes on before the started thread begins
        turns.begun();
        connection.join();
        assertTrue(waited.get());
        assertEquals(0, turns.waiting());
    }

    @Test
    void aConnectionWaitsOnlyForThreadsStartedBeforeIt() throws InterruptedException {
        turns.starting();
        Thread early = Thread.ofVirtual().start(turns::stepAside);
        awaitWaiting(1);
        turns.starting();  // a thread started after it stepped aside
        Thread late = Thread.ofVirtual().start(turns::stepAside);
        awaitWaiting(2);
        turns.begun();  // the first thread's first turn
        early.join();
        assertEquals(1, turns.waiting(), "the later connection waits for the second thread");
        assertTrue(late.isAlive());
        turns.begun();
        late.join();
    }

    @Test
    void anInterruptDuringTheWaitIsKept() throws InterruptedException {
        turns.starting();
        AtomicBoolean interruptKept = new AtomicBoolean();
        Thread connection = Thread.ofVirtual().start(() -> {
            turns.stepAside();
            interruptKept.set(Thread.currentThread().isInterrupted());
        });
        awaitWaiting(1);
        connection.interrupt();
        turns.begun();
        connection.join();
        assertTrue(interruptKept.get());
    }

    private void awaitWaiting(int count) {
        while (turns.waiting() < count) {
            Thread.onSpinWait();
        }
    }
}
