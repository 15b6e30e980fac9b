package io.greenhouse.green;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class GreenPileTest {

    private final CountDownLatch release = new CountDownLatch(1);

    /** A task that runs until the test counts {@code release} down. */
    private final Callable<String> blocker = () -> {
        release.await();
        return "blocker";
    };

    @Test
    void resultsComeInSpawnOrderEvenWhenLaterTasksFinishFirst() throws Exception {
        GreenPile<String> pile = new GreenPile<>(3);
        CountDownLatch secondDone = new CountDownLatch(1);
        CountDownLatch thirdDone = new CountDownLatch(1);
        List<String> finishOrder = new CopyOnWriteArrayList<>();

        pile.spawn(() -> {
            secondDone.await();
            finishOrder.add("first");
            return "first";
        });
        pile.spawn(() -> {
            thirdDone.await();
            finishOrder.add("second");
            secondDone.countDown();
            return "second";
        });
        pile.spawn(() -> {
            finishOrder.add("third");
            thirdDone.countDown();
            return "third";
        });

        List<String> results = new ArrayList<>();
        for (String result : pile) {
            results.add(result);
        }
        assertEquals(List.of("first", "second", "third"), results);
        assertEquals(List.of("third", "second", "first"), finishOrder);
    }

    @Test
    void aRuntimeExceptionIsThrownAsIsAtItsTurn() throws Exception {
        GreenPile<String> pile = new GreenPile<>(3);
        CountDownLatch secondFailed = new CountDownLatch(1);
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        pile.spawn(() -> {
            secondFailed.await();
            return "first";
        });
        pile.spawn(() -> {
            secondFailed.countDown();
            throw boom;
        });
        pile.spawn(() -> "third");

        assertEquals("first", pile.next());
        assertSame(boom, assertThrows(IllegalArgumentException.class, pile::next));
        assertEquals("third", pile.next());
        assertFalse(pile.hasNext());
    }

    @Test
    void aCheckedExceptionIsThrownWrappedInCompletionException() throws Exception {
        GreenPile<String> pile = new GreenPile<>(2);
        IOException boom = new IOException("boom");
        pile.spawn(() -> {
            throw boom;
        });

        CompletionException thrown = assertThrows(CompletionException.class, pile::next);
        assertSame(boom, thrown.getCause());
    }

    @Test
    void anErrorIsThrownAsIs() throws Exception {
        GreenPile<String> pile = new GreenPile<>(2);
        InternalError boom = new InternalError("boom");
        pile.spawn(() -> {
            throw boom;
        });

        assertSame(boom, assertThrows(InternalError.class, pile::next));
    }

    @Test
    void hasNextTurnsFalseOnceEveryResultIsReturned() throws Exception {
        GreenPile<Integer> pile = new GreenPile<>(2);
        assertFalse(pile.hasNext());

        pile.spawn(() -> 1);
        pile.spawn(() -> 2);
        assertTrue(pile.hasNext());
        assertEquals(1, pile.next());
        assertTrue(pile.hasNext());
        assertEquals(2, pile.next());

        assertFalse(pile.hasNext());
        assertThrows(NoSuchElementException.class, pile::next);
    }

    @Test
    void usedCountsSpawnedResultsNotYetReturned() throws Exception {
        GreenPile<String> pile = new GreenPile<>(2);
        assertEquals(0, pile.used());

        pile.spawn(() -> "a");
        pile.spawn(blocker);
        assertEquals(2, pile.used());

        pile.next();
        assertEquals(1, pile.used());
        release.countDown();
        pile.next();
        assertEquals(0, pile.used());
    }

    @Test
    void aPileIsItsOwnIterator() {
        GreenPile<String> pile = new GreenPile<>();
        assertSame(pile, pile.iterator());
    }

    @Test
    void aPileMadeWithASizeHasItsOwnPoolOfThatSize() {
        assertEquals(3, new GreenPile<>(3).pool().size());
        assertEquals(1000, new GreenPile<>().pool().size());
        assertThrows(IllegalArgumentException.class, () -> new GreenPile<>(-1));
    }

    @Test
    void spawnBlocksWhileThePilesOwnPoolIsFull() throws Exception {
        GreenPile<String> pile = new GreenPile<>(1);
        pile.spawn(blocker);
        CountDownLatch secondStarted = new CountDownLatch(1);

        Caller<?> caller = Caller.start(() -> {
            pile.spawn(() -> {
                secondStarted.countDown();
                return "second";
            });
            return null;
        });
        Waits.until(() -> pile.pool().waiting() == 1);

        assertEquals(1, secondStarted.getCount(), "the second task started while the pool was full");
        assertEquals(1, pile.used());
        release.countDown();
        caller.join();
        assertEquals("blocker", pile.next());
        assertEquals("second", pile.next());
    }

    @Test
    void pilesSharingAPoolAreBoundedByItTogether() throws Exception {
        GreenPool pool = new GreenPool(2);
        GreenPile<String> one = new GreenPile<>(pool);
        GreenPile<String> two = new GreenPile<>(pool);
        one.spawn(blocker);
        two.spawn(blocker);
        assertEquals(0, pool.free());
        CountDownLatch thirdStarted = new CountDownLatch(1);

        Caller<?> caller = Caller.start(() -> {
            one.spawn(() -> {
                thirdStarted.countDown();
                return "third";
            });
            return null;
        });
        Waits.until(() -> pool.waiting() == 1);

        assertEquals(1, thirdStarted.getCount(), "the third task started while the shared pool was full");
        release.countDown();
        caller.join();
        assertEquals(List.of("blocker", "third"), List.of(one.next(), one.next()));
        assertEquals("blocker", two.next());
        assertFalse(one.hasNext());
        assertFalse(two.hasNext());
    }

    @Test
    void anInterruptedNextKeepsTheResultNextInLine() throws Exception {
        GreenPile<String> pile = new GreenPile<>(1);
        pile.spawn(blocker);

        Thread.currentThread().interrupt();
        CompletionException thrown = assertThrows(CompletionException.class, pile::next);

        assertInstanceOf(InterruptedException.class, thrown.getCause());
        assertTrue(Thread.interrupted(), "the interrupt status was not set again");
        assertEquals(1, pile.used());
        release.countDown();
        assertEquals("blocker", pile.next());
    }
}
