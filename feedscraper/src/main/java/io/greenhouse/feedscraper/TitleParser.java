package io.greenhouse.feedscraper;

import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedInput;
import com.rometools.rome.io.XmlReader;
import com.rometools.rome.io.impl.XmlFixerReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.UnsupportedEncodingException;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
 *
 * <p>A parse can be held to its feed's deadline ({@link ParseDeadline}).
 */
final class TitleParser {

    /** A small feed for each path a parse can take: JSON, the streaming reader, ROME, the healer and the recovery. */
    private static final List<String> WARM_UP_FEEDS = List.of(
            "{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"j\",\"items\":[]}",
            "<rss version=\"2.0\"><channel><title>r</title><item><title>i</title></item></channel></rss>",
            "<feed xmlns=\"http://purl.org/atom/ns#\" version=\"0.3\"><title type=\"text/html\">a</title></feed>",
            "<rss version=\"0.91\"><channel><title>r &eacute;</title><item><title>i</title></channel></rss>");

    private TitleParser() {
    }

    /**
     * Parses a small feed along every path once, so that loading and initialising the classes
     * behind them (Jackson, Woodstox, JDOM, ROME: some 0.3 s on a cold JVM) is not charged to the
     * first feed's deadline.
     */
    static void warmUp() {
        for (String feed : WARM_UP_FEEDS) {
            try {
                parse(feed.getBytes(StandardCharsets.UTF_8), "application/xml");
            } catch (FeedFailure ignored) {
                // only the classes it loaded matter
            }
        }
    }

    /**
     * @param body the document's bytes
     * @param contentType the HTTP Content-Type, or null
     * @throws FeedFailure NOT_A_FEED when no feed can be made of it
     */
    static ParsedFeed parse(byte[] body, String contentType) throws FeedFailure {
        return parse(body, contentType, ParseDeadline.NONE);
    }

    /**
     * The same, done by {@code deadline} or not at all: checked before each step, and by the
     * readers of the steps that read the text.
     *
     * @throws FeedFailure TIMEOUT once the deadline has passed, even when the parse came to an
     *     answer (a step that cannot be stopped ran past it); NOT_A_FEED when no feed can be made of it
     */
    static ParsedFeed parse(byte[] body, String contentType, ParseDeadline deadline) throws FeedFailure {
        deadline.check();
        ParsedFeed parsed;
        try {
            parsed = parseDocument(body, contentType, deadline);
        } catch (FeedFailure failure) {
            deadline.check();  // not a feed, but found out too late: the feed's time was up first
            throw failure;
        }
        deadline.check();
        return parsed;
    }

    private static ParsedFeed parseDocument(byte[] body, String contentType, ParseDeadline deadline) throws FeedFailure {
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
        deadline.check();
        ParsedFeed quick = fastPath(text, deadline);
        return quick != null ? quick : romeAndRecovery(text, deadline);
    }

    /** The streaming reader's answer, flattened as ROME's would be; null when ROME must decide. */
    static ParsedFeed fastPath(String text) {
        return fastPath(text, ParseDeadline.NONE);
    }

    private static ParsedFeed fastPath(String text, ParseDeadline deadline) {
        StreamingTitleReader.Streamed streamed = StreamingTitleReader.read(deadline.reader(text));
        if (streamed == null) {
            return null;
        }
        String title = TitleFlattener.flatten(DoubleDecodedUtf8.repaired(streamed.markup().text(streamed.title())));
        return title.isEmpty() ? null : new ParsedFeed(title, streamed.entries());
    }

    /** ROME, then the recovery of what it cannot read. */
    static ParsedFeed romeAndRecovery(String text) throws FeedFailure {
        return romeAndRecovery(text, ParseDeadline.NONE);
    }

    private static ParsedFeed romeAndRecovery(String text, ParseDeadline deadline) throws FeedFailure {
        deadline.check();  // the streaming reader may have given up for want of time
        ParsedFeed parsed = parseWithRome(text, deadline);
        if (parsed == null && TitleRecovery.hasHarmlessDoctype(text)) {
            // Old RSS 0.91 feeds carry Netscape's DOCTYPE; without its DTD it says nothing.
            parsed = parseWithRome(TitleRecovery.withoutDoctype(text), deadline);
        }
        if (parsed != null && !parsed.title().isEmpty()) {
            return parsed;
        }
        deadline.check();
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
        String wide = CharsetFallbacks.decodeUtf16WithoutMark(body);
        if (wide != null) {
            return wide;
        }
        String served = CharsetFallbacks.decodeAsServed(body, contentType);
        if (served != null) {
            return served;
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
    private static ParsedFeed parseWithRome(String text, ParseDeadline deadline) throws FeedFailure {
        Document document = XmlDocuments.parse(deadline.reader(text));
        if (document == null) {
            deadline.check();  // the parser may have given up for want of time
            document = XmlDocuments.parse(deadline.reader(healed(text, deadline)));
        }
        deadline.check();
        return document == null ? null : fromRome(document, deadline);
    }

    private static String healed(String text, ParseDeadline deadline) throws FeedFailure {
        try (Reader healer = new XmlFixerReader(deadline.reader(text))) {
            StringWriter out = new StringWriter(text.length() + 64);
            healer.transferTo(out);
            return out.toString();
        } catch (InterruptedIOException e) {
            throw deadline.timeout();
        } catch (IOException e) {
            throw new UncheckedIOException(e);  // reading a string fails for want of time only
        }
    }

    private static ParsedFeed fromRome(Document document, ParseDeadline deadline) throws FeedFailure {
        SyndFeedInput input = new SyndFeedInput();
        input.setAllowDoctypes(false);
        try {
            SyndFeed feed = input.build(document);
            deadline.check();  // ROME's build cannot be stopped, but reading an HTML title need not start
            return new ParsedFeed(TitleFlattener.flatten(DoubleDecodedUtf8.repaired(RomeTitles.text(feed, document))), feed.getEntries().size());
        } catch (FeedException | RuntimeException e) {
            // ROME's own failures, and what its parts throw on odd input (a Base64 title with
            // line breaks: ArrayIndexOutOfBoundsException): either way, ROME cannot read it.
            return null;
        }
    }
}
