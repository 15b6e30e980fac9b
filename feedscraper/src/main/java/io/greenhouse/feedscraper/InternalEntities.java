package io.greenhouse.feedscraper;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Entities a feed declares for itself in its DOCTYPE, expanded here when every one of them is
 * plainly harmless: a general entity whose value is plain text (no {@code &}, {@code %},
 * {@code <}) or one character reference, as in {@code <!ENTITY id "tag:example.com,">} or
 * {@code <!ENTITY nbsp "&#160;">}. Such an entity cannot refer to another (no billion laughs)
 * nor to anything outside the document (no XXE); the expanded document is still bounded in size.
 * A subset with anything else in it (SYSTEM or PUBLIC entities, parameter entities, nesting)
 * gets null, and the document is refused, as feedparser refuses it.
 */
final class InternalEntities {

    private static final Pattern DOCTYPE = Pattern.compile("<!DOCTYPE[^\\[>]*\\[(.*?)]\\s*>", Pattern.DOTALL);
    private static final Pattern COMMENT = Pattern.compile("<!--.*?-->", Pattern.DOTALL);
    private static final Pattern DECLARATION = Pattern.compile(
            "<!ENTITY\\s+([A-Za-z_][\\w.-]*)\\s+(?:\"([^\"&%<]*|&#\\w+;)\"|'([^'&%<]*|&#\\w+;)')\\s*>");
    private static final Pattern REFERENCE = Pattern.compile("&([A-Za-z_][\\w.-]*);");
    private static final Set<String> PREDEFINED = Set.of("amp", "lt", "gt", "quot", "apos");

    private InternalEntities() {
    }

    /**
     * The document without its DOCTYPE and with its own entities expanded; null when it declares
     * any entity that is not plainly harmless, or when the expansion would pass {@code maxChars}.
     */
    static String expand(String text, int maxChars) {
        Matcher doctype = DOCTYPE.matcher(text);
        if (!doctype.find()) {
            return null;
        }
        String subset = COMMENT.matcher(doctype.group(1)).replaceAll("");
        Map<String, String> values = new HashMap<>();
        Matcher declaration = DECLARATION.matcher(subset);
        int at = 0;
        while (declaration.find()) {
            if (!subset.substring(at, declaration.start()).isBlank()) {
                return null;  // something other than a harmless declaration
            }
            String value = declaration.group(2) != null ? declaration.group(2) : declaration.group(3);
            values.putIfAbsent(declaration.group(1), value);  // the first declaration binds (XML 1.0 §4.2)
            at = declaration.end();
        }
        if (!subset.substring(at).isBlank()) {
            return null;
        }
        String body = text.substring(0, doctype.start()) + text.substring(doctype.end());
        if (body.contains("<!ENTITY")) {
            return null;  // a second DOCTYPE, or declarations outside one
        }
        StringBuilder out = new StringBuilder(body.length());
        Matcher reference = REFERENCE.matcher(body);
        while (reference.find()) {
            String name = reference.group(1);
            String value = PREDEFINED.contains(name) ? null : values.get(name);
            reference.appendReplacement(out, Matcher.quoteReplacement(value != null ? value : reference.group()));
            if (out.length() > maxChars) {
                return null;
            }
        }
        reference.appendTail(out);
        return out.length() > maxChars ? null : out.toString();
    }
}
