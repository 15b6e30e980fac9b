package io.greenhouse.green;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * A pool of green threads: runs each task on a new virtual thread, with at most {@link #size()}
 * of them running at any time. Eventlet's {@code GreenPool}, carried to Java.
 *
 * <p>A task counts as running from the moment {@code spawn} admits it until it has ended, its
 * result is kept and its {@link GreenThread#link linked callbacks} have run. Callers that find the
 * pool full wait in {@code spawn} (they are counted by {@link #waiting()}) and are let in roughly
 * in the order they came as slots free up.
 *
 * <p>Spawning is reentrant: a task of this pool never waits for a slot of this same pool, which
 * its own work may be holding. When it spawns into the pool while the pool is full, or while
 * other callers wait for a slot, the new task runs at once on the calling thread instead. Only
 * the pool's own task threads are known as its tasks: a thread a task starts itself (a plain
 * virtual thread, another pool's task) waits for a slot like any caller, and waits for good if
 * the task that started it holds the last slot and waits for it. All methods are safe to call
 * from any thread.
 *
 * <pre>{@code
 * GreenPool pool = new GreenPool(10);
 * for (String url : urls) {
 *     pool.spawnN(() -> fetch(url));   // blocks while ten fetches are running
 * }
 * pool.waitAll();
 * }</pre>
 */
public final class GreenPool {

    /** The size of a pool made without one, as in eventlet. */
    public static final int DEFAULT_SIZE = 1000;

    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when a waiting caller may be able to take a slot. */
    private final Condition slotFree = lock.newCondition();
    /** Signalled when nothing runs and nobody can be let in: what {@link #waitAll} waits for. */
    private final Condition quiet = lock.newCondition();
    private final ThreadFactory threads = Thread.ofVirtual().name("green-", 0).factory();
    /** Set on this pool's task threads, so spawn can tell a reentrant call. */
    private final ThreadLocal<Boolean> insideTask = new ThreadLocal<>();
    private int size;
    private int running;
    private int waiting;

    /** Makes a pool that runs at most {@value #DEFAULT_SIZE} tasks at a time. */
    public GreenPool() {
        this(DEFAULT_SIZE);
    }

    /**
     * Makes a pool that runs at most {@code size} tasks at a time.
     *
     * @param size the most tasks running at once; 0 makes every spawn wait until a
     *     {@link #resize} makes room
     * @throws IllegalArgumentException when {@code size} is negative
     */
    public GreenPool(int size) {
        this.size = checkSize(size);
    }

    /**
     * Runs {@code task} on a new virtual thread and returns its handle, from which its result
     * can be had.
     *
     * <p>Blocks the calling thread while the pool is full, until a running task ends and frees a
     * slot. When the caller is itself a task of this pool and would have to wait (the pool is
     * full, or other callers wait for a slot), the task runs at once on the calling thread, and
     * the handle returned is already done.
     *
     * @param task the work; what it returns or throws is kept in the handle
     * @param <T> the type of the task's result
     * @return the task's handle
     * @throws InterruptedException when the calling thread is interrupted while waiting for a
     *     slot, and the task is then not run; or when the calling task was killed while the
     *     task ran on its thread (the task's outcome, often that kill's interrupt, is kept in a
     *     handle nobody gets)
     * @throws NullPointerException when {@code task} is null
     */
    public <T> GreenThread<T> spawn(Callable<T> task) throws InterruptedException {
        Objects.requireNonNull(task, "task");
        GreenThread<T> thread = new GreenThread<>();
        if (admit()) {
            start(() -> thread.run(task));
        } else {
            thread.run(task);
            endIfCallerKilled();
        }
        return thread;
    }

    /**
     * Runs {@code task} on a new virtual thread, like {@link #spawn}, but gives no handle: use it
     * when nobody wants the outcome.
     *
     * <p>Blocks the calling thread while the pool is full, exactly as {@link #spawn} does; and
     * likewise, when the caller is itself a task of this pool and would have to wait, the task runs
     * at once on the calling thread, which returns when it is done. An exception from the task is
     * not lost and not thrown to anyone: it goes to the uncaught-exception handler of the thread
     * that ran it, which by default prints it to System.err.
     *
     * @param task the work
     * @throws InterruptedException when the calling thread is interrupted while waiting for a
     *     slot, and the task is then not run; or when the calling task was killed while the
     *     task ran on its thread
     * @throws NullPointerException when {@code task} is null
     */
    public void spawnN(Runnable task) throws InterruptedException {
        Objects.requireNonNull(task, "task");
        Runnable reporting = () -> {
            try {
                task.run();
            } catch (Throwable t) {
                Uncaught.report(t);
            }
        };
        if (admit()) {
            start(reporting);
        } else {
            reporting.run();
            endIfCallerKilled();
        }
    }

    /**
     * After a task ran inline on a task of this pool: when the caller was killed meanwhile, the
     * kill's interrupt may have ended only the task run inline, which kept it as its outcome.
     * The caller is ended all the same, as eventlet's kill ends the greenthread it is aimed at.
     */
    private static void endIfCallerKilled() throws InterruptedException {
        if (GreenThread.callerKilled()) {
            throw new InterruptedException("killed while a task ran inline on its thread");
        }
    }

    /**
     * Maps {@code fn} over {@code inputs}, each call on its own green thread of this pool, and
     * gives the results in the order of the inputs.
     *
     * <p>Lazy: no input is taken from {@code inputs} until the returned Iterable's iterator is
     * asked for a result. Each {@code next()} first tops up the work in hand to {@link #size()}
     * inputs (at least one; taken on the calling thread, each spawned as {@link #spawn} does, so
     * it may block while the pool is full), then blocks until the oldest of them is done. So no
     * more than {@code size} inputs are ever taken but not yet returned, which keeps memory
     * bounded on huge or endless inputs. An exception thrown by {@code fn} is thrown from {@code next()} at that
     * input's turn, as is ({@code fn} can throw only unchecked exceptions); iteration may go on
     * after it. If {@code inputs} itself throws (from {@code hasNext()} or {@code next()}), the
     * results of the inputs already taken come first, then that exception, and the pass ends.
     * The iterator's {@code hasNext()} asks {@code inputs.hasNext()} when nothing is in hand, so
     * it blocks while that does. Each call to {@code iterator()} starts a new pass over
     * {@code inputs}; an iterator is for one thread.
     *
     * <p>If the thread calling {@code next()} is interrupted while it waits, {@code next()}
     * throws {@link java.util.concurrent.CompletionException} caused by the
     * {@link InterruptedException}, with the interrupt status set again; no input or result is
     * lost, and a later {@code next()} picks up where it left off.
     *
     * @param fn the function to apply, called on the pool's threads
     * @param inputs the inputs, read only by the thread iterating over the results
     * @param <T> the type of the inputs
     * @param <R> the type of the results
     * @return the results, in input order
     * @throws NullPointerException when {@code fn} or {@code inputs} is null
     */
    public <T, R> Iterable<R> imap(Function<? super T, ? extends R> fn, Iterable<T> inputs) {
        Objects.requireNonNull(fn, "fn");
        Objects.requireNonNull(inputs, "inputs");
        return () -> new MapIterator<T, R>(this, fn, inputs.iterator());
    }

    /**
     * Returns the most tasks this pool runs at once. Never blocks for long.
     *
     * @return the size given at construction or by the latest {@link #resize}
     */
    public int size() {
        lock.lock();
        try {
            return size;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns how many more tasks could start now: {@code size() - running()}. Zero or less
     * means the next {@link #spawn} will block (unless it comes from a task of this pool, which
     * then runs the work itself); even when positive, a spawn waits its turn behind callers
     * already waiting. It is negative after shrinking the pool below the number of tasks
     * running. Never blocks for long.
     *
     * @return the free slots
     */
    public int free() {
        lock.lock();
        try {
            return size - running;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns how many tasks are running: admitted by {@code spawn} and not yet ended. Never
     * blocks for long.
     *
     * @return the running tasks
     */
    public int running() {
        lock.lock();
        try {
            return running;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns how many callers are blocked in {@link #spawn} or {@link #spawnN}, waiting for a
     * slot. Never blocks for long.
     *
     * @return the waiting callers
     */
    public int waiting() {
        lock.lock();
        try {
            return waiting;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Changes the most tasks that may run at once. Never blocks for long.
     *
     * <p>Growing the pool lets waiting callers in at once, up to the new size. Shrinking it
     * stops no running task: they are let finish, and new tasks wait until fewer than
     * {@code newSize} are running; meanwhile {@link #free()} is negative.
     *
     * @param newSize the new most tasks running at once; 0 makes every spawn wait
     * @throws IllegalArgumentException when {@code newSize} is negative
     */
    public void resize(int newSize) {
        checkSize(newSize);
        lock.lock();
        try {
            size = newSize;
            wakeWhoCanGoOn();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Blocks the calling thread until no task of this pool is running and no caller is waiting
     * in {@code spawn} for a slot it could get. Returns at once on an idle pool. Tasks spawned
     * by others while this waits are waited for too.
     *
     * @throws InterruptedException when the calling thread is interrupted while waiting
     * @throws IllegalStateException when called from one of this pool's own tasks, which could
     *     never see the pool empty
     */
    public void waitAll() throws InterruptedException {
        if (insideTask.get() != null) {
            throw new IllegalStateException("waitAll() from a task of the same pool would never return");
        }
        lock.lock();
        try {
            while (!isQuiet()) {
                quiet.await();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        lock.lock();
        try {
            return "GreenPool[size=" + size + ", running=" + running + ", waiting=" + waiting + "]";
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes a slot, blocking while none is free or others wait before us.
     *
     * @return false, without taking a slot, when the caller is a task of this pool that would
     *     have to wait, and should run the new task itself
     */
    private boolean admit() throws InterruptedException {
        lock.lock();
        try {
            if ((running >= size || waiting > 0) && insideTask.get() != null) {
                return false;  // waiting in line, it could wait behind a caller whose task waits for it
            }
            if (running >= size || waiting > 0) {
                awaitSlot();
            }
            running++;
            wakeWhoCanGoOn();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Waits in line until a slot is free. Called with the lock held. */
    private void awaitSlot() throws InterruptedException {
        waiting++;
        try {
            do {
                slotFree.await();
            } while (running >= size);
        } catch (InterruptedException e) {
            waiting--;
            wakeWhoCanGoOn();  // we may have been woken for a slot we no longer take
            throw e;
        }
        waiting--;
    }

    private void start(Runnable body) {
        try {
            threads.newThread(() -> {
                insideTask.set(Boolean.TRUE);
                try {
                    body.run();
                } finally {
                    release();
                }
            }).start();
        } catch (Throwable t) {  // no thread to give the slot back: do it here
            release();
            throw t;
        }
    }

    private void release() {
        lock.lock();
        try {
            running--;
            wakeWhoCanGoOn();
        } finally {
            lock.unlock();
        }
    }

    /**
     * After any change of the counts: wakes the next waiting caller if a slot is free (each one
     * admitted wakes the next, so growing by n lets n in), and waitAll callers if all is quiet.
     * Called with the lock held.
     */
    private void wakeWhoCanGoOn() {
        if (running < size && waiting > 0) {
            slotFree.signal();
        }
        if (isQuiet()) {
            quiet.signalAll();
        }
    }

    /** Nothing running and no waiting caller that could be let in. Called with the lock held. */
    private boolean isQuiet() {
        return running == 0 && (waiting == 0 || size == 0);
    }

    private static int checkSize(int size) {
        if (size < 0) {
            throw new IllegalArgumentException("pool size must be 0 or more, was " + size);
        }
        return size;
    }
}
