package io.greenhouse.feedscraper;

import java.util.Locale;

/**
 * How a title's value is marked up, which decides how its text is read: as plain text, exactly as
 * written; as HTML (tags dropped, references decoded, whether it has tags or not); or, where the
 * feed does not say (RSS, Atom 0.3 as ROME gives it, a decoded Base64 title), as HTML only when it
 * looks like HTML by feedparser's rule ({@link HtmlText#looksLikeHtml}).
 */
enum TitleMarkup {
    TEXT,
    HTML,
    UNSAID;

    /** The markup an Atom 1.0 {@code type} declares; none means text (RFC 4287 §3.1.1). */
    static TitleMarkup ofAtom10(String type) {
        if (type == null || type.trim().equalsIgnoreCase("text")) {
            return TEXT;
        }
        return isHtml(type) ? HTML : UNSAID;  // UNSAID: a media type, so a Base64 title, decoded
    }

    /**
     * The markup an Atom 0.3 {@code type} declares, as far as ROME's value lets us read it: in the
     * default mode, xml, ROME gives the title serialized, escaped, so even a text/plain title has to be
     * read by its looks.
     */
    static TitleMarkup ofAtom03(String type) {
        return type != null && isHtml(type) ? HTML : UNSAID;
    }

    /**
     * The markup a {@code type} attribute declares when the format is not known for sure (a feed
     * too broken for ROME): HTML if it says so, otherwise judged by its looks.
     */
    static TitleMarkup declared(String type) {
        return isHtml(type) ? HTML : UNSAID;
    }

    private static boolean isHtml(String type) {
        return switch (type.trim().toLowerCase(Locale.ROOT)) {
            case "html", "xhtml", "text/html", "application/xhtml+xml" -> true;
            default -> false;
        };
    }

    /** The title's text, before flattening. */
    String text(String value) {
        return switch (this) {
            case TEXT -> value;
            case HTML -> HtmlText.toText(value);
            case UNSAID -> HtmlText.looksLikeHtml(value) ? HtmlText.toText(value) : value;
        };
    }
}
