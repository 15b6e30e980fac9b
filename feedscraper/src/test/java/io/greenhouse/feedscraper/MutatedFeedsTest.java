package io.greenhouse.feedscraper;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A broken feed costs its own line and nothing else: whatever bytes a feed server sends, the
 * title parser answers with a title or a {@link FeedFailure}, never another exception. The
 * inputs are the corpus's feeds, each mutated at random (seeded, so a failure reproduces) with
 * byte edits and spliced-in markup: CDATA, entities, a DOCTYPE, declarations, title elements.
 */
class MutatedFeedsTest {

    private static final int MUTANTS_PER_FEED = 40;
    private static final List<Path> CORPORA = List.of(
            Path.of("src/test/resources/conformance"), Path.of("src/test/resources/conformance-more"));

    private static final byte[] INTERESTING = latin1("<>&;\"'=/!?[]-#x09af \n\r\t\u0000\u0080\u00ff\u00c3");
    private static final List<String> MARKUP = List.of("<![CDATA[", "]]>", "<title>", "</title>", "&amp;",
            "&#x0;", "&#xD800;", "&#99999999;", "&nbsp;", "&undefined;", "<!DOCTYPE x [<!ENTITY a \"b\">]>",
            "<?xml version=\"1.0\" encoding=\"utf-16\"?>", "\u00ef\u00bb\u00bf", "<title type=\"html\">",
            "<title type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\">", "&lt;b&gt;", "<x:title>",
            "xmlns:x=\"");
    private static final List<String> CONTENT_TYPES = List.of(
            "application/rss+xml; charset=iso-8859-1", "text/html; charset=utf-8", "application/xml");

    @Test
    void everyMutatedFeedGivesATitleOrAFeedFailure() {
        int titled = 0;
        int failed = 0;
        List<Path> feeds = feeds();
        for (int f = 0; f < feeds.size(); f++) {
            byte[] original = readAll(feeds.get(f));
            for (int m = 0; m < MUTANTS_PER_FEED; m++) {
                long seed = f * 100_003L + m;
                Random random = new Random(seed);
                byte[] mutant = mutate(original, random);
                String contentType = random.nextInt(4) == 0 ? null : CONTENT_TYPES.get(random.nextInt(CONTENT_TYPES.size()));
                try {
                    titled += TitleParser.parse(mutant, contentType).title().isEmpty() ? 0 : 1;
                } catch (FeedFailure e) {
                    failed++;
                } catch (Throwable t) {
                    fail("mutant of " + feeds.get(f).getFileName() + " (seed " + seed + ", " + contentType + ") threw", t);
                }
            }
        }
        // the mutants must both keep and lose their titles, or this test proves little
        assertTrue(titled > 1000 && failed > 100, titled + " mutants gave a title, " + failed + " a failure");
    }

    private static List<Path> feeds() {
        List<Path> feeds = new ArrayList<>();
        for (Path corpus : CORPORA) {
            try (Stream<Path> files = Files.list(corpus)) {
                files.filter(f -> f.toString().endsWith(".xml")).sorted().forEach(feeds::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        assertTrue(feeds.size() > 300, "corpus not found: " + feeds.size() + " feeds");
        return feeds;
    }

    /** One to six random edits: bytes replaced, inserted, deleted or repeated, markup spliced in. */
    private static byte[] mutate(byte[] original, Random random) {
        List<Byte> b = new ArrayList<>(original.length + 128);
        for (byte x : original) {
            b.add(x);
        }
        int edits = 1 + random.nextInt(6);
        for (int e = 0; e < edits && !b.isEmpty(); e++) {
            int at = random.nextInt(b.size());
            switch (random.nextInt(6)) {
                case 0 -> b.set(at, INTERESTING[random.nextInt(INTERESTING.length)]);
                case 1 -> b.add(at, INTERESTING[random.nextInt(INTERESTING.length)]);
                case 2 -> b.subList(at, Math.min(b.size(), at + 1 + random.nextInt(20))).clear();
                case 3 -> b.addAll(random.nextInt(b.size()),
                        new ArrayList<>(b.subList(at, Math.min(b.size(), at + 1 + random.nextInt(40)))));
                case 4 -> b.set(at, (byte) random.nextInt(256));
                default -> {
                    for (byte x : latin1(MARKUP.get(random.nextInt(MARKUP.size())))) {
                        b.add(at++, x);
                    }
                }
            }
        }
        byte[] out = new byte[b.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.get(i);
        }
        return out;
    }

    private static byte[] readAll(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
