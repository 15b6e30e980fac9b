package io.greenhouse.feedscraper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the feed-level title in a document ROME could not read (ill-formed XML, undeclared HTML
 * entities, stray markup) by scanning its text: the first {@code title} element that is not
 * inside an item, entry, image or text input. Entity references are decoded from a fixed table
 * (XML's five, numeric, HTML 4's named); entity declarations in a DTD are never expanded.
 */
final class TitleRecovery {

    /** The start of an item, entry, image or text input, whose titles are not the feed's. */
    private static final Pattern NESTED_START = Pattern.compile(
            "<((?:\\w+:)?(?:item|entry|image|textinput))\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern TITLE_START = Pattern.compile("<((?:\\w+:)?title)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern BASE64_MODE = Pattern.compile("\\bmode\\s*=\\s*[\"']base64[\"']");
    private static final Pattern TYPE = Pattern.compile("\\btype\\s*=\\s*[\"']([^\"']*)[\"']");
    private static final Pattern ENTITY = Pattern.compile("&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]{1,31});");
    private static final Pattern DOCTYPE_START = Pattern.compile("<!DOCTYPE", Pattern.CASE_INSENSITIVE);
    private static final Pattern ENTRY_START = Pattern.compile("<(?:\\w+:)?(?:item|entry)\\b");
    /** An element's start, its local name in group 1. */
    private static final Pattern ELEMENT_START = Pattern.compile("<(?:\\w+:)?(\\w+)");
    /** The root element of RSS, RDF or Atom (or, in some broken feeds, the channel), possibly prefixed. */
    private static final Pattern FEED_ROOT = Pattern.compile("rss|feed|rdf|channel", Pattern.CASE_INSENSITIVE);
    private static final Pattern HTML_ELEMENT = Pattern.compile("<html\\b", Pattern.CASE_INSENSITIVE);
    private static final Map<String, Integer> NAMED = loadEntities();

    private TitleRecovery() {
    }

    /**
     * The flattened title, or null when the document shows none, or is no feed at all (a web page).
     * Each step is one forward pass (no element's end is searched for twice), so the time is
     * linear in the document's size, however broken it is.
     */
    static String findTitle(String text) {
        if (!hasFeedRoot(text)) {
            return null;  // a web page that mentions a feed element (in a comment, in its text) is not one
        }
        String channel = withoutNested(withoutComments(text));
        Matcher start = TITLE_START.matcher(channel);
        ClosingTags closings = ClosingTags.of(channel);
        NextChar tagEnds = new NextChar(channel, '>');
        for (int from = 0; start.find(from); from = start.start() + 1) {
            int gt = tagEnds.from(start.end());
            if (gt < 0) {
                return null;  // no tag after this one ends either
            }
            int[] end = closings.first(start.group(1), gt + 1);
            if (end != null) {
                return titleText(channel.substring(start.end(), gt), channel.substring(gt + 1, end[0]));
            }
        }
        return null;
    }

    private static String titleText(String attributes, String content) {
        if (BASE64_MODE.matcher(attributes).find()) {
            String decoded = Base64Title.decode(content);  // Atom 0.3
            content = decoded != null ? decoded : content;
        }
        Matcher type = TYPE.matcher(attributes);
        TitleMarkup markup = type.find() ? TitleMarkup.declared(type.group(1)) : TitleMarkup.UNSAID;
        String flat = TitleFlattener.flatten(DoubleDecodedUtf8.repaired(markup.text(textOf(content))));
        return flat.isEmpty() ? null : flat;
    }

    /** The text without its comments; a comment never closed is left, as is everything after it. */
    private static String withoutComments(String text) {
        return withoutSpans(text, "<!--", "-->");
    }

    /**
     * The text without each span from {@code open} to the next {@code close}, in one pass; a span
     * never closed is left, as is everything after it (nor does any later one close).
     */
    private static String withoutSpans(String text, String open, String close) {
        StringBuilder out = new StringBuilder(text.length());
        int copied = 0;
        for (int start = text.indexOf(open); start >= 0; start = text.indexOf(open, copied)) {
            int end = text.indexOf(close, start + open.length());
            if (end < 0) {
                break;
            }
            out.append(text, copied, start);
            copied = end + close.length();
        }
        return out.append(text, copied, text.length()).toString();
    }

    /**
     * The text without its items, entries, images and text inputs (self-closed, or up to the
     * first closing tag of the same name), whose titles are not the feed's; one never closed
     * is left.
     */
    private static String withoutNested(String text) {
        ClosingTags closings = ClosingTags.of(text);
        NextChar tagEnds = new NextChar(text, '>');
        Matcher start = NESTED_START.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        int copied = 0;
        int from = 0;
        while (start.find(from)) {
            int gt = tagEnds.from(start.end());
            if (gt < 0) {
                break;  // no tag after this one ends either
            }
            boolean selfClosed = gt > start.end() && text.charAt(gt - 1) == '/';
            int end = selfClosed ? gt + 1 : elementEnd(closings, start.group(1), gt + 1);
            if (end < 0) {
                from = start.start() + 1;
                continue;
            }
            out.append(text, copied, start.start());
            copied = end;
            from = end;
        }
        return out.append(text, copied, text.length()).toString();
    }

    private static int elementEnd(ClosingTags closings, String name, int from) {
        int[] closing = closings.first(name, from);
        return closing == null ? -1 : closing[1];
    }

    /**
     * Where the next {@code c} is, for searches that only move forward: the text past an answer
     * is never searched again.
     */
    private static final class NextChar {
        private final String text;
        private final char c;
        private int searchedFrom = Integer.MAX_VALUE;
        private int found = -1;

        NextChar(String text, char c) {
            this.text = text;
            this.c = c;
        }

        /** The offset of the first {@code c} at or after {@code from}, or -1. */
        int from(int from) {
            if (from >= searchedFrom && (found < 0 || found >= from)) {
                return found;
            }
            searchedFrom = from;
            found = text.indexOf(c, from);
            return found;
        }
    }

    /** Whether the document is an HTML page rather than a feed. */
    static boolean isHtmlPage(String text) {
        return !hasFeedRoot(text) && HTML_ELEMENT.matcher(text).find();
    }

    /** Whether the document's root element, whatever its prefix, is one a feed has. */
    static boolean hasFeedRoot(String text) {
        String root = rootName(text);
        return root != null && FEED_ROOT.matcher(root).matches();
    }

    /**
     * The local name of the document's first element, past the XML declaration, processing
     * instructions, comments and DOCTYPE; null when there is none.
     */
    private static String rootName(String text) {
        Matcher element = ELEMENT_START.matcher(text);
        int at = text.indexOf('<');
        while (at >= 0) {
            if (text.startsWith("<?", at)) {
                at = after(text, "?>", at + 2);
            } else if (text.startsWith("<!--", at)) {
                at = after(text, "-->", at + 4);
            } else if (text.startsWith("<!", at)) {
                at = afterDeclaration(text, at + 2);
            } else if (element.region(at, text.length()).lookingAt()) {
                return element.group(1);
            } else {
                at++;
            }
            at = at < 0 ? -1 : text.indexOf('<', at);
        }
        return null;
    }

    /** The offset just after the first {@code end} at or after {@code from}, or -1. */
    private static int after(String text, String end, int from) {
        int at = text.indexOf(end, from);
        return at < 0 ? -1 : at + end.length();
    }

    /** The offset just after a {@code <!...>} declaration (a DOCTYPE, its internal subset included), or -1. */
    private static int afterDeclaration(String text, int from) {
        int at = declarationStop(text, from);
        if (at == text.length()) {
            return -1;
        }
        if (text.charAt(at) == '>') {
            return at + 1;
        }
        int subsetEnd = text.indexOf(']', at + 1);
        return subsetEnd < 0 ? -1 : after(text, ">", subsetEnd + 1);
    }

    /** How many item or entry elements the document seems to have. */
    static int countEntries(String text) {
        Matcher m = ENTRY_START.matcher(text);
        int count = 0;
        while (m.find()) {
            count++;
        }
        return count;
    }

    /** Whether the document has a DOCTYPE without an internal subset: nothing to expand. */
    static boolean hasHarmlessDoctype(String text) {
        return doctype(text) != null && !declaresEntities(text);
    }

    /** Whether the document declares entities of its own (in a DOCTYPE's internal subset). */
    static boolean declaresEntities(String text) {
        return text.contains("<!ENTITY");
    }

    static String withoutDoctype(String text) {
        int[] doctype = doctype(text);
        return doctype == null ? text : text.substring(0, doctype[0]) + text.substring(doctype[1]);
    }

    /** Where a declaration's name and ids stop: at its '>', at its internal subset's '[', or at the end. */
    private static int declarationStop(String text, int from) {
        int at = from;
        while (at < text.length() && text.charAt(at) != '>' && text.charAt(at) != '[') {
            at++;
        }
        return at;
    }

    /** The first DOCTYPE without an internal subset, as {start, end}; null when there is none. */
    private static int[] doctype(String text) {
        Matcher start = DOCTYPE_START.matcher(text);
        int from = 0;
        while (start.find(from)) {
            int stop = declarationStop(text, start.end());
            if (stop == text.length()) {
                return null;
            }
            if (text.charAt(stop) == '>') {
                return new int[] {start.start(), stop + 1};
            }
            from = stop + 1;  // every DOCTYPE before this '[' stops at it too
        }
        return null;
    }

    /** The character content of an element's raw inside: CDATA kept verbatim, tags dropped, references decoded. */
    static String textOf(String raw) {
        StringBuilder out = new StringBuilder(raw.length());
        int at = 0;
        for (int open = raw.indexOf("<![CDATA["); open >= 0; open = raw.indexOf("<![CDATA[", at)) {
            int close = raw.indexOf("]]>", open + 9);
            if (close < 0) {
                break;  // nor does any later section close
            }
            out.append(decodeEntities(withoutTags(raw.substring(at, open))));
            out.append(raw, open + 9, close);
            at = close + 3;
        }
        return out.append(decodeEntities(withoutTags(raw.substring(at)))).toString();
    }

    /** The text without its tags; a tag never closed is left, as is everything after it. */
    private static String withoutTags(String text) {
        return withoutSpans(text, "<", ">");
    }

    static String decodeEntities(String text) {
        Matcher m = ENTITY.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(resolve(m.group(1), m.group())));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String resolve(String name, String whole) {
        int codePoint;
        try {
            if (name.startsWith("#x") || name.startsWith("#X")) {
                codePoint = Integer.parseInt(name.substring(2), 16);
            } else if (name.startsWith("#")) {
                codePoint = Integer.parseInt(name.substring(1));
            } else {
                codePoint = NAMED.getOrDefault(name, -1);
            }
        } catch (NumberFormatException e) {
            return whole;
        }
        return Character.isValidCodePoint(codePoint) && codePoint != 0 ? Character.toString(codePoint) : whole;
    }

    private static Map<String, Integer> loadEntities() {
        Properties table = new Properties();
        try (InputStream in = TitleRecovery.class.getResourceAsStream("html-entities.properties")) {
            table.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Integer> map = new HashMap<>();
        table.forEach((k, v) -> map.put((String) k, Integer.parseInt((String) v)));
        map.put("apos", 39);
        return Map.copyOf(map);
    }
}
