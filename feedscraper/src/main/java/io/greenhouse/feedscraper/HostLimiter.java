package io.greenhouse.feedscraper;

import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

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

    /** Runs {@code fetch} once fewer than the limit of fetches to {@code host} are running. */
    <T, X extends Exception> T withPermit(String host, Fetch<T, X> fetch) throws X, InterruptedException {
        String key = host.toLowerCase(Locale.ROOT);
        Slot slot = hosts.compute(key, (k, existing) -> {
            Slot s = existing != null ? existing : new Slot(perHost);
            s.users++;
            return s;
        });
        try {
            slot.permits.acquire();
            try {
                return fetch.run();
            } finally {
                slot.permits.release();
            }
        } finally {
            hosts.computeIfPresent(key, (k, s) -> --s.users == 0 ? null : s);
        }
    }

    /** Work done under a host's permit. */
    @FunctionalInterface
    interface Fetch<T, X extends Exception> {
        T run() throws X, InterruptedException;
    }
}
