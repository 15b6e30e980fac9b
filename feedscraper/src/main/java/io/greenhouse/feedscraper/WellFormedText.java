package io.greenhouse.feedscraper;

/**
 * Text that is well-formed Unicode: no unpaired UTF-16 surrogate, which stands for no character.
 * A feed's {@code &#xD800;} or a JSON body's {@code "\ud800"} makes one; no encoding can carry it
 * (Java's UTF-8 encoder writes {@code ?}, Jackson a {@code \uD800} escape that strict JSON
 * parsers such as jq refuse, and with it the whole answer).
 */
final class WellFormedText {

    private static final int REPLACEMENT_CHARACTER = 0xFFFD;

    private WellFormedText() {
    }

    /** Whether {@code text} holds no unpaired surrogate. */
    static boolean isWellFormed(String text) {
        return text.codePoints().noneMatch(WellFormedText::isSurrogate);
    }

    /** {@code text} with each unpaired surrogate replaced by U+FFFD, as a decoder replaces what it cannot read; null stays null. */
    static String of(String text) {
        if (text == null || isWellFormed(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> out.appendCodePoint(isSurrogate(c) ? REPLACEMENT_CHARACTER : c));
        return out.toString();
    }

    /** A code point that is a surrogate: {@link String#codePoints} gives an unpaired one as itself. */
    private static boolean isSurrogate(int codePoint) {
        return codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE;
    }
}
