package io.greenhouse.feedscraper;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

    private static String rssTitle(String title) throws FeedFailure {
        return title("<rss version=\"2.0\"><channel><title>" + title + "</title></channel></rss>");
    }

    // feedparser's _looks_like_html: an RSS title is HTML only with a closing tag or a reference,
    // and only when every tag in it is an HTML element.
    @Test
    void anRssTitleWhoseAngleBracketsAreNotHtmlTagsIsKeptAsWritten() throws FeedFailure {
        assertEquals("Java List<String> and Map<K,V> tips", rssTitle("Java List&lt;String&gt; and Map&lt;K,V&gt; tips"));
        assertEquals("CDATA & <Title>", rssTitle("<![CDATA[CDATA & <Title>]]>"));
        assertEquals("if a <b and c> d", rssTitle("if a &lt;b and c&gt; d"));
        assertEquals("Why <!-- breaks things", rssTitle("Why &lt;!-- breaks things"));
    }

    @Test
    void anRssTitleThatLooksLikeHtmlIsReducedToItsText() throws FeedFailure {
        assertEquals("A bold claim", rssTitle("A &lt;b&gt;bold&lt;/b&gt; claim"));
        assertEquals("AT&T", rssTitle("AT&amp;amp;T"));
        assertEquals("it&apos;s", rssTitle("it&amp;apos;s"));  // &apos; is no HTML 4 entity: not HTML
    }

    // RFC 4287 §3.1.1.1: type="text", or no type, is plain text, whatever it looks like.
    @Test
    void anAtomTextTitleIsPlainTextEvenWhenItLooksLikeHtml() throws FeedFailure {
        assertEquals("Using <div> in HTML", title("""
                <feed xmlns="http://www.w3.org/2005/Atom"><title type="text">Using &lt;div&gt; in HTML</title></feed>"""));
        assertEquals("<b>AT&amp;T</b>", title("""
                <feed xmlns="http://www.w3.org/2005/Atom"><title>&lt;b&gt;AT&amp;amp;T&lt;/b&gt;</title><entry/></feed>"""));
    }

    @Test
    void elementsInsideAnRssTitleGiveTheirText() throws FeedFailure {
        assertEquals("A bold & plain", rssTitle("A <b>bold</b> &amp; plain"));
        assertEquals("An RDF title with nested text", title("""
                <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
                <channel><title>An <em>RDF <b>title</b></em> with nested text</title></channel></rdf:RDF>"""));
    }

    // Atom allows elements only in an XHTML title; feeds put them in others too, as feedparser reads them
    @Test
    void elementsInsideAnAtomTextOrHtmlTitleGiveTheirText() throws FeedFailure {
        assertEquals("Hello World", title("""
                <feed xmlns="http://www.w3.org/2005/Atom"><title>Hello <em>World</em></title></feed>"""));
        assertEquals("Tom & Jerry", title("""
                <feed xmlns="http://www.w3.org/2005/Atom"><title type="html">Tom <b>&amp;amp;</b> Jerry</title></feed>"""));
        assertEquals("Old Atom title", title("""
                <feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>Old <i>Atom</i> title</title></feed>"""));
        assertEquals("An XHTML title", title("""
                <feed xmlns="http://www.w3.org/2005/Atom"><title type="xhtml">\
                <div xmlns="http://www.w3.org/1999/xhtml">An <b>XHTML</b> title</div></title></feed>"""));
    }

    // UTF-8 read as ISO-8859-1 somewhere before the feed, or by a server's wrong label
    @Test
    void aTitleOfUtf8ReadAsLatin1IsRepaired() throws FeedFailure {
        assertEquals("Caf\u00e9 \u2013 \u65e5\u672c", rssTitle("Caf\u00c3\u00a9 \u00e2\u0080\u0093 \u00e6\u0097\u00a5\u00e6\u009c\u00ac"));
        assertEquals("Caf\u00e9 cr\u00e8me", rssTitle("Caf\u00e9 cr\u00e8me"));  // Latin-1 that is not UTF-8 stays
        assertEquals("\u00c3\u00a9 \u2013 not repaired", rssTitle("\u00c3\u00a9 \u2013 not repaired"));  // beyond Latin-1: meant as it is
    }

    @Test
    void controlCharactersNeverReachATitle() throws FeedFailure {
        assertEquals("Bad[31mREDnul", title("""
                {"version":"https://jsonfeed.org/version/1.1","title":"Bad\\u001b[31mRED\\u0000nul\\u0007","items":[]}"""));
        assertEquals("Ill-formed [31mRED", rssTitle("Ill-formed &#27;[31mRED&#7;"));
    }

    // HTML5 and feedparser read &#128;-&#159; as windows-1252, which is what feeds mean by them.
    @Test
    void c1CharacterReferencesAreReadAsWindows1252() throws FeedFailure {
        assertEquals("It\u2019s \u201cquoted\u201d \u2013 ok\u2026", rssTitle("It&#146;s &#147;quoted&#148; &#150; ok&#133;"));
    }

    @Test
    void anHtmlTitleWithNoTextIsEmptyNotItsMarkup() throws FeedFailure {
        // feedparser's sanitize/feed_title_on*.xml: an image with an event handler, and no text
        assertEquals("", title("""
                <feed version="0.3" xmlns="http://purl.org/atom/ns#"><title type="text/html" mode="escaped">\
                &lt;img src="http://example.org/i.jpg" onabort="location.href='http://example.org/';" /&gt;</title></feed>"""));
        assertEquals("", title("""
                <feed xmlns="http://www.w3.org/2005/Atom"><title type="html">&lt;script&gt;alert(1)&lt;/script&gt;</title></feed>"""));
    }

    @Test
    void anHtmlCommentEndsAtItsCloseNotAtTheFirstAngleBracketInside() throws FeedFailure {
        // HTML's tokenizer ends a comment at "-->" only; feedparser's sanitize/feed_title_crazy.xml
        assertEquals("a b", title("""
                <feed xmlns="http://www.w3.org/2005/Atom"><title type="html">a &lt;!-- x &gt; &lt;script&gt; y --&gt; b</title></feed>"""));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "&lt;a|<a",              // no '>' anywhere: not a tag, so text
        "&lt;script|<script",
        "&lt;!x|<!x",
        "&lt;!----x|",           // a comment never closed runs to the end
    })
    void aTitleOfManyUnclosedTagsIsReadInOnePass(String unclosed, String kept) throws FeedFailure {
        // each pattern once searched from every '<' on to the end of a title with no '>':
        // quadratic, so a 1 MB title like these took hours
        int many = 200_000;
        String text = title("<feed xmlns=\"http://www.w3.org/2005/Atom\"><title type=\"html\">Title "
                + unclosed.repeat(many) + "</title></feed>");
        assertEquals(("Title " + (kept == null ? "" : kept.repeat(many))).trim(), text);
    }
}
