package io.greenhouse.feedscraper;

/**
 * Why one feed could not be had: a kind, a one-line reason safe to show the client, and the
 * HTTP status the feed server gave, when it gave one.
 */
final class FeedFailure extends Exception {

    private final FeedStatus status;
    private final int httpStatus;

    FeedFailure(FeedStatus status, String reason) {
        this(status, reason, 0);
    }

    FeedFailure(FeedStatus status, String reason, int httpStatus) {
        super(reason, null, false, false);
        this.status = status;
        this.httpStatus = httpStatus;
    }

    FeedStatus status() {
        return status;
    }

    int httpStatus() {
        return httpStatus;
    }
}
