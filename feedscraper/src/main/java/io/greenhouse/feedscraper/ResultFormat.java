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

    /**
     * The format a request asks for: {@code ?format=json} or {@code ?format=text}; otherwise by
     * {@code Accept}, q-values honoured (RFC 9110 §12.5.1): the type with the higher weight, then
     * the one more specifically asked for; where they tie, JSON if it was named, else text.
     * Text when neither is acceptable.
     */
    static ResultFormat negotiate(String query, String accept) {
        List<String> params = List.of(query.split("&"));
        if (params.contains("format=json")) {
            return new JsonFormat();
        }
        if (params.contains("format=text")) {
            return new TextFormat();
        }
        boolean json = prefersJson(AcceptHeader.of(accept, "application/json"), AcceptHeader.of(accept, "text/plain"));
        return json ? new JsonFormat() : new TextFormat();
    }

    private static boolean prefersJson(AcceptHeader.Preference json, AcceptHeader.Preference text) {
        if (json.q() != text.q()) {
            return json.q() > text.q();
        }
        if (json.q() == 0) {
            return false;
        }
        if (json.specificity() != text.specificity()) {
            return json.specificity() > text.specificity();
        }
        return json.specificity() == 2;  // both named, as in "application/json, text/plain, */*": JSON, as asked first
    }
}
