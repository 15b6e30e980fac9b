package io.greenhouse.feedscraper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Titles of feedparser's real test feeds: how many our parser reads as feedparser does.
 * {@code resources/conformance} is the project's shared corpus (121 feeds; ROME alone gets 105);
 * {@code resources/conformance-more} holds the other 204 feedparser tests that assert a feed
 * title (see its README).
 */
class ConformanceCorpusTest {

    private static final String CORPUS = "conformance";
    private static final String MORE = "conformance-more";

    @Test
    void readsTheTitlesOfTheFeedparserCorpus() throws IOException {
        assertReadsAtLeast(CORPUS, 121, 121);  // raise the floor when the parser gets better
    }

    @Test
    void readsTheTitlesOfTheRestOfFeedparsersPlainTitleTests() throws IOException {
        assertReadsAtLeast(MORE, 204, 204);
    }

    private static void assertReadsAtLeast(String corpus, int size, int atLeast) throws IOException {
        List<String> misses = new ArrayList<>();
        List<String[]> cases = cases(corpus);
        for (String[] row : cases) {
            String expected = TitleFlattener.flatten(unescape(row[1]));
            String actual;
            try {
                actual = TitleParser.parse(resource(corpus, row[0]), null).title();
            } catch (FeedFailure e) {
                actual = "<" + e.getMessage() + ">";
            }
            if (!expected.equals(actual)) {
                misses.add(row[0] + ": expected [" + expected + "] got [" + actual + "]");
            }
        }
        int score = cases.size() - misses.size();
        System.out.println("feed-title conformance, " + corpus + ": " + score + " of " + cases.size());
        misses.forEach(miss -> System.out.println("  miss " + miss));
        assertEquals(size, cases.size(), corpus + " has " + size + " cases");
        assertTrue(score >= atLeast, score + " of " + cases.size() + " titles right; misses: " + misses);
    }

    /**
     * The streaming fast path may only answer where ROME (with the recovery behind it) gives the
     * same title and entry count; everywhere else it must step aside.
     */
    @Test
    void theFastPathAgreesWithRomeWhereverItAnswers() throws IOException, FeedFailure {
        int answered = 0;
        List<String> disagreements = new ArrayList<>();
        List<String> feeds = new ArrayList<>();
        for (String corpus : List.of(CORPUS, MORE)) {
            for (String[] row : cases(corpus)) {
                feeds.add(row[0]);
                if (fastPathAnswers(TitleParser.decode(resource(corpus, row[0]), null), row[0], disagreements)) {
                    answered++;
                }
            }
        }
        System.out.println("fast path answered " + answered + " of " + feeds.size() + " corpus feeds");
        assertTrue(disagreements.isEmpty(), "the fast path disagrees with ROME: " + disagreements);
        assertTrue(answered > 0, "the fast path answered none of the corpus");
    }

    /** Common shapes of real feeds, where the fast path answers: it must say what ROME says. */
    @Test
    void theFastPathAgreesWithRomeOnCommonFeedShapes() throws FeedFailure {
        List<String> titles = List.of("Plain", "  Spaced\n\tout  ", "Caf&#233; &amp; Bar &#x263A;", "<![CDATA[Cdata & <raw>]]>",
                "Mixed <![CDATA[cdata]]> text", "A &lt;b&gt;bold&lt;/b&gt; claim", "x<!-- note -->y", "日本語のタイトル",
                "Quotes &quot;here&quot; &apos;too&apos;", "a&lt;script&gt;alert(1)&lt;/script&gt;b",
                "List&lt;String&gt; &amp; Map&lt;K,V&gt;", "Why &lt;!-- breaks", "AT&amp;amp;T &amp;eacute;");
        int answered = 0;
        List<String> disagreements = new ArrayList<>();
        for (String title : titles) {
            for (int items = 0; items <= 3; items++) {
                String entries = "<item><title>i</title><description>&lt;p&gt;d&lt;/p&gt;</description></item>".repeat(items);
                List<String> documents = List.of(
                        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">"
                                + "<channel><atom:link href=\"http://x/feed\" rel=\"self\"/><title>" + title + "</title>"
                                + "<image><title>not this</title><url>http://x/i.png</url></image>" + entries + "</channel></rss>",
                        "<rss version=\"0.91\"><channel><link>http://x/</link>" + entries + "<title>" + title + "</title></channel></rss>",
                        "<rss version=\"0.92\"><channel><title>" + title + "</title><title>second</title>" + entries + "</channel></rss>",
                        "<feed xmlns=\"http://www.w3.org/2005/Atom\"><id>urn:x</id><title>" + title + "</title>"
                                + "<entry><title>e</title></entry>".repeat(items) + "</feed>",
                        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xmlns:x=\"urn:x\"><x:title>not this</x:title><title type=\"text\">"
                                + title + "</title>" + "<entry><title>e</title></entry>".repeat(items) + "</feed>");
                for (String document : documents) {
                    if (fastPathAnswers(document, document, disagreements)) {
                        answered++;
                    }
                }
            }
        }
        assertTrue(disagreements.isEmpty(), () -> disagreements.size() + " disagreements, first: " + disagreements.get(0));
        int total = answered;
        assertTrue(total >= 150, () -> "the fast path answered only " + total + " common feeds");
    }

