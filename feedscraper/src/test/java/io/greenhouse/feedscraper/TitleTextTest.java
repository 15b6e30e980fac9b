package io.greenhouse.feedscraper;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Titles whose text is not the element's text as written: Base64, markup, unclosed comments. */
class TitleTextTest {

    private static String title(String document) throws FeedFailure {
        return TitleParser.parse(document.getBytes(StandardCharsets.UTF_8), null).title();
    }

    @Test
    void anAtom03TitleInBase64ModeIsDecodedEvenWithLineBreaks() throws FeedFailure {
        assertEquals("Example Atom", title("""
                <feed version="0.3" xmlns="http://purl.org/atom/ns#">
                  <title mode="base64">
                    RXhhbXBsZSA8Yj5BdG9tPC9iPg==
                  </title>
                </feed>"""));
    }

    @Test
    void anAtom10TitleWithABinaryMediaTypeIsDecodedAsBase64() throws FeedFailure {
        assertEquals("History of the <blink> tag", title("""
                <feed xmlns="http://www.w3.org/2005/Atom">
                <title type="application/octet-stream">
                PHA+SGlzdG9yeSBvZiB0aGUgJmx0O2JsaW5rJmd0OyB0YWc8L3A+
                </title>
                </feed>"""));
    }

    @Test
    void aTitleThatIsNotBase64AfterAllIsKeptAsWritten() throws FeedFailure {
        assertEquals("not base64!", title("""
                <feed version="0.3" xmlns="http://purl.org/atom/ns#"><title mode="base64">not base64!</title></feed>"""));
    }

    @Test
    void anHtmlCommentNeverClosedRunsToTheEndOfTheTitle() throws FeedFailure {
        assertEquals("safe", title("""
                <feed xmlns="http://www.w3.org/2005/Atom"><title type="html">safe&lt;!--</title></feed>"""));
    }

    @Test
    void markupInAnHtmlTitleIsReducedToItsText() throws FeedFailure {
        assertEquals("Example Atom", title("""
                <feed xmlns="http://www.w3.org/2005/Atom"><title type="html">Example &lt;b>Atom&lt;/b></title></feed>"""));
    }

    @Test
    void anHtmlTitleIsReadAsHtmlEvenWithoutTags() throws FeedFailure {
        assertEquals("AT&T été", title("""
                <feed xmlns="http://www.w3.org/2005/Atom"><title type="html">AT&amp;amp;T &amp;eacute;t&amp;eacute;</title></feed>"""));
        assertEquals("1 < 2", title("""
                <feed xmlns="http://www.w3.org/2005/Atom"><title type="html">1 &amp;lt; 2</title></feed>"""));
        assertEquals("AT&T", title("""
                <feed version="0.3" xmlns="http://purl.org/atom/ns#"><title type="text/html" mode="escaped">AT&amp;amp;T</title></feed>"""));
    }
}
