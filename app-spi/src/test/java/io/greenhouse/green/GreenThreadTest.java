package io.greenhouse.green;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class GreenThreadTest {

    private final GreenPool pool = new GreenPool(2);
    private final CountDownLatch release = new CountDownLatch(1);

    private GreenThread<String> blocked(String result) throws InterruptedException {
        return pool.spawn(() -> {
            release.await();
            return result;
        });
    }

    @Test
    void isDoneTurnsTrueOnlyOnceTheTaskHasEnded() throws Exception {
        GreenThread<String> thread = blocked("done");
        assertFalse(thread.isDone());

        release.countDown();
        thread.await();

        assertTrue(thread.isDone());
    }

    @Test
    void awaitGivesAnEndedTasksOutcomeEvenToAnInterruptedCaller() throws Exception {
        GreenThread<String> thread = blocked("done");
        release.countDown();
        thread.await();

        Thread.currentThread().interrupt();
        try {
            assertEquals("done", thread.await(), "nothing to wait for, so nothing to interrupt");
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt status is left for the caller");
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void everyAwaitGetsTheSameOutcome() throws Exception {
        GreenThread<String> ok = pool.spawn(() -> "same");
        IllegalStateException boom = new IllegalStateException("boom");
        GreenThread<String> failed = pool.spawn(() -> {
            throw boom;
        });

        assertEquals("same", ok.await());
        assertEquals("same", ok.await());
        assertSame(boom, assertThrows(ExecutionException.class, failed::await).getCause());
        assertSame(boom, assertThrows(ExecutionException.class, failed::await).getCause());
    }

    @Test
    void aLinkedCallbackIsCalledWithTheHandleOnceTheTaskHasEnded() throws Exception {
        GreenThread<String> thread = blocked("linked");
        AtomicReference<String> seen = new AtomicReference<>();
        CountDownLatch called = new CountDownLatch(1);

        thread.link(done -> {
            seen.set(done.isDone() ? "done" : "not done");
            called.countDown();
        });
        assertEquals(1, called.getCount(), "called before the task ended");
        release.countDown();

        called.await();
        assertEquals("done", seen.get());
        assertEquals("linked", thread.await());
    }

    @Test
    void callbacksRunInLinkOrderOnTheTaskThreadBeforeItsSlotIsGivenBack() throws Exception {
        GreenThread<String> thread = blocked("x");
        List<String> calls = new CopyOnWriteArrayList<>();
        AtomicInteger runningDuringCallback = new AtomicInteger(-1);

        thread.link(done -> calls.add("first on " + Thread.currentThread().getName().startsWith("green-")));
        thread.link(done -> {
            runningDuringCallback.set(pool.running());
            calls.add("second");
        });
        release.countDown();
        pool.waitAll();

        assertEquals(List.of("first on true", "second"), calls);
        assertEquals(1, runningDuringCallback.get());
    }

    @Test
    void linkingToAnEndedTaskCallsBackAtOnceOnTheCallingThread() throws Exception {
        GreenThread<String> thread = pool.spawn(() -> "ended");
        thread.await();
        AtomicReference<Thread> calledOn = new AtomicReference<>();

        thread.link(done -> calledOn.set(Thread.currentThread()));

        assertSame(Thread.currentThread(), calledOn.get());
    }

    @Test
    void aFailingCallbackIsReportedAndTheOthersStillRun() throws Exception {
        GreenThread<String> thread = blocked("x");
        IllegalStateException boom = new IllegalStateException("callback");
        AtomicInteger laterCalls = new AtomicInteger();

        try (ReportedExceptions handler = new ReportedExceptions()) {
            thread.link(done -> {
                throw boom;
            });
            thread.link(done -> laterCalls.incrementAndGet());
            release.countDown();
            pool.waitAll();

            assertEquals(List.of(boom), handler.reported());
        }
        assertEquals(1, laterCalls.get());
        assertEquals("x", thread.await());
    }

    @Test
    void killInterruptsARunningTaskWhoseHandleKeepsTheInterruptAndWhoseSlotIsFreed() throws Exception {
        // eventlet's kill: a task blocked for ever would otherwise hold its slot for ever
        GreenThread<String> thread = blocked("never");

        assertTrue(thread.kill());

        ExecutionException outcome = assertThrows(ExecutionException.class, thread::await);
        assertTrue(outcome.getCause() instanceof InterruptedException, outcome.getCause().toString());
        pool.waitAll();
        assertEquals(0, pool.running());
    }

    @Test
    void killingAnEndedTaskChangesNothing() throws Exception {
        GreenThread<String> thread = pool.spawn(() -> "kept");
        thread.await();

        assertFalse(thread.kill());
        assertEquals("kept", thread.await());
    }

    @Test
    void aTimedAwaitThrowsWhileTheTaskRunsAndLeavesItRunning() throws Exception {
        GreenThread<String> thread = blocked("later");

        assertThrows(TimeoutException.class, () -> thread.await(Duration.ZERO));
        assertFalse(thread.isDone());
        release.countDown();
        assertEquals("later", thread.await(Duration.ofMinutes(1)));
    }

    @Test
    void killEndsATaskBlockedInATaskItRunsInlineOnItsFullPool() throws Exception {
        // eventlet: the kill is raised in the greenthread it is aimed at, whatever it is running
        GreenPool full = new GreenPool(1);
        CountDownLatch childBlocked = new CountDownLatch(1);
        AtomicInteger spawnedAfterTheKill = new AtomicInteger();
        GreenThread<String> outer = full.spawn(() -> {
            full.spawn(() -> {  // the pool is full: runs inline, on this thread
                childBlocked.countDown();
                new CountDownLatch(1).await();
                return null;
            });
            full.spawn(spawnedAfterTheKill::incrementAndGet);
            return "went on";
        });
        childBlocked.await();

        assertTrue(outer.kill());

        ExecutionException outcome = assertThrows(ExecutionException.class, outer::await);
        assertTrue(outcome.getCause() instanceof InterruptedException, outcome.getCause().toString());
        assertEquals(0, spawnedAfterTheKill.get());
        full.waitAll();
        assertEquals(0, full.running());
    }

    @Test
    void killEndsATaskWhoseInlineSpawnNChildTurnedTheInterruptIntoAnotherException() throws Exception {
        GreenPool full = new GreenPool(1);
        CountDownLatch childBlocked = new CountDownLatch(1);
        try (ReportedExceptions reported = new ReportedExceptions()) {
            GreenThread<String> outer = full.spawn(() -> {
                full.spawnN(() -> {
                    childBlocked.countDown();
                    try {
                        new CountDownLatch(1).await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException("interrupted", e);
                    }
                });
                return "went on";
            });
            childBlocked.await();

            assertTrue(outer.kill());

            ExecutionException outcome = assertThrows(ExecutionException.class, outer::await);
            assertTrue(outcome.getCause() instanceof InterruptedException, outcome.getCause().toString());
            assertEquals(1, reported.reported().size());  // the child's own failure, reported as spawnN does
        }
    }

    @Test
    void aTaskRunInlineThatEndsWithAnInterruptOfItsOwnLeavesItsCallerRunning() throws Exception {
        // only a kill aimed at the caller ends the caller
        GreenPool full = new GreenPool(1);
        GreenThread<String> outer = full.spawn(() -> {
            GreenThread<Object> inline = full.spawn(() -> {
                throw new InterruptedException("the inline task's own");
            });
            return "went on; the inline task " + inline;
        });

        assertEquals("went on; the inline task GreenThread[failed]", outer.await());
    }

    @Test
    void aTimedAwaitTooLongToCountInNanosecondsWaitsAsAnUntimedOneDoes() throws Exception {
        GreenThread<String> thread = blocked("done");
        Caller<String> waiter = Caller.start(() -> thread.await(Duration.ofDays(365L * 300)));
        release.countDown();

        assertEquals("done", waiter.join());
        assertEquals("done", thread.await(java.time.temporal.ChronoUnit.FOREVER.getDuration()));
    }

    @Test
    void theOtherCallbacksRunEvenWhenTheUncaughtExceptionHandlerThrows() throws Exception {
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
            throw new IllegalStateException("the handler fails too");
        });
        try {
            GreenThread<String> thread = blocked("x");
            AtomicInteger laterCalls = new AtomicInteger();
            thread.link(done -> {
                throw new IllegalArgumentException("a callback fails");
            });
            thread.link(done -> laterCalls.incrementAndGet());
            release.countDown();
            pool.waitAll();

            assertEquals(1, laterCalls.get());
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
    }
}
