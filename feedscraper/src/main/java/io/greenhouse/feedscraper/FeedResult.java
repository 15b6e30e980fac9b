package io.greenhouse.feedscraper;

/**
 * The outcome for one URL of a request: what one output line, or one JSON element, says.
 *
 * @param url the URL as the client gave it
 * @param title the feed's title flattened to one line; "" when it failed or has none
 * @param status ok, or the kind of failure
 * @param error a one-line reason when it failed; null when ok
 * @param httpStatus the feed server's last HTTP status; 0 when none was had
 * @param elapsedMs how long this URL took once its pool slot was had (waiting for its host's
 *     turn, or for another request's fetch of the same feed, included; about 0 when served from the cache)
 * @param entries how many items or entries the feed has
 */
public record FeedResult(String url, String title, FeedStatus status, String error,
                         int httpStatus, long elapsedMs, int entries) {

    static FeedResult failed(String url, FeedFailure failure, long elapsedMs) {
        return new FeedResult(url, "", failure.status(), failure.getMessage(), failure.httpStatus(), elapsedMs, 0);
    }

    FeedResult forUrl(String otherUrl, long otherElapsedMs) {
        return new FeedResult(otherUrl, title, status, error, httpStatus, otherElapsedMs, entries);
    }

    /** The same with every string well-formed Unicode ({@link WellFormedText}), as the answer must be. */
    FeedResult wellFormed() {
        return new FeedResult(WellFormedText.of(url), WellFormedText.of(title), status, WellFormedText.of(error),
                httpStatus, elapsedMs, entries);
    }
}
