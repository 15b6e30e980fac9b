package io.greenhouse.green;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The handle of one task spawned by {@link GreenPool#spawn}: wait for its result with
 * {@link #await} (for as long as it takes, or a while), be called back when it is done with
 * {@link #link}, or end it early with {@link #kill}.
 *
 * <p>The task ends either with a value or with an exception; either is kept and handed to every
 * caller of {@link #await}, as often as asked. Safe to use from any thread.
 *
 * @param <T> the type of the task's result
 */
public final class GreenThread<T> {

    /** The innermost task running on each thread: a task of a full pool runs its children inline. */
    private static final ThreadLocal<GreenThread<?>> RUNNING = new ThreadLocal<>();

    private final CountDownLatch finished = new CountDownLatch(1);
    private final ReentrantLock lock = new ReentrantLock();
    /** Callbacks to run when the task ends; null once it has ended. Guarded by {@code lock}. */
    private List<Consumer<? super GreenThread<T>>> links = new ArrayList<>();
    private T result;
    private Throwable failure;
    /** The thread running the task while it runs, else null. Guarded by {@code lock}. */
    private Thread runner;
    /** Whether {@link #kill} was called before the task ended. Guarded by {@code lock}. */
    private boolean killed;

    GreenThread() {
    }

    /** Runs {@code task} on the current thread, keeps its outcome, then runs the callbacks. */
    void run(Callable<T> task) {
        boolean killedBeforeItRan;
        lock.lock();
        try {
            killedBeforeItRan = killed;
            if (!killed) {
                runner = Thread.currentThread();
            }
        } finally {
            lock.unlock();
        }
        if (killedBeforeItRan) {
            finish(null, new InterruptedException("killed before it ran"));
            return;
        }
        T value = null;
        Throwable thrown = null;
        GreenThread<?> caller = RUNNING.get();
        RUNNING.set(this);
        try {
            value = task.call();
        } catch (Throwable t) {
            thrown = t;
        } finally {
            RUNNING.set(caller);
        }
        boolean interruptWasOurs;
        lock.lock();
        try {
            runner = null;
            interruptWasOurs = killed;
        } finally {
            lock.unlock();
        }
        if (interruptWasOurs) {
            Thread.interrupted();  // a kill's interrupt must not outlive its task on a caller's thread
        }
        finish(value, thrown);
    }

    /**
     * Whether the task running on the calling thread, if it is one, has been killed: a kill
     * that came while a child ran inline on its thread may have ended only the child, which
     * then keeps the interrupt as its own outcome.
     */
    static boolean callerKilled() {
        GreenThread<?> caller = RUNNING.get();
        if (caller == null) {
            return false;
        }
        caller.lock.lock();
        try {
            return caller.killed;
        } finally {
            caller.lock.unlock();
        }
    }

    private void finish(T value, Throwable thrown) {
        List<Consumer<? super GreenThread<T>>> toCall;
        lock.lock();
        try {
            result = value;
            failure = thrown;
            toCall = links;
            links = null;
        } finally {
            lock.unlock();
        }
        finished.countDown();
        toCall.forEach(this::callBack);
    }

    /**
     * Returns the task's result, blocking the calling thread until the task has ended.
     *
     * <p>The task's slot in its pool may be given back a moment after this returns; use
     * {@link GreenPool#waitAll} to know the pool has gone quiet.
     *
     * @return what the task returned
     * @throws ExecutionException when the task threw; its cause is what the task threw
     * @throws InterruptedException when the calling thread is interrupted while waiting (a task
     *     already ended gives its outcome whatever the caller's interrupt status)
     */
    public T await() throws InterruptedException, ExecutionException {
        if (!isDone()) {
            finished.await();
        }
        if (failure != null) {
            throw new ExecutionException(failure);
        }
        return result;
    }

    /**
     * Returns the task's result, blocking the calling thread until the task has ended or
     * {@code timeout} has passed, whichever comes first.
     *
     * @param timeout how long to wait at most; zero or less only looks, and one too long to
     *     count in nanoseconds (about 292 years or more) waits as long as {@link #await}
     * @return what the task returned
     * @throws ExecutionException when the task threw; its cause is what the task threw
     * @throws TimeoutException when the task has not ended within {@code timeout}; it runs on
     *     (see {@link #kill})
     * @throws InterruptedException when the calling thread is interrupted while waiting
     * @throws NullPointerException when {@code timeout} is null
     */
    public T await(Duration timeout) throws InterruptedException, ExecutionException, TimeoutException {
        long nanos = saturatedNanos(timeout);
        if (!isDone() && !finished.await(nanos, TimeUnit.NANOSECONDS)) {
            throw new TimeoutException("the task has not ended within " + timeout);
        }
        return await();
    }

    private static long saturatedNanos(Duration timeout) {
        try {
            return timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            return timeout.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /**
     * Ends the task early, as eventlet's {@code kill} does: interrupts the thread running it, so
     * that a task blocked in a wait, a sleep or an interruptible read gives up with an
     * {@link InterruptedException} (or whatever it makes of the interrupt), which its handle
     * then keeps; a task not yet started never runs. Never blocks, and does not wait for the
     * task to end: use {@link #await}. A task that ignores interrupts runs on.
     *
     * @return true when the task had not ended yet, false when it had (its outcome stays)
     */
    public boolean kill() {
        lock.lock();
        try {
            if (links == null) {
                return false;  // ended: its outcome stays
            }
            killed = true;
            if (runner != null) {
                runner.interrupt();
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Tells whether the task has ended, with a value or an exception. Never blocks.
     *
     * @return true once {@link #await} would return or throw without blocking
     */
    public boolean isDone() {
        return finished.getCount() == 0;
    }

    /**
     * Arranges for {@code callback} to be called with this handle once the task has ended.
     * Never blocks.
     *
     * <p>Until the task ends, callbacks are kept and then called in the order they were linked,
     * on the task's own thread, before its pool slot is given back (so {@link GreenPool#waitAll}
     * also waits for them). Once the task has ended, {@code callback} is called at once on the
     * calling thread: possibly while callbacks linked before the end are still running on the
     * task's thread, and not waited for by {@link GreenPool#waitAll}. An exception from a callback
     * is not thrown from here: it goes to the uncaught-exception handler of the thread that called
     * it, and the other callbacks still run.
     *
     * @param callback called once with this handle; typically calls {@link #await}
     * @throws NullPointerException when {@code callback} is null
     */
    public void link(Consumer<? super GreenThread<T>> callback) {
        Objects.requireNonNull(callback, "callback");
        lock.lock();
        try {
            if (links != null) {
                links.add(callback);
                return;
            }
        } finally {
            lock.unlock();
        }
        callBack(callback);
    }

    private void callBack(Consumer<? super GreenThread<T>> callback) {
        try {
            callback.accept(this);
        } catch (Throwable t) {
            Uncaught.report(t);
        }
    }

    @Override
    public String toString() {
        return "GreenThread[" + (isDone() ? (failure == null ? "done" : "failed") : "running") + "]";
    }
}
