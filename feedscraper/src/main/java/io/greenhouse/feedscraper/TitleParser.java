package io.greenhouse.feedscraper;

import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedInput;
import com.rometools.rome.io.XmlReader;
import com.rometools.rome.io.impl.XmlFixerReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.UnsupportedEncodingException;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import org.jdom2.Document;

/**
 * Reads a feed's title and entry count: a JSON Feed with {@link JsonFeeds}; plain RSS and Atom
 * 1.0 in one streaming pass ({@link StreamingTitleReader}); everything else with ROME (RSS
 * 0.9x/1.0/2.0, Atom 0.3/1.0);
 * ROME's {@link XmlReader} chooses the charset from the HTTP header, the BOM and the XML prolog
 * (where it would certainly choose UTF-8, {@link Utf8Documents} decodes without it), except
 * where {@link CharsetFallbacks} knows better.
 *
 * <p>Safe against hostile XML: ROME is told to refuse any DOCTYPE, which rules out external
 * entities, DTD fetches and entity-expansion bombs at once. A document that ROME cannot read, or
 * that gives no title, goes to {@link TitleRecovery}. A document that declares entities of its own
 * has them expanded first by {@link InternalEntities} when they are plain text, and is refused
 * otherwise.
 */
final class TitleParser {

    private TitleParser() {
    }

    /**
     * @param body the document's bytes
     * @param contentType the HTTP Content-Type, or null
     * @throws FeedFailure NOT_A_FEED when no feed can be made of it
     */
    static ParsedFeed parse(byte[] body, String contentType) throws FeedFailure {
        if (JsonFeeds.looksLikeJson(body)) {
            return JsonFeeds.parse(body);
        }
        String text = decode(body, contentType);
        if (TitleRecovery.declaresEntities(text)) {
            // Plain-text entities are expanded; anything more is what XXE and expansion bombs use.
            text = InternalEntities.expand(text, 2 * text.length() + 65536);
            if (text == null) {
                throw new FeedFailure(FeedStatus.NOT_A_FEED, "documents that declare entities are refused");
            }
        }
        ParsedFeed quick = fastPath(text);
        return quick != null ? quick : romeAndRecovery(text);
    }

    /** The streaming reader's answer, flattened as ROME's would be; null when ROME must decide. */
    static ParsedFeed fastPath(String text) {
        StreamingTitleReader.Streamed streamed = StreamingTitleReader.read(text);
        if (streamed == null) {
            return null;
        }
        String title = TitleFlattener.flatten(streamed.markup().text(streamed.title()));
        return title.isEmpty() ? null : new ParsedFeed(title, streamed.entries());
    }

    /** ROME, then the recovery of what it cannot read. */
    static ParsedFeed romeAndRecovery(String text) throws FeedFailure {
        ParsedFeed parsed = parseWithRome(text);
        if (parsed == null && TitleRecovery.hasHarmlessDoctype(text)) {
            // Old RSS 0.91 feeds carry Netscape's DOCTYPE; without its DTD it says nothing.
            parsed = parseWithRome(TitleRecovery.withoutDoctype(text));
        }
        if (parsed != null && !parsed.title().isEmpty()) {
            return parsed;
        }
        String recovered = TitleRecovery.findTitle(text);
        if (recovered != null) {
            return new ParsedFeed(recovered, parsed != null ? parsed.entries() : TitleRecovery.countEntries(text));
        }
        if (parsed != null) {
            return parsed;
        }
        throw new FeedFailure(FeedStatus.NOT_A_FEED,
                TitleRecovery.isHtmlPage(text) ? "an HTML page, not a feed" : "not an RSS or Atom feed");
    }

    static String decode(byte[] body, String contentType) throws FeedFailure {
        String marked = CharsetFallbacks.decodeByMark(body);
        if (marked != null) {
            return marked;
        }
        String utf8 = Utf8Documents.decode(body, contentType);
        if (utf8 == null && CharsetFallbacks.isUndeclared(body, contentType)) {
            utf8 = new String(body, StandardCharsets.UTF_8);  // text/xml or text/html with no charset
        }
        return utf8 != null ? CharsetFallbacks.unlessMislabelled(body, utf8) : decodeWithRome(body, contentType);
    }

    /** The text as ROME's XmlReader reads it: the reference for every charset question. */
    static String decodeWithRome(byte[] body, String contentType) throws FeedFailure {
        try (Reader reader = contentType == null
                ? new XmlReader(new ByteArrayInputStream(body), true)
                : new XmlReader(new ByteArrayInputStream(body), contentType, true)) {
            StringBuilder text = new StringBuilder(body.length);
            char[] buffer = new char[8192];
            for (int n; (n = reader.read(buffer)) != -1; ) {
                text.append(buffer, 0, n);
            }
            return text.toString();
        } catch (UnsupportedEncodingException | IllegalCharsetNameException e) {
            return CharsetFallbacks.decodeUnknownCharset(body);
        } catch (IOException e) {
            throw new FeedFailure(FeedStatus.NOT_A_FEED, "cannot decode the document's characters: " + TitleFlattener.flatten(e.getMessage()));
        }
    }

    /**
     * The feed, or null when ROME cannot read it: from the document parsed by a reused parser
     * ({@link XmlDocuments}), or, when that fails, from the text healed as ROME's healer heals it
     * (undeclared HTML entities turned into numeric ones).
     */
    private static ParsedFeed parseWithRome(String text) {
        Document document = XmlDocuments.parse(text);
        if (document == null) {
            document = XmlDocuments.parse(healed(text));
        }
        return document == null ? null : fromRome(document);
    }

    private static String healed(String text) {
        try (Reader healer = new XmlFixerReader(new StringReader(text))) {
            StringWriter out = new StringWriter(text.length() + 64);
            healer.transferTo(out);
            return out.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);  // a StringReader does not fail
        }
    }

    private static ParsedFeed fromRome(Document document) {
        SyndFeedInput input = new SyndFeedInput();
        input.setAllowDoctypes(false);
        try {
            SyndFeed feed = input.build(document);
            return new ParsedFeed(TitleFlattener.flatten(RomeTitles.text(feed, document)), feed.getEntries().size());
        } catch (FeedException | RuntimeException e) {
            // ROME's own failures, and what its parts throw on odd input (a Base64 title with
            // line breaks: ArrayIndexOutOfBoundsException): either way, ROME cannot read it.
            return null;
        }
    }
}
