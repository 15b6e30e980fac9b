package io.greenhouse.feedscraper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What the app writes is well-formed Unicode: an unpaired surrogate becomes U+FFFD, a pair stays. */
class WellFormedTextTest {

    @Test
    void replacesEachUnpairedSurrogateWithTheReplacementCharacter() {
        assertEquals("Bad \uFFFD feed", WellFormedText.of("Bad \uD800 feed"));
        assertEquals("\uFFFDx\uFFFD", WellFormedText.of("\uDC00x\uD800"));
        assertEquals("\uFFFD\uFFFD", WellFormedText.of("\uDE00\uD83D"), "a low surrogate before a high one pairs with nothing");
    }

    @Test
    void keepsSurrogatePairsAndWellFormedTextAsTheyAre() {
        String emoji = "Feed \uD83D\uDE00";
        assertSame(emoji, WellFormedText.of(emoji));
        assertTrue(WellFormedText.isWellFormed(emoji));
        assertFalse(WellFormedText.isWellFormed("http://a/\uD800x"));
    }

    @Test
    void everyStringOfAResultIsMadeWellFormed() {
        FeedResult result = new FeedResult("http://a/\uD800", "T\uDC00", FeedStatus.FETCH_FAILED, "why \uD800", 0, 5, 0);
        assertEquals(new FeedResult("http://a/\uFFFD", "T\uFFFD", FeedStatus.FETCH_FAILED, "why \uFFFD", 0, 5, 0), result.wellFormed());
    }
}
