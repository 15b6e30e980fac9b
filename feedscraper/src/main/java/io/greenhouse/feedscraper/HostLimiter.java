package io.greenhouse.feedscraper;

import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * At most a fixed number of simultaneous fetches to one host, across every request: we are a
 * polite client. A host's entry lives only while someone fetches from or waits for it, so a
 * stream of distinct hosts does not grow the map.
 */
final class HostLimiter {

    private static final class Slot {
        final Semaphore permits;
        int users; // guarded by the map's compute for this key

        Slot(int permits) {
            this.permits = new Semaphore(permits, true);
        }
    }

    private final int perHost;
    private final ConcurrentHashMap<String, Slot> hosts = new ConcurrentHashMap<>();

    HostLimiter(int perHost) {
        this.perHost = perHost;
    }

    /**
     * Takes one of {@code host}'s permits once fewer than the limit of fetches to it are
     * running, if that comes before {@code deadline} ({@link System#nanoTime}): the feed's
     * deadline, which the wait counts against like the rest of its fetch. The caller must
     * {@link Turn#close} it.
     *
     * @throws FeedFailure TIMEOUT when the deadline passes while waiting for it
     * @throws InterruptedException when the fetch is cancelled while waiting
     */
    Turn take(String host, long deadline) throws FeedFailure, InterruptedException {
        String key = host.toLowerCase(Locale.ROOT);
        Slot slot = hosts.compute(key, (k, existing) -> {
            Slot s = existing != null ? existing : new Slot(perHost);
            s.users++;
            return s;
        });
        boolean taken = false;
        try {
            if (!slot.permits.tryAcquire(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                throw new FeedFailure(FeedStatus.TIMEOUT, "got no turn for host " + host + " within the feed timeout"
                        + " (feedscraper.max-fetches-per-host = " + perHost + ", all in use)");
            }
            taken = true;
            return new Turn(key, slot);
        } finally {
            if (!taken) {
                leave(key);
            }
        }
    }

    private void leave(String key) {
        hosts.computeIfPresent(key, (k, s) -> --s.users == 0 ? null : s);
    }

    /** A fetch's permit for one host, held until closed. */
    final class Turn implements AutoCloseable {
        private final String host;
        private final Slot slot;

        private Turn(String host, Slot slot) {
            this.host = host;
            this.slot = slot;
        }

        /** Whether this is a permit for {@code host}: host names are case-insensitive. */
        boolean isFor(String host) {
            return this.host.equals(host.toLowerCase(Locale.ROOT));
        }

        @Override
        public void close() {
            slot.permits.release();
            leave(host);
        }
    }
}
