package io.greenhouse.feedscraper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/**
 * The text recovery of a title from a document ROME cannot read. Its time must grow with the
 * document's size, not its square: the broken documents below, 1 to 2 MB, took the old
 * regex-based recovery from minutes to hours (each unclosed element was searched to the end);
 * here they must come back within the suite at all.
 */
class TitleRecoveryTest {

    private static final int MANY = 200_000;
    private static final String HEAD = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>";

    @Test
    void findsTheChannelTitleNotAnItemsOne() {
        assertEquals("Channel & co", TitleRecovery.findTitle(HEAD
                + "<item><title>Item</title></item><image/><title>Channel & co</title></channel></rss>"));
    }

    @Test
    void skipsCommentsAndSelfClosedOrPrefixedNestedElements() {
        assertEquals("Real", TitleRecovery.findTitle(HEAD
                + "<!-- <title>Commented</title> --><rss:item/><RSS:Item a='1'><title>Item</title></rss:item  >"
                + "<title type='text'>Real</title></channel></rss>"));
    }

    @Test
    void theRootElementDecidesWhetherItIsAFeed() {
        assertEquals("RDF", TitleRecovery.findTitle("""
                \uFEFF<?xml version="1.0"?><!-- a feed --><?xml-stylesheet href="s.xsl"?>
                <!DOCTYPE rdf:RDF [<!ENTITY a "b">]><rdf:RDF><channel><title>RDF</title></channel></rdf:RDF>"""));
        assertNull(TitleRecovery.findTitle("""
                <html><head><title>My Blog Home</title></head><body>hi<!--
                <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description/></rdf:RDF>
                --></body></html>"""));
        assertNull(TitleRecovery.findTitle("<!DOCTYPE html><title>Page</title><p>Subscribe to our <feed> & more"));
    }

    @Test
    void anItemNeverClosedHidesNothing() {
        assertEquals("Broken & big", TitleRecovery.findTitle(HEAD + "<title>Broken & big</title><item>x"));
        assertEquals("Late", TitleRecovery.findTitle(HEAD + "<item>x<title>Late</title></channel></rss>"));
    }

    @Test
    void manyItemsNeverClosedTakeLinearTime() {
        String document = HEAD + "<title>Broken & big</title>" + "<item>x".repeat(MANY) + "</channel></rss>";
        assertEquals("Broken & big", TitleRecovery.findTitle(document));
    }

    @Test
    void manyItemStartTagsNeverEndedTakeLinearTime() {
        assertEquals("T", TitleRecovery.findTitle(HEAD + "<title>T</title>" + "<item ".repeat(MANY)));
    }

    @Test
    void manyTitlesNeverClosedTakeLinearTime() {
        assertNull(TitleRecovery.findTitle(HEAD + "<title>x".repeat(MANY)));
        assertNull(TitleRecovery.findTitle(HEAD + "<title ".repeat(MANY)));
    }

    @Test
    void manyCommentsNeverClosedTakeLinearTime() {
        assertEquals("T", TitleRecovery.findTitle(HEAD + "<title>T</title>" + "<!--".repeat(MANY)));
    }

    @Test
    void manyDoctypesNeverEndedTakeLinearTime() {
        assertEquals(false, TitleRecovery.hasHarmlessDoctype(HEAD + "<!DOCTYPE ".repeat(MANY)));
    }

    @Test
    void aTitleFullOfUnclosedSectionsAndTagsTakesLinearTime() {
        assertEquals("T", TitleRecovery.findTitle(HEAD + "<title>T" + "<![CDATA[".repeat(MANY) + "</title>").substring(0, 1));
        assertEquals("T", TitleRecovery.findTitle(HEAD + "<title>T" + "<".repeat(MANY) + "</title>").substring(0, 1));
    }
}
