package io.greenhouse.feedscraper;

import java.util.List;

/**
 * How results become body chunks: one chunk per result, in order, then perhaps a closing one.
 * Each chunk is complete on its own, so it can be sent the moment its result is ready.
 */
interface ResultFormat {

    /** The Content-Type of the body. */
    String contentType();

    /** The chunk for the result at {@code index} (0-based) of {@code count}; it ends a line. */
    byte[] element(FeedResult result, int index, int count);

    /** What follows the last result, given how many there were; may be empty. */
    byte[] end(int count);

    /** The format a request asks for: JSON by {@code ?format=json} or {@code Accept: application/json}. */
    static ResultFormat negotiate(String query, String accept) {
        List<String> params = List.of(query.split("&"));
        if (params.contains("format=json")) {
            return new JsonFormat();
        }
        if (params.contains("format=text")) {
            return new TextFormat();
        }
        return accept != null && accept.toLowerCase(java.util.Locale.ROOT).contains("application/json")
                ? new JsonFormat() : new TextFormat();
    }
}
