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
        assertEquals("a b c", TitleFlattener.flatten("a\u2028b\u0085c"));
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
