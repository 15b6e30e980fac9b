package io.greenhouse.feedscraper;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Every closing tag of a text ({@code </name>}, {@code </name  >}), indexed in one forward pass
 * by its name, ignoring ASCII case: so finding where an element ends is a look-up, not a search
 * to the end of the text for each element that never ends (which made the title recovery take
 * time quadratic in a broken feed's size).
 */
final class ClosingTags {

    /** Per lower-case name, its closing tags in text order. */
    private final Map<String, Spans> byName = new HashMap<>();

    private ClosingTags() {
    }

    static ClosingTags of(String text) {
        ClosingTags tags = new ClosingTags();
        for (int at = text.indexOf("</"); at >= 0; at = text.indexOf("</", at + 2)) {
            int nameEnd = at + 2;
            while (nameEnd < text.length() && isNameChar(text.charAt(nameEnd))) {
                nameEnd++;
            }
            int gt = nameEnd;
            while (gt < text.length() && isSpace(text.charAt(gt))) {
                gt++;
            }
            if (nameEnd > at + 2 && gt < text.length() && text.charAt(gt) == '>') {
                tags.byName.computeIfAbsent(text.substring(at + 2, nameEnd).toLowerCase(Locale.ROOT), name -> new Spans())
                        .add(at, gt + 1);
            }
        }
        return tags;
    }

    /**
     * The first closing tag of {@code name} (any ASCII case) that starts at or after {@code from},
     * as {start, end}; null when there is none.
     */
    int[] first(String name, int from) {
        Spans spans = byName.get(name.toLowerCase(Locale.ROOT));
        return spans == null ? null : spans.first(from);
    }

    /** Start and end offsets, as pairs, in text order. */
    private static final class Spans {
        private int[] pairs = new int[8];
        private int count;

        void add(int start, int end) {
            if (pairs.length < 2 * count + 2) {
                pairs = Arrays.copyOf(pairs, pairs.length * 2);
            }
            pairs[2 * count] = start;
            pairs[2 * count + 1] = end;
            count++;
        }

        int[] first(int from) {
            int low = 0;
            int high = count - 1;
            while (low <= high) {
                int mid = (low + high) >>> 1;
                if (pairs[2 * mid] < from) {
                    low = mid + 1;
                } else {
                    high = mid - 1;
                }
            }
            return low < count ? new int[] {pairs[2 * low], pairs[2 * low + 1]} : null;
        }
    }

    /** What a prefixed name is made of: regex {@code \w} and the colon. */
    private static boolean isNameChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == ':';
    }

    /** Regex {@code \s}. */
    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }
}
