package io.greenhouse.feedscraper;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The response body of a scrape: each result's chunk as soon as it and all before it are ready
 * (the iterator blocks until then), its strings made well-formed Unicode, then the format's ending. The server closes it when the
 * response ends or the client goes away, which cancels the fetches still outstanding and gives
 * the request's posted bytes back to their budget.
 */
final class ResultStream implements Iterable<byte[]>, AutoCloseable {

    private final ScrapeJob job;
    private final ResultFormat format;
    private final BodyBudget.Allowance posted;

    ResultStream(ScrapeJob job, ResultFormat format, BodyBudget.Allowance posted) {
        this.job = job;
        this.format = format;
        this.posted = posted;
    }

    @Override
    public Iterator<byte[]> iterator() {
        return new Iterator<>() {
            private int index;
            private boolean ended;

            @Override
            public boolean hasNext() {
                return !ended;
            }

            @Override
            public byte[] next() {
                if (ended) {
                    throw new NoSuchElementException();
                }
                if (job.hasNext()) {
                    // Here, where every result becomes output, whatever path made its strings.
                    return format.element(job.next().wellFormed(), index++, job.size());
                }
                ended = true;
                return format.end(index);
            }
        };
    }

    @Override
    public void close() {
        job.close();
        posted.close();
    }
}
