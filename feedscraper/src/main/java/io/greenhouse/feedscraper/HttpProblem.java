package io.greenhouse.feedscraper;

import io.greenhouse.spi.Header;
import java.util.List;

/**
 * A request the app refuses: the status to answer with and a one-line reason safe to show.
 * Thrown while reading the request, turned into a response in {@link FeedScraperApp}.
 */
final class HttpProblem extends Exception {

    private final String status;
    private final List<Header> headers;

    HttpProblem(String status, String reason, Header... headers) {
        super(reason, null, false, false);
        this.status = status;
        this.headers = List.of(headers);
    }

    /** The status line, such as {@code "413 Content Too Large"}. */
    String status() {
        return status;
    }

    /** Header fields the answer carries besides its type and length, such as Retry-After. */
    List<Header> headers() {
        return headers;
    }
}
