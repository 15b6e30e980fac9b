package io.greenhouse.feedscraper;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Titles are flattened to one line, and only whitespace of the ASCII and line-break kinds collapses. */
class TitleFlattenerTest {

    @Test
    void collapsesLineBreaksTabsAndRunsOfSpacesAndTrims() {
        assertEquals("A title on three lines", TitleFlattener.flatten("  A title\r\n on\tthree \n\n lines  "));
    }

    @Test
    void keepsNoBreakSpaceAndOtherCharacters() {
        assertEquals("A\u00a0B \u00a0 C – ü", TitleFlattener.flatten("A\u00a0B \u00a0 C – ü"));
    }

    @Test
    void neverLetsALineSeparatorThrough() {
        assertEquals("a b c d", TitleFlattener.flatten("a\u2028b\u2029c\u000Bd"));
    }

    // NEL is a line end only in XML 1.1 (whose parsers turn it into a line feed); in a title it is
    // windows-1252's 0x85, the ellipsis, which breaks no line either.
    @Test
    void readsNelAsTheEllipsisItStandsFor() {
        assertEquals("Wait\u2026 what\u2026", TitleFlattener.flatten("Wait\u0085 what\u0085"));
    }

    // WHATWG Encoding reads bytes labelled ISO-8859-1 as windows-1252; HTML5 maps &#128;-&#159; so too.
    @Test
    void readsC1ControlsAsTheirWindows1252CharactersAndDropsTheUndefinedOnes() {
        assertEquals("It\u2019s \u201cquoted\u201d \u2013 \u20ac5 ok", TitleFlattener.flatten("It\u0092s \u0093quoted\u0094 \u0096 \u00805 o\u0081\u008d\u008f\u0090\u009dk"));
    }

    @Test
    void dropsControlCharactersOtherThanWhitespace() {
        assertEquals("Bad[31mREDnul end", TitleFlattener.flatten("Bad\u001b[31mRED\u0000nul\u0007\u007f \u0008end"));
    }

    @Test
    void nullAndBlankBecomeEmpty() {
        assertEquals("", TitleFlattener.flatten(null));
        assertEquals("", TitleFlattener.flatten(" \t\n"));
    }
}
