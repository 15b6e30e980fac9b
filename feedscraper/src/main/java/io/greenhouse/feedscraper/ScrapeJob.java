package io.greenhouse.feedscraper;

import io.greenhouse.green.GreenPile;
import io.greenhouse.green.GreenPool;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;

/**
 * One request's URLs, fetched on the shared pool through a pile of its own, their results coming
 * out in input order.
 *
 * <p>A feeder thread spawns the fetches, so that results can be read while later URLs still wait
 * for a slot; it holds back once this request has its fair share of the pool running, leaving
 * the other slots to other requests. Closing the job (the client went away) stops the feeder and
 * interrupts the fetches still running.
 */
final class ScrapeJob implements Iterator<FeedResult>, AutoCloseable {

    private final List<String> lines;
    private final FeedScraper scraper;
    private final GreenPile<FeedResult> pile;
    /** Slots of the pool this request may still take: its fair share. */
    private final Semaphore share;
    /** One permit per spawned task, so the reader never asks the pile for one not yet there. */
    private final Semaphore spawned = new Semaphore(0);
    private final Set<Thread> running = new HashSet<>();
    private final Thread feeder;
    private volatile boolean closed;
    private int returned;

    ScrapeJob(List<String> lines, GreenPool pool, FeedScraper scraper, int fairShare) {
        this.lines = List.copyOf(lines);
        this.scraper = scraper;
        this.pile = new GreenPile<>(pool);
        this.share = new Semaphore(fairShare, true);
        this.feeder = Thread.ofVirtual().name("feedscraper-feeder").unstarted(this::feed);
    }

    /** Starts spawning the fetches; returns at once. */
    ScrapeJob start() {
        feeder.start();
        return this;
    }

    private void feed() {
        try {
            for (String line : lines) {
                share.acquire();
                if (closed) {
                    return;
                }
                pile.spawn(() -> run(line));
                spawned.release();
            }
        } catch (InterruptedException e) {
            // closed: the remaining URLs are never fetched
        }
    }

    private FeedResult run(String line) {
        if (!enter()) {
            share.release();
            return FeedScraper.cancelled(line);
        }
        try {
            return scraper.scrape(line);
        } catch (InterruptedException e) {
            return FeedScraper.cancelled(line);
        } finally {
            leave();
            share.release();
        }
    }

    private boolean enter() {
        synchronized (running) {
            if (closed) {
                return false;
            }
            running.add(Thread.currentThread());
            return true;
        }
    }

    private void leave() {
        synchronized (running) {
            running.remove(Thread.currentThread());
            Thread.interrupted(); // an interrupt meant for this fetch must not outlive it
        }
    }

    /** How many URLs this job has: results it will give. */
    int size() {
        return lines.size();
    }

    @Override
    public boolean hasNext() {
        return returned < lines.size();
    }

    /**
     * The next result in input order, blocking until it is ready.
     *
     * @throws NoSuchElementException after the last, or once the job is closed; or, with the
     *     interrupt status set, when the reading thread is interrupted while waiting (the result
     *     then stays next in line)
     */
    @Override
    public FeedResult next() {
        if (!hasNext() || closed) {
            throw new NoSuchElementException();
        }
        String line = lines.get(returned);
        try {
            spawned.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NoSuchElementException("interrupted");
        }
        FeedResult result;
        try {
            result = pile.next();
        } catch (CompletionException e) {
            if (e.getCause() instanceof InterruptedException) {
                spawned.release();  // the pile put the task back: its result is still this line's
                throw new NoSuchElementException("interrupted");
            }
            result = FeedScraper.internalError(line, e.getCause() != null ? e.getCause() : e);
        } catch (RuntimeException | Error e) {
            if (FeedScraper.isFatal(e)) {
                throw e;
            }
            result = FeedScraper.internalError(line, e);  // one feed's failure, whatever it is, costs its line only
        }
        returned++;  // only once this line's result is taken, so that every later line keeps its own
        return result;
    }

    /** Stops spawning and interrupts the fetches still running; safe to call more than once. */
    @Override
    public void close() {
        synchronized (running) {
            if (closed) {
                return;
            }
            closed = true;
            running.forEach(Thread::interrupt);
        }
        feeder.interrupt();
    }
}
