package io.greenhouse.feedscraper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** JSON Feed 1 and 1.1 (jsonfeed.org): the title of the feed, its items counted. */
class JsonFeedsTest {

    private static ParsedFeed parse(String body, String contentType) throws FeedFailure {
        return TitleParser.parse(body.getBytes(StandardCharsets.UTF_8), contentType);
    }

    @Test
    void readsTheTitleAndCountsTheItemsOfAJsonFeed() throws FeedFailure {
        ParsedFeed feed = parse("""
                {
                  "version": "https://jsonfeed.org/version/1.1",
                  "title": "Caf\\u00e9 \\n  notes",
                  "home_page_url": "https://example.org/",
                  "items": [{"id": "1", "content_text": "a"}, {"id": "2", "content_text": "b"}]
                }""", "application/feed+json");
        assertEquals("Caf\u00e9 notes", feed.title());
        assertEquals(2, feed.entries());
    }

    @Test
    void aVersionOneFeedServedAsPlainJsonWithAByteOrderMarkIsReadToo() throws FeedFailure {
        byte[] body = ("\uFEFF{\"version\":\"https://jsonfeed.org/version/1\",\"title\":\"Old\",\"items\":[]}").getBytes(StandardCharsets.UTF_8);
        assertEquals("Old", TitleParser.parse(body, "application/json").title());
    }

    @Test
    void jsonThatIsNotAJsonFeedIsNotAFeed() {
        FeedFailure failure = assertThrows(FeedFailure.class, () -> parse("{\"title\": \"an API answer\"}", "application/json"));
        assertEquals(FeedStatus.NOT_A_FEED, failure.status());
    }

    @Test
    void malformedJsonIsNotAFeed() {
        FeedFailure failure = assertThrows(FeedFailure.class, () -> parse("{\"version\": \"https://jsonfeed.org/version/1\", ", null));
        assertEquals(FeedStatus.NOT_A_FEED, failure.status());
    }
}
