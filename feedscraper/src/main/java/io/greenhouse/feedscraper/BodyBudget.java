package io.greenhouse.feedscraper;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bytes of feed bodies held in memory at once, across every fetch of every request
 * ({@code feedscraper.max-bytes-in-flight}): what keeps a thousand large or slowly trickling
 * feeds from filling the heap, whoever sends them.
 *
 * <p>Each fetch holds an {@link Allowance}. Before it reads, it takes the body's length (or a first
 * piece of a body whose length is unknown), and may wait for it while holding nothing. A fetch
 * that already holds bytes and needs more waits only while some holder that is not itself
 * waiting can give bytes back; when none can, it fails at once as {@link FeedStatus#BUSY} and
 * gives back what it held. So fetches holding bytes never all wait on one another.
 */
final class BodyBudget {

    private final long capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition given = lock.newCondition();
    private long held;
    /** Bytes held by allowances waiting to grow: they give nothing back until they stop waiting. */
    private long heldByWaiters;
    private int waiters;

    BodyBudget(long capacity) {
        this.capacity = capacity;
    }

    /** A new allowance, holding nothing yet; close it to give back what it took. */
    Allowance allowance() {
        return new Allowance();
    }

    /** Bytes held by every allowance now. */
    long held() {
        lock.lock();
        try {
            return held;
        } finally {
            lock.unlock();
        }
    }

    /** How many fetches are waiting for room now. */
    int waiters() {
        lock.lock();
        try {
            return waiters;
        } finally {
            lock.unlock();
        }
    }

    /** The bytes one fetch holds. Used by one thread at a time. */
    final class Allowance implements AutoCloseable {

        private long mine;

        /**
         * Takes {@code bytes} more, waiting at most until {@code deadline} ({@link System#nanoTime}).
         *
         * @throws FeedFailure BUSY when this allowance holds bytes and no one could give any back
         *     in time, or when the budget could never hold this much; TIMEOUT when the deadline passes
         * @throws InterruptedException when the fetch is cancelled while waiting
         */
        void take(long bytes, long deadline) throws FeedFailure, InterruptedException {
            lock.lock();
            try {
                if (bytes > capacity - mine) {
                    throw busy();
                }
                while (capacity - held < bytes) {
                    boolean growing = mine > 0;
                    if (growing && held - heldByWaiters - mine <= 0) {
                        throw busy();  // every other byte belongs to a waiter: waiting would be for ever
                    }
                    long wait = deadline - System.nanoTime();
                    if (wait <= 0) {
                        throw new FeedFailure(FeedStatus.TIMEOUT, "no memory free for the feed within the feed timeout");
                    }
                    await(wait, growing);
                }
                held += bytes;
                mine += bytes;
            } finally {
                lock.unlock();
            }
        }

        private void await(long nanos, boolean growing) throws InterruptedException {
            waiters++;
            if (growing) {
                heldByWaiters += mine;
            }
            try {
                given.await(nanos, TimeUnit.NANOSECONDS);
            } finally {
                waiters--;
                if (growing) {
                    heldByWaiters -= mine;
                }
            }
        }

        /** Gives back {@code bytes} of what this allowance holds. */
        void give(long bytes) {
            lock.lock();
            try {
                long returned = Math.min(bytes, mine);
                mine -= returned;
                held -= returned;
                if (waiters > 0 && returned > 0) {
                    given.signalAll();
                }
            } finally {
                lock.unlock();
            }
        }

        /** Gives back all it holds. */
        @Override
        public void close() {
            give(mine);
        }

        private FeedFailure busy() {
            return new FeedFailure(FeedStatus.BUSY,
                    "the scraper holds all the feed bytes it may at once (feedscraper.max-bytes-in-flight); try again later");
        }
    }
}
