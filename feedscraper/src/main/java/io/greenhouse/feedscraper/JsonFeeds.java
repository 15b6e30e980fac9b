package io.greenhouse.feedscraper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * JSON Feed (jsonfeed.org, versions 1 and 1.1): a feed as a JSON object with a {@code version}
 * URL, a {@code title} and {@code items}. Served by blogs beside, or instead of, RSS and Atom.
 */
final class JsonFeeds {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VERSION_PREFIX = "https://jsonfeed.org/version/";

    private JsonFeeds() {
    }

    /** Whether the document is JSON rather than XML: its first non-blank byte opens an object. */
    static boolean looksLikeJson(byte[] body) {
        int i = Utf8Documents.startsWith(body, 0xEF, 0xBB, 0xBF) ? 3 : 0;  // a UTF-8 byte-order mark
        while (i < body.length && (body[i] == ' ' || body[i] == '\t' || body[i] == '\r' || body[i] == '\n')) {
            i++;
        }
        return i < body.length && body[i] == '{';
    }

    /**
     * @throws FeedFailure NOT_A_FEED when it is not JSON, or JSON but not a JSON Feed
     */
    static ParsedFeed parse(byte[] body) throws FeedFailure {
        JsonNode feed;
        try {
            feed = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new FeedFailure(FeedStatus.NOT_A_FEED, "not a feed: malformed JSON");
        } catch (IOException e) {
            throw new FeedFailure(FeedStatus.NOT_A_FEED, "not a feed: unreadable JSON");
        }
        if (feed == null || !feed.isObject() || !feed.path("version").asText("").startsWith(VERSION_PREFIX)) {
            throw new FeedFailure(FeedStatus.NOT_A_FEED, "JSON, but not a JSON Feed (no jsonfeed.org version)");
        }
        JsonNode items = feed.path("items");
        return new ParsedFeed(TitleFlattener.flatten(DoubleDecodedUtf8.repaired(feed.path("title").asText(""))),
                items.isArray() ? items.size() : 0);
    }
}
