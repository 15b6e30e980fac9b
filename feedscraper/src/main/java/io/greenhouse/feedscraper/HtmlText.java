package io.greenhouse.feedscraper;

import java.util.regex.Pattern;

/**
 * The plain text of a title a feed marks as HTML ({@code type="html"}): scripts, styles and
 * comments dropped with their content, other tags dropped, references decoded. A title service
 * answers with text, and markup in a title is at best noise and at worst an attack on whoever
 * shows it.
 */
final class HtmlText {

    // Browsers end a comment at "-->" but old parsers at "-- >": drop the most either would; a
    // comment never closed runs to the end, as in a browser.
    private static final Pattern COMMENT = Pattern.compile("<!--.*?(?:-->|--[^>]*>|>|\\z)", Pattern.DOTALL);
    private static final Pattern HIDDEN = Pattern.compile(
            "<(script|style)\\b[^>]*>.*?(?:</\\1\\s*>|$)", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final Pattern TAG = Pattern.compile("</?[A-Za-z][^>]*>|<![^>]*>");

    private HtmlText() {
    }

    static String toText(String html) {
        String text = COMMENT.matcher(html).replaceAll("");
        text = HIDDEN.matcher(text).replaceAll("");
        text = TAG.matcher(text).replaceAll("");
        return TitleRecovery.decodeEntities(text);
    }

    /** Whether the text holds something that looks like a tag or a comment. */
    static boolean looksLikeHtml(String text) {
        return TAG.matcher(text).find() || text.contains("<!--");
    }
}
