package io.greenhouse.green;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class GreenPoolTest {

    private final CountDownLatch release = new CountDownLatch(1);

    /** A task that runs until the test counts {@code release} down. */
    private final Callable<String> blocker = () -> {
        release.await();
        return "blocker";
    };

    @Test
    void awaitReturnsTheTaskResult() throws Exception {
        GreenPool pool = new GreenPool(2);

        GreenThread<String> thread = pool.spawn(() -> "result");

        assertEquals("result", thread.await());
        assertTrue(thread.isDone());
    }

    @Test
    void awaitThrowsExecutionExceptionCausedByWhatTheTaskThrew() throws Exception {
        GreenPool pool = new GreenPool(2);
        IOException boom = new IOException("boom");

        GreenThread<Object> thread = pool.spawn(() -> {
            throw boom;
        });

        ExecutionException thrown = assertThrows(ExecutionException.class, thread::await);
        assertSame(boom, thrown.getCause());
    }

    @Test
    void eachTaskRunsOnANewVirtualThreadNamedGreen() throws Exception {
        GreenPool pool = new GreenPool(2);

        Thread first = pool.spawn(Thread::currentThread).await();
        Thread second = pool.spawn(Thread::currentThread).await();

        assertTrue(first.isVirtual());
        assertTrue(first.getName().startsWith("green-"), first.getName());
        assertNotSame(first, second);
        assertNotSame(Thread.currentThread(), first);
    }

    @Test
    void spawnBlocksWhileThePoolIsFullAndProceedsWhenASlotFrees() throws Exception {
        GreenPool pool = new GreenPool(1);
        GreenThread<String> first = pool.spawn(blocker);
        CountDownLatch secondStarted = new CountDownLatch(1);

        Caller<GreenThread<String>> caller = Caller.start(() -> pool.spawn(() -> {
            secondStarted.countDown();
            return "second";
        }));
        Waits.until(() -> pool.waiting() == 1);

        assertEquals(1, secondStarted.getCount(), "the second task started while the pool was full");
        assertFalse(caller.returned());
        release.countDown();
        assertEquals("second", caller.join().await());
        assertEquals("blocker", first.await());
        assertEquals(0, pool.waiting());
    }

    @Test
    void countsFollowATaskFromAdmissionToItsEnd() throws Exception {
        GreenPool pool = new GreenPool(3);
        assertCounts(pool, 3, 3, 0, 0);

        pool.spawn(blocker);
        pool.spawn(blocker);
        assertCounts(pool, 3, 1, 2, 0);

        release.countDown();
        pool.waitAll();
        assertCounts(pool, 3, 3, 0, 0);
    }

    @Test
    void waitingCountsCallersBlockedInSpawn() throws Exception {
        GreenPool pool = new GreenPool(1);
        pool.spawn(blocker);

        Caller<?> one = Caller.start(() -> pool.spawn(() -> "one"));
        Caller<?> two = Caller.start(() -> {
            pool.spawnN(() -> { });
            return null;
        });
        Waits.until(() -> pool.waiting() == 2);

        assertCounts(pool, 1, 0, 1, 2);
        release.countDown();
        one.join();
        two.join();
        pool.waitAll();
        assertCounts(pool, 1, 1, 0, 0);
    }

    @Test
    void spawnNRunsTheTaskOnAGreenThread() throws Exception {
        GreenPool pool = new GreenPool(2);
        CountDownLatch ran = new CountDownLatch(1);
        Thread[] ranOn = new Thread[1];

        pool.spawnN(() -> {
            ranOn[0] = Thread.currentThread();
            ran.countDown();
        });

        ran.await();
        assertTrue(ranOn[0].getName().startsWith("green-"), ranOn[0].getName());
    }

    @Test
    void spawnNReportsTheTaskExceptionToTheUncaughtHandlerInsteadOfThrowingIt() throws Exception {
        GreenPool pool = new GreenPool(2);
        IllegalStateException boom = new IllegalStateException("boom");

        try (ReportedExceptions handler = new ReportedExceptions()) {
            pool.spawnN(() -> {
                throw boom;
            });
            pool.waitAll();  // the report is made before the slot is given back

            assertEquals(List.of(boom), handler.reported());
            assertTrue(handler.reporters().get(0).getName().startsWith("green-"));
        }
        assertEquals(2, pool.free());
    }

    @Test
    void spawnNBlocksWhileThePoolIsFull() throws Exception {
        GreenPool pool = new GreenPool(1);
        pool.spawn(blocker);
        CountDownLatch started = new CountDownLatch(1);

        Caller<?> caller = Caller.start(() -> {
            pool.spawnN(started::countDown);
            return null;
        });
        Waits.until(() -> pool.waiting() == 1);

        assertEquals(1, started.getCount(), "spawnN started a task while the pool was full");
        assertFalse(caller.returned());
        release.countDown();
        started.await();
        caller.join();
    }

    @Test
    void growingThePoolLetsWaitingCallersIn() throws Exception {
        GreenPool pool = new GreenPool(1);
        pool.spawn(blocker);
        CountDownLatch bothStarted = new CountDownLatch(2);
        Callable<Void> spawnOne = () -> {
            pool.spawnN(() -> {
                bothStarted.countDown();
                Waits.await(release);
            });
            return null;
        };
        Caller.start(spawnOne);
        Caller.start(spawnOne);
        Waits.until(() -> pool.waiting() == 2);
        assertEquals(2, bothStarted.getCount());

        pool.resize(3);

        bothStarted.await();  // hangs, and times out, if resize let nobody in
        assertCounts(pool, 3, 0, 3, 0);
        release.countDown();
        pool.waitAll();
    }

    @Test
    void growingThePoolLetsInNoMoreThanTheNewSize() throws Exception {
        GreenPool pool = new GreenPool(1);
        pool.spawn(blocker);
        CountDownLatch started = new CountDownLatch(2);
        Callable<Void> spawnOne = () -> {
            pool.spawnN(() -> {
                started.countDown();
                Waits.await(release);
            });
            return null;
        };
        Caller.start(spawnOne);
        Caller.start(spawnOne);
        Waits.until(() -> pool.waiting() == 2);

        pool.resize(2);

        Waits.until(() -> started.getCount() == 1);
        assertCounts(pool, 2, 0, 2, 1);
        release.countDown();
        pool.waitAll();
        assertEquals(0, started.getCount());
    }

    @Test
    void shrinkingThePoolLetsRunningTasksFinishAndHoldsNewOnesUntilBelowTheNewSize() throws Exception {
        GreenPool pool = new GreenPool(3);
        CountDownLatch[] finish = {new CountDownLatch(1), new CountDownLatch(1), new CountDownLatch(1)};
        GreenThread<?>[] tasks = new GreenThread<?>[3];
        for (int i = 0; i < 3; i++) {
            CountDownLatch mine = finish[i];
            tasks[i] = pool.spawn(() -> {
                mine.await();
                return null;
            });
        }

        pool.resize(1);
        assertCounts(pool, 1, -2, 3, 0);

        CountDownLatch lateStarted = new CountDownLatch(1);
        Caller<?> late = Caller.start(() -> pool.spawn(() -> {
            lateStarted.countDown();
            return null;
        }));
        Waits.until(() -> pool.waiting() == 1);
        finish[0].countDown();
        finish[1].countDown();
        Waits.until(() -> pool.running() == 1);

        assertEquals(1, pool.waiting(), "let in while as many tasks ran as the new size allows");
        assertEquals(1, lateStarted.getCount());
        assertFalse(tasks[2].isDone(), "shrinking ended a running task");
        finish[2].countDown();
        lateStarted.await();
        late.join();
        pool.waitAll();
        assertCounts(pool, 1, 1, 0, 0);
    }

    @Test
    void aPoolOfSizeZeroMakesSpawnWaitUntilItIsResized() throws Exception {
        GreenPool pool = new GreenPool(0);
        AtomicBoolean ran = new AtomicBoolean();

        Caller<GreenThread<Boolean>> caller = Caller.start(() -> pool.spawn(() -> ran.getAndSet(true)));
        Waits.until(() -> pool.waiting() == 1);
        assertFalse(ran.get());
        assertEquals(0, pool.free());

        pool.resize(1);
        assertFalse(caller.join().await());
        assertTrue(ran.get());
    }

    @Test
    void aNegativeSizeIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new GreenPool(-1));
        GreenPool pool = new GreenPool(4);
        assertThrows(IllegalArgumentException.class, () -> pool.resize(-1));
        assertEquals(4, pool.size());
    }

    @Test
    void theDefaultSizeIsAThousand() {
        assertEquals(1000, new GreenPool().size());
        assertEquals(1000, new GreenPool().free());
    }

    @Test
    void waitAllReturnsAtOnceOnAnIdlePool() throws Exception {
        new GreenPool(3).waitAll();  // would hang, and time out, if not
    }

    @Test
    void waitAllBlocksUntilEveryTaskHasEnded() throws Exception {
        GreenPool pool = new GreenPool(2);
        CountDownLatch finishFirst = new CountDownLatch(1);
        GreenThread<String> first = pool.spawn(() -> {
            finishFirst.await();
            return "first";
        });
        GreenThread<String> second = pool.spawn(blocker);

        Caller<?> waiter = Caller.start(() -> {
            pool.waitAll();
            return null;
        });
        Waits.until(() -> waiter.thread().getState() == Thread.State.WAITING);
        assertFalse(waiter.returned());
        finishFirst.countDown();
        first.await();
        assertFalse(waiter.returned(), "waitAll returned while a task was running");

        release.countDown();
        waiter.join();
        assertTrue(second.isDone());
        assertEquals(0, pool.running());
    }

    @Test
    void waitAllAlsoWaitsForCallersBlockedInSpawn() throws Exception {
        GreenPool pool = new GreenPool(1);
        CountDownLatch finishFirst = new CountDownLatch(1);
        pool.spawn(() -> {
            finishFirst.await();
            return null;
        });
        CountDownLatch secondStarted = new CountDownLatch(1);
        Caller<GreenThread<String>> spawner = Caller.start(() -> pool.spawn(() -> {
            secondStarted.countDown();
            release.await();
            return "second";
        }));
        Waits.until(() -> pool.waiting() == 1);

        Caller<?> waiter = Caller.start(() -> {
            pool.waitAll();
            return null;
        });
        Waits.until(() -> waiter.thread().getState() == Thread.State.WAITING);
        finishFirst.countDown();
        secondStarted.await();
        assertFalse(waiter.returned(), "waitAll returned while the waiting task was let in");

        release.countDown();
        waiter.join();
        assertTrue(spawner.join().isDone());
    }

    @Test
    void waitAllDoesNotWaitForCallersAZeroSizePoolCannotLetIn() throws Exception {
        GreenPool pool = new GreenPool(0);
        Caller<?> caller = Caller.start(() -> pool.spawn(() -> "late"));
        Waits.until(() -> pool.waiting() == 1);

        pool.waitAll();  // would hang, and time out, if it waited for the caller

        pool.resize(1);
        caller.join();
    }

    @Test
    void waitAllFromATaskOfTheSamePoolIsRejected() throws Exception {
        GreenPool pool = new GreenPool(2);

        GreenThread<Object> thread = pool.spawn(() -> {
            pool.waitAll();
            return null;
        });

        ExecutionException thrown = assertThrows(ExecutionException.class, thread::await);
        assertInstanceOf(IllegalStateException.class, thrown.getCause());
    }

    @Test
    void aTaskSpawningIntoItsOwnFullPoolRunsTheNewTaskItself() throws Exception {
        GreenPool pool = new GreenPool(1);

        GreenThread<Boolean> outer = pool.spawn(() -> {
            GreenThread<Thread> inner = pool.spawn(Thread::currentThread);
            return inner.isDone() && inner.await() == Thread.currentThread();
        });

        assertTrue(outer.await(), "the inner task did not run at once on the outer task's thread");
        pool.waitAll();
        assertEquals(1, pool.free());
    }

    @Test
    void aTaskDoesNotQueueBehindACallerWaitingForTheSlotJustFreed() throws Exception {
        // the outside caller's task waits for the inner task: had the outer task queued behind
        // that caller for the freed slot, neither would ever go on
        GreenPool pool = new GreenPool(1);
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch innerRan = new CountDownLatch(1);
        GreenThread<Object> outer = pool.spawn(() -> {
            go.await();
            pool.spawnN(innerRan::countDown);
            return null;
        });
        Caller<?> outside = Caller.start(() -> pool.spawn(() -> {
            innerRan.await();
            return null;
        }));
        Waits.until(() -> pool.waiting() == 1);
        // order the two on the pool's lock: the outer task first, then the woken caller
        ReentrantLock lock = poolLock(pool);
        lock.lock();
        try {
            go.countDown();
            Waits.until(() -> lock.getQueueLength() == 1);
            pool.resize(2);  // a slot is free, and the caller is woken, but has not yet taken it
        } finally {
            lock.unlock();
        }
        outer.await();
        outside.join();
        pool.waitAll();
        assertEquals(2, pool.free());
    }

    private static ReentrantLock poolLock(GreenPool pool) throws ReflectiveOperationException {
        java.lang.reflect.Field field = GreenPool.class.getDeclaredField("lock");
        field.setAccessible(true);
        return (ReentrantLock) field.get(pool);
    }

    @Test
    void aTaskSpawningIntoItsOwnPoolWithRoomGetsANewThread() throws Exception {
        GreenPool pool = new GreenPool(2);

        GreenThread<Boolean> outer = pool.spawn(() -> {
            GreenThread<Thread> inner = pool.spawn(Thread::currentThread);
            return inner.await() != Thread.currentThread();
        });

        assertTrue(outer.await());
    }

    @Test
    void anInterruptedSpawnRunsNothingAndLeavesTheCountsClean() throws Exception {
        GreenPool pool = new GreenPool(1);
        pool.spawn(blocker);
        AtomicBoolean ran = new AtomicBoolean();
        Caller<?> caller = Caller.start(() -> pool.spawn(() -> ran.getAndSet(true)));
        Waits.until(() -> pool.waiting() == 1);

        caller.thread().interrupt();

        ExecutionException thrown = assertThrows(ExecutionException.class, caller::join);
        assertInstanceOf(InterruptedException.class, thrown.getCause());
        assertCounts(pool, 1, 0, 1, 0);
        release.countDown();
        pool.waitAll();
        assertFalse(ran.get());
        assertEquals("after", pool.spawn(() -> "after").await());
    }

    private static void assertCounts(GreenPool pool, int size, int free, int running, int waiting) {
        assertEquals(List.of(size, free, running, waiting),
                List.of(pool.size(), pool.free(), pool.running(), pool.waiting()),
                "size, free, running, waiting");
    }
}
