package io.greenhouse.feedscraper;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The answer's format: the query decides, else Accept with its q-values (RFC 9110 §12.5.1). */
class ResultFormatTest {

    private static String formatFor(String accept) {
        return formatFor("", accept);
    }

    private static String formatFor(String query, String accept) {
        return ResultFormat.negotiate(query, accept) instanceof JsonFormat ? "json" : "text";
    }

    @Test
    void theQueryOverridesAccept() {
        assertEquals("json", formatFor("format=json", "text/plain"));
        assertEquals("text", formatFor("format=text", "application/json"));
    }

    @Test
    void noPreferenceOrAWildcardGetsText() {
        assertEquals("text", formatFor(null));
        assertEquals("text", formatFor("*/*"));
        assertEquals("text", formatFor("image/png"));
    }

    @Test
    void aTypeWithQZeroIsNeverChosen() {
        assertEquals("text", formatFor("text/plain, application/json;q=0"));
        assertEquals("text", formatFor("application/json;q=0, */*"));
        assertEquals("text", formatFor("application/json; q=0.0"));
    }

    @Test
    void theHigherWeightWins() {
        assertEquals("text", formatFor("application/json;q=0.5, text/plain;q=0.9"));
        assertEquals("json", formatFor("text/plain;q=0.5, application/json"));
        assertEquals("json", formatFor("text/*;q=0.2, application/json;q=0.3"));
    }

    @Test
    void theMostSpecificRangeGivesATypeItsWeight() {
        assertEquals("text", formatFor("application/json;q=0.1, */*;q=0.8"));  // JSON 0.1, text 0.8
        assertEquals("json", formatFor("application/*, text/*;q=0.9"));
    }

    @Test
    void tiesGoToTheTypeNamedThenToJsonWhenBothAre() {
        assertEquals("json", formatFor("application/json"));
        assertEquals("json", formatFor("application/json, */*"));
        assertEquals("json", formatFor("application/json, text/plain, */*"));
        assertEquals("text", formatFor("text/plain, */*"));
        assertEquals("text", formatFor("text/*, application/*"));
    }
}
