package io.greenhouse.green;

import java.util.Iterator;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * One pass of {@link GreenPool#imap}: keeps up to the pool's size of inputs in hand, spawned on
 * the pool, and returns their results oldest first.
 */
final class MapIterator<T, R> implements Iterator<R> {

    private final GreenPool pool;
    private final Function<? super T, ? extends R> fn;
    private final Iterator<T> inputs;
    private final GreenPile<R> inHand;
    /** An input read but not yet spawned, because the spawn was interrupted. */
    private T held;
    private boolean holding;

    MapIterator(GreenPool pool, Function<? super T, ? extends R> fn, Iterator<T> inputs) {
        this.pool = pool;
        this.fn = fn;
        this.inputs = inputs;
        this.inHand = new GreenPile<>(pool);
    }

    @Override
    public boolean hasNext() {
        return inHand.hasNext() || holding || inputs.hasNext();
    }

    @Override
    public R next() {
        topUp();
        return inHand.next();
    }

    /** Reads and spawns inputs until the pool's size of them are in hand (at least one). */
    private void topUp() {
        int most = Math.max(1, pool.size());
        while (inHand.used() < most && (holding || inputs.hasNext())) {
            if (!holding) {
                held = inputs.next();
                holding = true;
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
}
