package io.greenhouse.feedscraper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The plain text of a title that is HTML: scripts, styles and comments dropped with their
 * content, other tags dropped, references decoded. A title service answers with text, and markup
 * in a title is at best noise and at worst an attack on whoever shows it. Also feedparser's rule
 * for whether a title whose markup the feed does not declare is HTML.
 */
final class HtmlText {

    // Each pattern scans a stretch of the title once: none may search on to the end from every
    // '<' of a title that has no '>' (quadratic in its length).
    private static final Pattern HIDDEN = Pattern.compile(
            "<(script|style)\\b[^<>]*>.*?(?:</\\1\\s*>|\\z)", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final Pattern TAG = Pattern.compile("</?[A-Za-z][^<>]*>|<![^<>]*>");

    private static final Pattern CLOSING_TAG = Pattern.compile("</\\w+>");
    private static final Pattern REFERENCE = Pattern.compile("&#?\\w+;");
    private static final Pattern TAG_NAME = Pattern.compile("</?(\\w+)");
    private static final Pattern ENTITY_NAME = Pattern.compile("&(\\w+);");
    /** HTML's element names, obsolete ones included: what a feed's author could mean as a tag. */
    private static final Set<String> ELEMENTS = Set.of(
            "a", "abbr", "acronym", "address", "applet", "area", "article", "aside", "audio", "b", "base",
            "basefont", "bdi", "bdo", "big", "blink", "blockquote", "body", "br", "button", "canvas", "caption",
            "center", "cite", "code", "col", "colgroup", "data", "datalist", "dd", "del", "details", "dfn",
            "dialog", "dir", "div", "dl", "dt", "em", "embed", "fieldset", "figcaption", "figure", "font",
            "footer", "form", "frame", "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header",
            "hgroup", "hr", "html", "i", "iframe", "img", "input", "ins", "kbd", "label", "legend", "li",
            "link", "main", "map", "mark", "marquee", "menu", "meta", "meter", "nav", "nobr", "noembed",
            "noframes", "noscript", "object", "ol", "optgroup", "option", "output", "p", "param", "picture",
            "pre", "progress", "q", "rp", "rt", "ruby", "s", "samp", "script", "section", "select", "small",
            "source", "span", "strike", "strong", "style", "sub", "summary", "sup", "svg", "table", "tbody",
            "td", "template", "textarea", "tfoot", "th", "thead", "time", "title", "tr", "track", "tt", "u",
            "ul", "var", "video", "wbr");
    /** HTML 4's named references, as feedparser checks them ({@code &apos;} is not one). */
    private static final Set<String> ENTITIES = loadEntityNames();

    private HtmlText() {
    }

    static String toText(String html) {
        String text = withoutComments(html);
        text = HIDDEN.matcher(text).replaceAll("");
        text = TAG.matcher(text).replaceAll("");
        return TitleRecovery.decodeEntities(text);
    }

    /**
     * The HTML without its comments. A comment ends at the first '>' after its first "--" (so at
     * "-->", whatever '>' comes before it, and at SGML's "-- >" too: the most that a browser or an
     * old parser would hide); one never closed runs to the end, as in a browser. One pass.
     */
    private static String withoutComments(String html) {
        StringBuilder out = null;
        int copied = 0;
        for (int open = html.indexOf("<!--"); open >= 0; open = html.indexOf("<!--", copied)) {
            int dashes = html.indexOf("--", open + 4);
            int close = dashes < 0 ? -1 : html.indexOf('>', dashes + 2);
            out = out == null ? new StringBuilder(html.length()) : out;
            out.append(html, copied, open);
            copied = close < 0 ? html.length() : close + 1;
        }
        return out == null ? html : out.append(html, copied, html.length()).toString();
    }

    /**
     * Whether a title of undeclared markup is HTML, by feedparser's rule ({@code _looks_like_html}):
     * it has a closing tag or a reference, every tag is an HTML element and every named
     * reference an HTML entity. So {@code List<String>} or {@code if a <b and c> d} stay as written.
     */
    static boolean looksLikeHtml(String text) {
        if (!CLOSING_TAG.matcher(text).find() && !REFERENCE.matcher(text).find()) {
            return false;
        }
        return allIn(TAG_NAME.matcher(text), ELEMENTS, true) && allIn(ENTITY_NAME.matcher(text), ENTITIES, false);
    }

    private static boolean allIn(Matcher names, Set<String> known, boolean ignoreCase) {
        while (names.find()) {
            String name = ignoreCase ? names.group(1).toLowerCase(Locale.ROOT) : names.group(1);
            if (!known.contains(name)) {
                return false;
            }
        }
        return true;
    }

    private static Set<String> loadEntityNames() {
        Properties table = new Properties();
        try (InputStream in = HtmlText.class.getResourceAsStream("html-entities.properties")) {
            table.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(table.stringPropertyNames());
    }
}
