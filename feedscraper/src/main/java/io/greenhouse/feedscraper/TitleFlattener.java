package io.greenhouse.feedscraper;

/**
 * Flattens a title to one line: line breaks, tabs and runs of spaces become one space, and the
 * ends are trimmed; other control characters (C0 and DEL) are dropped. Other characters, U+00A0
 * NO-BREAK SPACE included, stay as they are.
 */
final class TitleFlattener {

    private TitleFlattener() {
    }

    static String flatten(String title) {
        if (title == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(title.length());
        boolean pendingSpace = false;
        for (int i = 0; i < title.length(); i++) {
            char c = title.charAt(i);
            if (isCollapsible(c)) {
                pendingSpace = out.length() > 0;
                continue;
            }
            if (c < ' ' || c == '\u007F') {
                continue;  // ESC, NUL, BEL...: a title is no place for terminal escapes
            }
            if (pendingSpace) {
                out.append(' ');
                pendingSpace = false;
            }
            out.append(c);
        }
        return out.toString();
    }

    // Every line terminator counts, so that no title can break the one-line-per-URL contract.
    private static boolean isCollapsible(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\u000B' || c == '\f'
                || c == '\u0085' || c == '\u2028' || c == '\u2029';
    }
}
