package io.greenhouse.feedscraper;

/**
 * A feed as its server sent it, decompressed, held in memory under the {@link BodyBudget} until
 * closed.
 *
 * @param body the document's bytes; empty when notModified
 * @param cutOff whether {@code body} is only the first feedscraper.max-feed-bytes of a larger document
 * @param contentType the Content-Type header, for the charset; null when absent
 * @param httpStatus the final status (after redirects)
 * @param etag the ETag to revalidate with; null when absent
 * @param lastModified the Last-Modified to revalidate with; null when absent
 * @param held the bytes of the budget the body holds, given back on close
 * @param deadline the feed's deadline ({@link System#nanoTime}), which its parse must keep too
 */
record FetchedFeed(byte[] body, boolean cutOff, String contentType, int httpStatus, String etag, String lastModified,
                   BodyBudget.Allowance held, long deadline) implements AutoCloseable {

    boolean notModified() {
        return httpStatus == 304;
    }

    @Override
    public void close() {
        held.close();
    }
}
