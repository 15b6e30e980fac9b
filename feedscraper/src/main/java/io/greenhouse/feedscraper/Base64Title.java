package io.greenhouse.feedscraper;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * Titles carried in Base64: Atom 0.3's {@code mode="base64"}, and Atom text constructs whose
 * {@code type} is a media type that is neither text nor XML (feedparser decodes those too).
 */
final class Base64Title {

    private Base64Title() {
    }

    /** Whether an Atom {@code type} attribute names a media type whose content is Base64. */
    static boolean isBase64Type(String type) {
        if (type == null) {
            return false;
        }
        String t = type.trim().toLowerCase(Locale.ROOT);
        if (t.isEmpty() || t.equals("text") || t.equals("html") || t.equals("xhtml") || !t.contains("/")) {
            return false;
        }
        return !(t.startsWith("text/") || t.endsWith("/xml") || t.endsWith("+xml"));
    }

    /** The decoded text (UTF-8), or null when {@code encoded} is not Base64. */
    static String decode(String encoded) {
        String compact = encoded.replaceAll("\\s+", "");
        try {
            return new String(Base64.getDecoder().decode(compact), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
