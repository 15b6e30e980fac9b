package io.greenhouse.feedscraper;

/**
 * What a feed server said about the version we have, to ask it "has it changed?" next time
 * (RFC 9110 section 13.1), with the result we made of that version.
 *
 * @param etag sent back as If-None-Match; may be null
 * @param lastModified sent back as If-Modified-Since; may be null
 * @param result what that version gave, to reuse on 304 Not Modified
 */
record Validators(String etag, String lastModified, FeedResult result) {

    boolean any() {
        return etag != null || lastModified != null;
    }
}
