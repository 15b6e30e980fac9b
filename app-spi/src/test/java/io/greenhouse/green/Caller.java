package io.greenhouse.green;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** A thread standing in for a caller that may block; keeps what its work returned or threw. */
final class Caller<T> {

    private final CompletableFuture<T> outcome = new CompletableFuture<>();
    private final Thread thread;

    private Caller(Callable<T> work) {
        thread = Thread.ofVirtual().name("caller").start(() -> {
            try {
                outcome.complete(work.call());
            } catch (Throwable t) {
                outcome.completeExceptionally(t);
            }
        });
    }

    static <T> Caller<T> start(Callable<T> work) {
        return new Caller<>(work);
    }

    /** Whether the work has returned or thrown. */
    boolean returned() {
        return outcome.isDone();
    }

    /** Waits for the work; throws ExecutionException caused by what it threw. */
    T join() throws InterruptedException, ExecutionException {
        return outcome.get();
    }

    Thread thread() {
        return thread;
    }
}
