package io.greenhouse.green;

import java.util.Iterator;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * One pass of {@link GreenPool#imap}: keeps up to the pool's size of inputs in hand, spawned on
 * the pool, and returns their results oldest first. When the inputs themselves throw, the results
 * of the inputs already taken come first, then that exception, and then the pass is over.
 */
final class MapIterator<T, R> implements Iterator<R> {

    private final GreenPool pool;
    private final Function<? super T, ? extends R> fn;
    private final Iterator<T> inputs;
    private final GreenPile<R> inHand;
    /** An input read but not yet spawned, because the spawn was interrupted. */
    private T held;
    private boolean holding;
    /** What the inputs threw, to be thrown once the results in hand are given. */
    private RuntimeException inputFailure;
    private boolean inputsEnded;

    MapIterator(GreenPool pool, Function<? super T, ? extends R> fn, Iterator<T> inputs) {
        this.pool = pool;
        this.fn = fn;
        this.inputs = inputs;
        this.inHand = new GreenPile<>(pool);
    }

    @Override
    public boolean hasNext() {
        return inHand.hasNext() || holding || inputFailure != null || moreInputs();
    }

    @Override
    public R next() {
        topUp();
        if (!inHand.hasNext() && inputFailure != null) {
            RuntimeException failure = inputFailure;
            inputFailure = null;
            throw failure;
        }
        return inHand.next();
    }

    /** Reads and spawns inputs until the pool's size of them are in hand (at least one). */
    private void topUp() {
        int most = Math.max(1, pool.size());
        while (inHand.used() < most && (holding || moreInputs()) && inputFailure == null) {
            if (!holding && !take()) {
                return;
            }
            T input = held;
            try {
                inHand.spawn(() -> fn.apply(input));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CompletionException(e);
            }
            held = null;
            holding = false;
        }
    }

    /** Whether the inputs have another; true also when asking them threw, which is then kept. */
    private boolean moreInputs() {
        if (inputsEnded) {
            return false;
        }
        try {
            return inputs.hasNext();
        } catch (RuntimeException e) {
            failed(e);
            return true;
        }
    }

    private boolean take() {
        try {
            held = inputs.next();
            holding = true;
            return true;
        } catch (RuntimeException e) {
            failed(e);
            return false;
        }
    }

    private void failed(RuntimeException e) {
        inputFailure = e;
        inputsEnded = true;
    }
}
