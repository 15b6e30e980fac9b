package io.greenhouse.feedscraper;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Titles of feedparser's real test feeds (resources/conformance, see its README): how many of
 * the 121 our parser reads as feedparser does. ROME alone gets 105.
 */
class ConformanceCorpusTest {

    /** Raise when the parser gets better; a drop below it is a regression. */
    private static final int AT_LEAST = 121;

    @Test
    void readsTheTitlesOfTheFeedparserCorpus() throws IOException {
        List<String> misses = new ArrayList<>();
        List<String[]> cases = cases();
        for (String[] row : cases) {
            String expected = TitleFlattener.flatten(unescape(row[1]));
            String actual;
            try {
                actual = TitleParser.parse(resource(row[0]), null).title();
            } catch (FeedFailure e) {
                actual = "<" + e.getMessage() + ">";
            }
            if (!expected.equals(actual)) {
                misses.add(row[0] + ": expected [" + expected + "] got [" + actual + "]");
            }
        }
        int score = cases.size() - misses.size();
        System.out.println("feed-title conformance: " + score + " of " + cases.size());
        misses.forEach(miss -> System.out.println("  miss " + miss));
        assertTrue(cases.size() == 121, "the corpus has 121 cases");
        assertTrue(score >= AT_LEAST, score + " of " + cases.size() + " titles right; misses: " + misses);
    }

    private static List<String[]> cases() throws IOException {
        String tsv = new String(resource("expected.tsv"), StandardCharsets.UTF_8);
        List<String[]> rows = new ArrayList<>();
        String[] lines = tsv.split("\n");
        for (int i = 1; i < lines.length; i++) {
            if (!lines[i].isBlank()) {
                rows.add(lines[i].split("\t", -1));
            }
        }
        return rows;
    }

    private static String unescape(String field) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 1 < field.length()) {
                char next = field.charAt(++i);
                out.append(switch (next) {
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    default -> next;
                });
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = ConformanceCorpusTest.class.getResourceAsStream("/conformance/" + name)) {
            if (in == null) {
                throw new IOException("missing test resource conformance/" + name);
            }
            return in.readAllBytes();
        }
    }
}