    /**
     * Ill-formed and unusual documents, where two XML parsers are most likely to part ways: the
     * fast path's parser must step aside, or reach the title ROME and the recovery reach.
     */
    @Test
    void theFastPathAgreesWithRomeOrStepsAsideOnIllFormedShapes() throws FeedFailure {
        List<String> documents = new ArrayList<>();
        for (String title : List.of("a\u0001b", "a&#0;b", "a&#x1;b", "a&#xD800;b", "a&#x110000;b", "a]]>b", "a<!-- x -- y -->b",
                "a&amp b", "a&#65b", "a\uFFFEb", "x<?pi?>y", "a\u0085b\u2028c", "t\r\nu", "&lt;![CDATA[x]]&gt;")) {
            documents.add("<rss version=\"2.0\"><channel><title>" + title + "</title><item/></channel></rss>");
        }
        documents.addAll(List.of(
                "<rss version=\"2.0\"><channel><title>t</title><item></itemx></channel></rss>",
                "<rss version=\"2.0\" version=\"2.0\"><channel><title>t</title></channel></rss>",
                "<rss version=\"2.0\"><channel><title>t</title><x:item/></channel></rss>",
                "<rss version=\"2.0\"><channel><title>t</title><item a=\"<\"/></channel></rss>",
                "<rss version=\"2.0\"><channel><title>t</title><item a=\"&\"/></channel></rss>",
                "<rss version=\"2.0\"><channel><title>t</title><1item/></channel></rss>",
                "<rss version=\"2.0\"><channel><title>t</title><item xmlns:a=\"\"/></channel></rss>",
                "<rss version=\"2.0\" xmlns:xml=\"urn:wrong\"><channel><title>t</title></channel></rss>",
                "<rss version=\"2.0\"><channel><title>t</title></channel></rss><rss/>",
                "<rss version=\"2.0\"><channel><title>t</title></channel></rss>junk",
                "<rss version=\"2.0\"><channel><title>t</title>",
                "<?xml version=\"1.1\"?><rss version=\"2.0\"><channel><title>t\u0001</title></channel></rss>",
                "<?xml version=\"2.0\"?><rss version=\"2.0\"><channel><title>t</title></channel></rss>",
                "<?xml version=\"1.0\" standalone=\"maybe\"?><rss version=\"2.0\"><channel><title>t</title></channel></rss>",
                "  <?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title></channel></rss>",
                "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>a &bogus;</title></feed>",
                "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>a</title><entry><title>t</title></entry><entry></feed>",
                "<!DOCTYPE rss SYSTEM \"http://127.0.0.1:1/x.dtd\"><rss version=\"2.0\"><channel><title>t</title></channel></rss>"));
        List<String> disagreements = new ArrayList<>();
        for (String document : documents) {
            fastPathAnswers(document, document, disagreements);
        }
        assertTrue(disagreements.isEmpty(), () -> "the fast path disagrees with ROME: " + disagreements);
    }

    /** Whether the fast path answers {@code text}; a disagreement with ROME is added to the list. */
    private static boolean fastPathAnswers(String text, String label, List<String> disagreements) throws FeedFailure {
        ParsedFeed fast = TitleParser.fastPath(text);
        if (fast == null) {
            return false;
        }
        ParsedFeed rome = TitleParser.romeAndRecovery(text);
        if (!fast.equals(rome)) {
            disagreements.add("fast " + fast + ", ROME " + rome + " for " + label);
        }
        return true;
    }

    @Test
    void theFastPathReadsPlainRssAndAtom() throws FeedFailure {
        String rss = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>News &amp; <![CDATA[Views]]></title>"
                + "<item><title>one</title></item><item><title>two</title></item></channel></rss>";
        assertEquals(new ParsedFeed("News & Views", 2), TitleParser.fastPath(rss));
        String atom = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title type=\"text\">An\n  Atom</title>"
                + "<entry><title>e</title></entry></feed>";
        assertEquals(new ParsedFeed("An Atom", 1), TitleParser.fastPath(atom));
    }

    @Test
    void theFastPathStepsAsideForWhatOnlyRomeReadsRight() {
        for (String text : List.of(
                "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title type=\"html\">&lt;b&gt;x&lt;/b&gt;</title></feed>",
                "<rss version=\"2.0\"><channel><title>a <b>b</b></title></channel></rss>",
                "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns=\"http://purl.org/rss/1.0/\"><channel><title>x</title></channel></rdf:RDF>",
                "<!DOCTYPE rss><rss version=\"0.91\"><channel><title>x</title></channel></rss>",
                "<rss version=\"2.0\"><channel><title>caf&eacute;</title></channel></rss>",
                "<rss version=\"2.0\"><channel><title>  </title></channel></rss>",
                "<rss version=\"2.0\"><channel><title>unclosed</channel></rss>")) {
            assertNull(TitleParser.fastPath(text), text);
        }
    }

    private static List<String[]> cases(String corpus) throws IOException {
        String tsv = new String(resource(corpus, "expected.tsv"), StandardCharsets.UTF_8);
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

    private static byte[] resource(String corpus, String name) throws IOException {
        try (InputStream in = ConformanceCorpusTest.class.getResourceAsStream("/" + corpus + "/" + name)) {
            if (in == null) {
                throw new IOException("missing test resource " + corpus + "/" + name);
            }
            return in.readAllBytes();
        }
    }
}
