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

    private static final Pattern NESTED = Pattern.compile(
            "<((?:\\w+:)?(?:item|entry|image|textinput|textInput))\\b[^>]*?(?:/>|>.*?</\\1\\s*>)",
            Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final Pattern TITLE = Pattern.compile(
            "<((?:\\w+:)?title)\\b([^>]*)>(.*?)</\\1\\s*>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final Pattern BASE64_MODE = Pattern.compile("\\bmode\\s*=\\s*[\"']base64[\"']");
    private static final Pattern CDATA = Pattern.compile("<!\\[CDATA\\[(.*?)]]>", Pattern.DOTALL);
    private static final Pattern COMMENT = Pattern.compile("<!--.*?-->", Pattern.DOTALL);
    private static final Pattern TAG = Pattern.compile("<[^>]*>");
    private static final Pattern ENTITY = Pattern.compile("&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]{1,31});");
    private static final Pattern DOCTYPE = Pattern.compile("<!DOCTYPE[^\\[>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern ENTRY_START = Pattern.compile("<(?:\\w+:)?(?:item|entry)\\b");
    /** The root (or channel) element of RSS, RDF or Atom, possibly prefixed. */
    private static final Pattern FEED_ELEMENT = Pattern.compile("<(?:\\w+:)?(?:rss|feed|rdf|channel)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern HTML_ELEMENT = Pattern.compile("<html\\b", Pattern.CASE_INSENSITIVE);
    private static final Map<String, Integer> NAMED = loadEntities();

    private TitleRecovery() {
    }

    /** The flattened title, or null when the document shows none, or is no feed at all (a web page). */
    static String findTitle(String text) {
        if (!FEED_ELEMENT.matcher(text).find()) {
            return null;
        }
        String channel = NESTED.matcher(COMMENT.matcher(text).replaceAll("")).replaceAll("");
        Matcher title = TITLE.matcher(channel);
        if (!title.find()) {
            return null;
        }
        String content = title.group(3);
        if (BASE64_MODE.matcher(title.group(2)).find()) {
            String decoded = Base64Title.decode(content);  // Atom 0.3
            content = decoded != null ? decoded : content;
        }
        String flat = TitleFlattener.flatten(textOf(content));
        return flat.isEmpty() ? null : flat;
    }

    /** Whether the document is an HTML page rather than a feed. */
    static boolean isHtmlPage(String text) {
        return HTML_ELEMENT.matcher(text).find() && !FEED_ELEMENT.matcher(text).find();
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
        return DOCTYPE.matcher(text).find() && !declaresEntities(text);
    }

    /** Whether the document declares entities of its own (in a DOCTYPE's internal subset). */
    static boolean declaresEntities(String text) {
        return text.contains("<!ENTITY");
    }

    static String withoutDoctype(String text) {
        return DOCTYPE.matcher(text).replaceFirst("");
    }

    /** The character content of an element's raw inside: CDATA kept verbatim, tags dropped, references decoded. */
    static String textOf(String raw) {
        StringBuilder out = new StringBuilder();
        Matcher cdata = CDATA.matcher(raw);
        int at = 0;
        while (cdata.find()) {
            out.append(decodeEntities(TAG.matcher(raw.substring(at, cdata.start())).replaceAll("")));
            out.append(cdata.group(1));
            at = cdata.end();
        }
        out.append(decodeEntities(TAG.matcher(raw.substring(at)).replaceAll("")));
        return out.toString();
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
