package io.greenhouse.feedscraper;

import java.nio.charset.Charset;

/**
 * Flattens a title to one line: line breaks, tabs and runs of spaces become one space, and the
 * ends are trimmed; other control characters (C0 and DEL) are dropped, and C1 controls are read
 * as windows-1252. Other characters, U+00A0 NO-BREAK SPACE included, stay as they are.
 */
final class TitleFlattener {

    /**
     * What U+0080–U+009F stand for in a title: the windows-1252 characters of bytes 0x80–0x9F, and
     * 0 (dropped) for its five undefined ones. A C1 control in a feed is almost always windows-1252
     * read otherwise: bytes labelled ISO-8859-1, which WHATWG's Encoding standard reads as
     * windows-1252, or {@code &#146;}-style references, which HTML5 and feedparser map so too.
     */
    private static final char[] C1_AS_WINDOWS_1252 = c1AsWindows1252();

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
            if (c >= '\u0080' && c <= '\u009F') {
                c = C1_AS_WINDOWS_1252[c - 0x80];
            }
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
    // U+0085 NEL is not among them: it is a line end only in XML 1.1, whose parsers turn it into
    // a line feed; in a title it is windows-1252's ellipsis (above).
    private static boolean isCollapsible(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\u000B' || c == '\f'
                || c == '\u2028' || c == '\u2029';
    }

    private static char[] c1AsWindows1252() {
        byte[] bytes = new byte[32];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (0x80 + i);
        }
        char[] table = new String(bytes, Charset.forName("windows-1252")).toCharArray();
        for (int i = 0; i < table.length; i++) {
            table[i] = table[i] == '\uFFFD' ? 0 : table[i];
        }
        return table;
    }
}
