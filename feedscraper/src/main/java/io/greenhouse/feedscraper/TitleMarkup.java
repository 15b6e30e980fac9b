package io.greenhouse.feedscraper;

import java.util.Locale;

/**
 * How a title's value is marked up, which decides how its text is read: as HTML (tags dropped,
 * references decoded, whether it has tags or not), or, where the feed does not say (RSS, Atom 0.3
 * as ROME gives it, a decoded Base64 title), as its looks suggest.
 */
enum TitleMarkup {
    HTML,
    UNSAID;

    /** The markup a {@code type} attribute declares: Atom 1.0's names or Atom 0.3's media types. */
    static TitleMarkup declared(String type) {
        if (type == null) {
            return UNSAID;
        }
        return switch (type.trim().toLowerCase(Locale.ROOT)) {
            case "html", "xhtml", "text/html", "application/xhtml+xml" -> HTML;
            default -> UNSAID;
        };
    }

    /** The title's text, before flattening. */
    String text(String value) {
        return switch (this) {
            case HTML -> HtmlText.toText(value);
            case UNSAID -> HtmlText.looksLikeHtml(value) ? HtmlText.toText(value) : value;
        };
    }
}
