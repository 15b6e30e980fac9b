package io.greenhouse.feedscraper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * XML 1.0 §4.2: a feed may declare its own entities. Plain-text ones are expanded; anything that
 * could fetch, nest or blow up is refused.
 */
class InternalEntitiesTest {

    private static String titleOf(String subset, String title) throws FeedFailure {
        String xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n" + subset + "\n]>\n<rss version=\"2.0\"><channel><title>" + title
                + "</title><item><title>i</title></item></channel></rss>";
        return TitleParser.parse(xml.getBytes(StandardCharsets.UTF_8), "application/rss+xml").title();
    }

    private static void assertRefused(String subset, String title) {
        FeedFailure refused = assertThrows(FeedFailure.class, () -> titleOf(subset, title));
        assertEquals("documents that declare entities are refused", refused.getMessage());
    }

    @Test
    void aPlainTextEntityIsExpanded() throws FeedFailure {
        assertEquals("Example Co. news", titleOf("<!ENTITY co \"Example Co.\">", "&co; news"));
        assertEquals("Example Co. news", titleOf("<!ENTITY co 'Example Co.'> <!-- the company -->", "&co; news"));
    }

    @Test
    void anEntityThatIsOneCharacterReferenceIsExpanded() throws FeedFailure {
        assertEquals("a\u00a0b", titleOf("<!ENTITY nbsp \"&#160;\">", "a&nbsp;b"));
    }

    @Test
    void theFirstDeclarationOfANameBinds() throws FeedFailure {
        assertEquals("first", titleOf("<!ENTITY x \"first\"><!ENTITY x \"second\">", "&x;"));
    }

    @Test
    void externalEntitiesAreRefused() {
        assertRefused("<!ENTITY x SYSTEM \"file:///etc/passwd\">", "&x;");
        assertRefused("<!ENTITY x PUBLIC \"-//A//B\" \"http://example.org/x\">", "&x;");
    }

    @Test
    void entitiesThatReferToEntitiesAreRefused() {
        assertRefused("<!ENTITY a \"lol\"><!ENTITY b \"&a;&a;&a;\">", "&b;");
    }

    @Test
    void parameterEntitiesAreRefused() {
        assertRefused("<!ENTITY % p \"x\"> %p;", "t");
    }

    @Test
    void markupInAnEntityIsRefused() {
        assertRefused("<!ENTITY m \"<b>bold</b>\">", "&m;");
    }

    @Test
    void anExpansionFarLargerThanTheDocumentIsRefused() {
        assertRefused("<!ENTITY big \"" + "x".repeat(10_000) + "\">", "&big;".repeat(1_000));
    }
}
