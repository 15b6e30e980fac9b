package io.greenhouse.feedscraper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The bytes of feed bodies held at once: waiting for room, and never waiting for ever. */
class BodyBudgetTest {

    private static final long NO_DEADLINE = Long.MAX_VALUE / 2;

    private static long in(long millis) {
        return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    }

    /** Runs {@code take} on its own thread; the future ends with what it threw, or null. */
    private static CompletableFuture<Exception> onThread(Take take) {
        CompletableFuture<Exception> done = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                take.run();
                done.complete(null);
            } catch (Exception e) {
                done.complete(e);
            }
        });
        return done;
    }

    private interface Take {
        void run() throws Exception;
    }

    /** Returns once a fetch is waiting in {@code budget} (it counts itself under the lock it then waits on). */
    private static void awaitWaiter(BodyBudget budget) {
        while (budget.waiters() == 0) {
            Thread.yield();
        }
    }

    @Test
    void takesAndGivesBack() throws Exception {
        BodyBudget budget = new BodyBudget(100);
        try (BodyBudget.Allowance a = budget.allowance()) {
            a.take(60, NO_DEADLINE);
            assertEquals(60, budget.held());
            a.give(20);
            assertEquals(40, budget.held());
        }
        assertEquals(0, budget.held(), "closing gives back the rest");
    }

    @Test
    void aFetchHoldingNothingWaitsForRoom() throws Exception {
        BodyBudget budget = new BodyBudget(100);
        BodyBudget.Allowance holder = budget.allowance();
        holder.take(80, NO_DEADLINE);
        BodyBudget.Allowance newcomer = budget.allowance();
        CompletableFuture<Exception> waiting = onThread(() -> newcomer.take(50, NO_DEADLINE));
        awaitWaiter(budget);
        assertEquals(80, budget.held(), "nothing taken while there is no room");
        holder.close();
        assertEquals(null, waiting.get());
        assertEquals(50, budget.held());
    }

    @Test
    void aFetchHoldingBytesWaitsWhileAnotherThatIsNotWaitingCanGiveBack() throws Exception {
        BodyBudget budget = new BodyBudget(100);
        BodyBudget.Allowance parsing = budget.allowance();
        parsing.take(60, NO_DEADLINE);
        BodyBudget.Allowance growing = budget.allowance();
        growing.take(30, NO_DEADLINE);
        CompletableFuture<Exception> waiting = onThread(() -> growing.take(30, NO_DEADLINE));
        awaitWaiter(budget);
        parsing.close();
        assertEquals(null, waiting.get());
        assertEquals(60, budget.held());
    }

    @Test
    void aFetchHoldingBytesFailsAsBusyWhenOnlyWaitersHoldTheRest() throws Exception {
        BodyBudget budget = new BodyBudget(100);
        BodyBudget.Allowance first = budget.allowance();
        first.take(50, NO_DEADLINE);
        BodyBudget.Allowance second = budget.allowance();
        second.take(50, NO_DEADLINE);
        CompletableFuture<Exception> firstWaits = onThread(() -> first.take(10, NO_DEADLINE));
        awaitWaiter(budget);
        FeedFailure failure = assertThrows(FeedFailure.class, () -> second.take(10, NO_DEADLINE),
                "waiting would be for ever: each waits for the other");
        assertEquals(FeedStatus.BUSY, failure.status());
        second.close();  // what a failed fetch does
        assertEquals(null, firstWaits.get(), "the other then has its room");
        assertEquals(60, budget.held());
    }

    @Test
    void aFetchHoldingBytesFailsAsBusyWhenItAloneHoldsThemAll() throws Exception {
        BodyBudget budget = new BodyBudget(100);
        BodyBudget.Allowance only = budget.allowance();
        only.take(90, NO_DEADLINE);
        assertEquals(FeedStatus.BUSY, assertThrows(FeedFailure.class, () -> only.take(20, NO_DEADLINE)).status());
    }

    @Test
    void moreThanTheWholeBudgetIsBusyAtOnce() {
        BodyBudget budget = new BodyBudget(100);
        BodyBudget.Allowance a = budget.allowance();
        assertEquals(FeedStatus.BUSY, assertThrows(FeedFailure.class, () -> a.take(101, NO_DEADLINE)).status());
        assertEquals(0, budget.held());
    }

    @Test
    void waitingEndsAtTheFeedsDeadline() throws Exception {
        BodyBudget budget = new BodyBudget(100);
        budget.allowance().take(100, NO_DEADLINE);
        FeedFailure failure = assertThrows(FeedFailure.class, () -> budget.allowance().take(1, in(20)));
        assertEquals(FeedStatus.TIMEOUT, failure.status());
    }

    @Test
    void aCancelledFetchStopsWaiting() throws Exception {
        BodyBudget budget = new BodyBudget(100);
        budget.allowance().take(100, NO_DEADLINE);
        BodyBudget.Allowance waiter = budget.allowance();
        CompletableFuture<Thread> thread = new CompletableFuture<>();
        CompletableFuture<Exception> waiting = onThread(() -> {
            thread.complete(Thread.currentThread());
            waiter.take(1, NO_DEADLINE);
        });
        awaitWaiter(budget);
        thread.get().interrupt();
        assertEquals(InterruptedException.class, waiting.get().getClass());
        assertEquals(100, budget.held());
    }

    @Test
    void givingBackMoreThanHeldGivesBackWhatIsHeld() throws ExecutionException, InterruptedException, FeedFailure {
        BodyBudget budget = new BodyBudget(100);
        BodyBudget.Allowance a = budget.allowance();
        a.take(10, NO_DEADLINE);
        a.give(50);
        assertEquals(0, budget.held());
    }
}
