package io.greenhouse.green;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class GreenPoolImapTest {

    /** The endless input 0, 1, 2, ...; counts what it has handed out and how far ahead it ran. */
    private static final class Endless implements Iterable<Integer> {
        final AtomicInteger handedOut = new AtomicInteger();
        final AtomicInteger returned = new AtomicInteger();
        final AtomicInteger mostAhead = new AtomicInteger();

        @Override
        public Iterator<Integer> iterator() {
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return true;
                }

                @Override
                public Integer next() {
                    int item = handedOut.getAndIncrement();
                    mostAhead.accumulateAndGet(handedOut.get() - returned.get(), Math::max);
                    return item;
                }
            };
        }
    }

    /** 1, 2, 3, then {@code hasNext()} or {@code next()} throws, as a reader of lines may. */
    private static Iterable<Integer> breakingAfterThree(boolean inHasNext) {
        return () -> new Iterator<>() {
            private int i;

            @Override
            public boolean hasNext() {
                if (inHasNext && i == 3) {
                    throw new IllegalStateException("input broke");
                }
                return true;
            }

            @Override
            public Integer next() {
                if (i == 3) {
                    throw new IllegalStateException("input broke");
                }
                return ++i;
            }
        };
    }

    @Test
    void anExceptionFromTheInputsComesAfterTheResultsOfTheInputsAlreadyTaken() {
        for (boolean inHasNext : new boolean[] {false, true}) {
            Iterator<Integer> results = new GreenPool(10).imap((Integer x) -> x * 10, breakingAfterThree(inHasNext)).iterator();
            List<Integer> got = new ArrayList<>();
            for (int k = 0; k < 3; k++) {
                assertTrue(results.hasNext());
                got.add(results.next());
            }
            assertEquals(List.of(10, 20, 30), got);
            assertTrue(results.hasNext(), "the failure is still to come");
            IllegalStateException failure = assertThrows(IllegalStateException.class, results::next);
            assertEquals("input broke", failure.getMessage());
            assertFalse(results.hasNext(), "the pass ends with the inputs' failure");
        }
    }

    @Test
    void resultsComeInInputOrderWhenLaterInputsFinishFirst() {
        GreenPool pool = new GreenPool(5);
        CountDownLatch[] done = new CountDownLatch[5];
        for (int i = 0; i < done.length; i++) {
            done[i] = new CountDownLatch(1);
        }
        List<Integer> finishOrder = new CopyOnWriteArrayList<>();
        Function<Integer, String> waitForTheNextOne = i -> {
            if (i < 4) {
                Waits.await(done[i + 1]);
            }
            finishOrder.add(i);
            done[i].countDown();
            return "r" + i;
        };

        List<String> results = collect(pool.imap(waitForTheNextOne, List.of(0, 1, 2, 3, 4)));

        assertEquals(List.of("r0", "r1", "r2", "r3", "r4"), results);
        assertEquals(List.of(4, 3, 2, 1, 0), finishOrder);
    }

    @Test
    void noInputIsTakenBeforeAResultIsAskedFor() {
        GreenPool pool = new GreenPool(4);
        Endless inputs = new Endless();
        AtomicInteger calls = new AtomicInteger();

        Iterator<Integer> results = pool.imap((Integer i) -> {
            calls.incrementAndGet();
            return i;
        }, inputs).iterator();

        assertTrue(results.hasNext());
        assertEquals(0, inputs.handedOut.get());
        assertEquals(0, calls.get());
        assertEquals(0, results.next());
    }

    @Test
    void neverTakesMoreThanThePoolSizeOfInputsAheadOfTheConsumer() {
        int size = 4;
        GreenPool pool = new GreenPool(size);
        Endless inputs = new Endless();

        Iterator<Integer> results = pool.imap((Integer i) -> i * 2, inputs).iterator();
        for (int i = 0; i < 100; i++) {
            assertEquals(i * 2, results.next());
            inputs.returned.incrementAndGet();
        }

        assertTrue(inputs.mostAhead.get() <= size,
                "took " + inputs.mostAhead.get() + " inputs ahead of the consumer, pool size " + size);
        assertTrue(inputs.handedOut.get() <= 100 + size - 1, "handed out " + inputs.handedOut.get());
    }

    @Test
    void runsAsManyCallsAtOnceAsThePoolSize() {
        GreenPool pool = new GreenPool(3);
        CyclicBarrier allThree = new CyclicBarrier(3);

        List<Integer> results = collect(pool.imap((Integer i) -> {
            Waits.await(allThree);  // hangs, and times out, unless three calls run at once
            return i;
        }, List.of(0, 1, 2, 3, 4, 5)));

        assertEquals(List.of(0, 1, 2, 3, 4, 5), results);
    }

    @Test
    void anExceptionFromTheFunctionIsThrownAtItsTurnAndIterationGoesOn() {
        GreenPool pool = new GreenPool(4);
        IllegalStateException boom = new IllegalStateException("two");

        Iterator<Integer> results = pool.imap((Integer i) -> {
            if (i == 2) {
                throw boom;
            }
            return i;
        }, List.of(0, 1, 2, 3)).iterator();

        assertEquals(0, results.next());
        assertEquals(1, results.next());
        assertEquals(boom, assertThrows(IllegalStateException.class, results::next));
        assertEquals(3, results.next());
        assertFalse(results.hasNext());
    }

    @Test
    void noInputsGiveNoResults() {
        Iterator<Object> results = new GreenPool(2).imap(i -> i, List.of()).iterator();

        assertFalse(results.hasNext());
        assertThrows(NoSuchElementException.class, results::next);
    }

    @Test
    void eachIteratorIsANewPassOverTheInputs() {
        AtomicInteger calls = new AtomicInteger();
        Iterable<Integer> squares = new GreenPool(2).imap((Integer i) -> {
            calls.incrementAndGet();
            return i * i;
        }, List.of(1, 2, 3));

        assertEquals(List.of(1, 4, 9), collect(squares));
        assertEquals(List.of(1, 4, 9), collect(squares));
        assertEquals(6, calls.get());
    }

    @Test
    void aPoolOfSizeOneStillMakesProgress() {
        assertEquals(List.of(2, 3, 4), collect(new GreenPool(1).imap((Integer i) -> i + 1, List.of(1, 2, 3))));
    }

    private static <R> List<R> collect(Iterable<R> results) {
        List<R> all = new ArrayList<>();
        results.forEach(all::add);
        return all;
    }
}
