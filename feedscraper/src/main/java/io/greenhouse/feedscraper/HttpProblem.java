package io.greenhouse.feedscraper;

/**
 * A request the app refuses: the status to answer with and a one-line reason safe to show.
 * Thrown while reading the request, turned into a response in {@link FeedScraperApp}.
 */
final class HttpProblem extends Exception {

    private final String status;

    HttpProblem(String status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    /** The status line, such as {@code "413 Content Too Large"}. */
    String status() {
        return status;
    }
}
