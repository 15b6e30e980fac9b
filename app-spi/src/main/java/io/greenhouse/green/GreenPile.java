package io.greenhouse.green;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A pile of tasks whose results come out in the order the tasks were spawned: spawn a bunch of
 * I/O-bound tasks, then iterate over the pile to collect their results. Eventlet's
 * {@code GreenPile}, carried to Java.
 *
 * <p>The tasks run on a {@link GreenPool}: either one shared with other piles and users, whose
 * size then bounds them all together, or one of its own. The pile is its own iterator, as in
 * eventlet: {@code iterator()} returns the pile itself, each result comes out once, and tasks
 * spawned after it was drained come out on the next pass.
 *
 * <p>Meant to be filled and drained by one thread, in turns or spawn-all-then-drain. It is safe
 * to spawn from one thread and drain from another, but {@link #hasNext()} only knows of spawns
 * that have returned. Every result is kept until it is taken: a pile nobody drains grows with
 * each spawn ({@link GreenPool#imap} is the bounded way to map over a long input).
 *
 * <pre>{@code
 * GreenPile<String> pile = new GreenPile<>(pool);
 * for (URI uri : uris) {
 *     pile.spawn(() -> fetch(uri));
 * }
 * for (String body : pile) {   // in the order of uris, however they finish
 *     use(body);
 * }
 * }</pre>
 *
 * @param <T> the type of the tasks' results
 */
public final class GreenPile<T> implements Iterable<T>, Iterator<T> {

    private final GreenPool pool;
    private final ReentrantLock lock = new ReentrantLock();
    /** Spawned tasks whose results were not yet returned, oldest first. Guarded by lock. */
    private final ArrayDeque<GreenThread<T>> pending = new ArrayDeque<>();

    /**
     * Makes a pile whose tasks run on {@code pool}, sharing its slots with everyone else's.
     *
     * @param pool the pool to spawn on
     * @throws NullPointerException when {@code pool} is null
     */
    public GreenPile(GreenPool pool) {
        this.pool = Objects.requireNonNull(pool, "pool");
    }

    /**
     * Makes a pile with a pool of its own that runs at most {@code size} of its tasks at once.
     *
     * @param size the size of the pile's pool
     * @throws IllegalArgumentException when {@code size} is negative
     */
    public GreenPile(int size) {
        this(new GreenPool(size));
    }

    /** Makes a pile with a pool of its own of {@value GreenPool#DEFAULT_SIZE}. */
    public GreenPile() {
        this(new GreenPool());
    }

    /**
     * Runs {@code task} on the pile's pool; its result will come out of {@link #next()} after the
     * results of every task spawned before it.
     *
     * <p>Blocks the calling thread while the pool is full, as {@link GreenPool#spawn} does.
     *
     * @param task the work
     * @throws InterruptedException when the calling thread is interrupted while waiting for a
     *     slot; the task is then neither run nor added to the pile
     * @throws NullPointerException when {@code task} is null
     */
    public void spawn(Callable<T> task) throws InterruptedException {
        GreenThread<T> thread = pool.spawn(task);
        lock.lock();
        try {
            pending.addLast(thread);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Tells whether a spawned task's result is still to be returned by {@link #next()}. Never
     * blocks.
     *
     * @return false once every spawned result has been returned
     */
    @Override
    public boolean hasNext() {
        return used() > 0;
    }

    /**
     * Returns the result of the oldest spawned task not yet returned, blocking the calling thread
     * until that task has ended; later tasks that ended first wait their turn.
     *
     * <p>When that task threw, its exception is thrown here, at its turn, and the task counts as
     * returned: a {@link RuntimeException} or {@link Error} as is, a checked exception wrapped in
     * a {@link CompletionException}.
     *
     * @return the next result in spawn order
     * @throws NoSuchElementException when every spawned result has been returned
     * @throws CompletionException wrapping the task's checked exception; or, with the interrupt
     *     status set again, wrapping the {@link InterruptedException} when the calling thread is
     *     interrupted while waiting (the result then stays next in line)
     */
    @Override
    public T next() {
        GreenThread<T> thread = takeOldest();
        try {
            return thread.await();
        } catch (ExecutionException e) {
            throw unchecked(e.getCause());
        } catch (InterruptedException e) {
            putBack(thread);
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        }
    }

    /**
     * Returns this pile, which is its own iterator: iterating drains it.
     *
     * @return this
     */
    @Override
    public Iterator<T> iterator() {
        return this;
    }

    /**
     * Returns how many spawned tasks have results not yet returned by {@link #next()}, whether
     * they are still running or done. Never blocks for long.
     *
     * @return the results still to come
     */
    public int used() {
        lock.lock();
        try {
            return pending.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns the pool this pile's tasks run on.
     *
     * @return the shared pool given at construction, or the pile's own
     */
    public GreenPool pool() {
        return pool;
    }

    private GreenThread<T> takeOldest() {
        lock.lock();
        try {
            GreenThread<T> oldest = pending.pollFirst();
            if (oldest == null) {
                throw new NoSuchElementException("every spawned result has been returned");
            }
            return oldest;
        } finally {
            lock.unlock();
        }
    }

    private void putBack(GreenThread<T> thread) {
        lock.lock();
        try {
            pending.addFirst(thread);
        } finally {
            lock.unlock();
        }
    }

    /** The task's exception as is when unchecked, else wrapped; an Error is thrown from here. */
    private static RuntimeException unchecked(Throwable cause) {
        if (cause instanceof Error error) {
            throw error;
        }
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        return new CompletionException(cause);
    }
}
