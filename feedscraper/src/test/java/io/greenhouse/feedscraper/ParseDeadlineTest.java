package io.greenhouse.feedscraper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What a parse does once its feed's deadline has passed: it stops reading, and it is a timeout. */
class ParseDeadlineTest {

    private static final String FEED = FeedServer.rssDocument("Many items", 2000);

    private static ParseDeadline passed() {
        return ParseDeadline.at(System.nanoTime() - 1);
    }

    @Test
    void aReaderStopsWithinAFewThousandCharactersOnceItsDeadlineHasPassed() throws IOException {
        Reader oneByOne = passed().reader(FEED);
        int read = 0;
        try {
            while (oneByOne.read() != -1) {
                read++;
            }
        } catch (InterruptedIOException expected) {
            assertTrue(read < ParseDeadline.CHARS_BETWEEN_CHECKS, "read " + read);
            return;
        }
        throw new AssertionError("read all " + read + " characters");
    }

    @Test
    void aReaderWithoutDeadlineReadsToTheEnd() throws IOException {
        StringWriter all = new StringWriter();
        ParseDeadline.NONE.reader(FEED).transferTo(all);
        assertEquals(FEED, all.toString());
    }

    @Test
    void theXmlParsersGiveUpWhenTheirReaderDoes() {
        assertNotNull(XmlDocuments.parse(ParseDeadline.NONE.reader(FEED)));
        assertNull(XmlDocuments.parse(passed().reader(FEED)));
        assertNotNull(StreamingTitleReader.read(ParseDeadline.NONE.reader(FEED)));
        assertNull(StreamingTitleReader.read(passed().reader(FEED)));
    }

    @Test
    void aParseWhoseDeadlineHasPassedIsATimeout() {
        FeedFailure failure = assertThrows(FeedFailure.class,
                () -> TitleParser.parse(FEED.getBytes(StandardCharsets.UTF_8), "application/rss+xml", passed()));
        assertEquals(FeedStatus.TIMEOUT, failure.status());
    }
}
