package io.greenhouse.feedscraper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The one-step UTF-8 decoding answers only where ROME's XmlReader reads the same text, and it
 * answers for the feeds most servers send.
 */
class Utf8DocumentsTest {

    private static final List<String> CONTENT_TYPES = Arrays.asList(null, "application/rss+xml", "application/rss+xml; charset=utf-8",
            "application/atom+xml; charset=\"UTF-8\"", "application/xml;charset=utf-8", "application/xml; charset=ISO-8859-1",
            "application/xml; Charset=utf-8", "Application/XML", "text/xml", "text/xml; charset=utf-8", "text/xml; charset=windows-1252",
            "text/html", "text/html; charset=utf-8", "text/plain", "application/octet-stream", "application/rss+xml; charset=utf-16");

    private static final List<String> PROLOGS = List.of("", "<?xml version=\"1.0\"?>", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            "<?xml version='1.0' encoding='utf-8'?>", "<?xml version=\"1.0\" encoding = \"utf-8\" ?>\n", "<?xml version=\"1.0\" encoding=\"UTF8\"?>",
            "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>", "<?xml version=\"1.0\" encoding=\"windows-1252\"?>", " <?xml version=\"1.0\"?>",
            "<?xml version=\"1.0\" standalone=\"yes\"?>", "<?xml-stylesheet href=\"a.xsl\"?>");

    /** Title bytes: plain, UTF-8 proper, and malformed in the ways a decoder may treat differently. */
    private static final List<byte[]> TITLES = List.of(bytes("Plain"), bytes("Caf\u00e9 \u65e5\u672c \ud83d\ude00"),
            new byte[] {'a', (byte) 0xE9, 'b'}, new byte[] {(byte) 0xC3}, new byte[] {(byte) 0xE2, (byte) 0x82, 'x'},
            new byte[] {(byte) 0xF0, (byte) 0x9F, (byte) 0x98}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            new byte[] {(byte) 0xFF, (byte) 0x80, (byte) 0xC0, (byte) 0xAF}, new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80});

    @Test
    void agreesWithRomesXmlReaderOnTheCorpusUnderEveryContentType() throws IOException {
        int answered = 0;
        for (byte[] body : corpus()) {
            for (String contentType : CONTENT_TYPES) {
                if (agrees(body, contentType)) {
                    answered++;
                }
            }
        }
        assertTrue(answered > 0);
    }

    @Test
    void agreesWithRomesXmlReaderOnPrologsMarksAndMalformedBytes() throws IOException {
        for (String prolog : PROLOGS) {
            for (byte[] title : TITLES) {
                for (byte[] mark : List.of(new byte[0], new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF})) {
                    byte[] body = concat(mark, bytes(prolog + "<rss version=\"2.0\"><channel><title>"), title, bytes("</title></channel></rss>"));
                    for (String contentType : CONTENT_TYPES) {
                        agrees(body, contentType);
                    }
                }
            }
        }
        byte[] noPrologEnd = bytes("<?xml version=\"1.0\"" + " ".repeat(5000) + "?><rss/>");
        for (String contentType : CONTENT_TYPES) {
            agrees(noPrologEnd, contentType);
            assertNull(Utf8Documents.decode(noPrologEnd, contentType), "the XmlReader's failure is the one to report");
        }
    }

    @Test
    void answersForWhatFeedServersCommonlySend() {
        byte[] declared = bytes("<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>x</title></channel></rss>");
        byte[] undeclared = bytes("<rss version=\"2.0\"><channel><title>x</title></channel></rss>");
        for (String contentType : Arrays.asList(null, "application/rss+xml; charset=utf-8", "application/atom+xml", "text/xml; charset=UTF-8",
                "text/html; charset=iso-8859-1", "application/xml")) {
            assertNotNull(Utf8Documents.decode(declared, contentType), contentType);
        }
        for (String contentType : Arrays.asList(null, "application/rss+xml", "application/xml; charset=utf-8", "text/xml; charset=utf-8")) {
            assertNotNull(Utf8Documents.decode(undeclared, contentType), contentType);
        }
    }

    /** True when the fast decoding answered; fails the test when it answered otherwise than ROME. */
    private static boolean agrees(byte[] body, String contentType) {
        String fast = Utf8Documents.decode(body, contentType);
        if (fast == null) {
            return false;
        }
        try {
            assertEquals(TitleParser.decodeWithRome(body, contentType), fast, () -> "for " + contentType + ": " + new String(body, StandardCharsets.ISO_8859_1));
        } catch (FeedFailure romeFailed) {
            throw new AssertionError("ROME cannot decode what the fast path did, for " + contentType + ": " + romeFailed.getMessage());
        }
        return true;
    }

    private static List<byte[]> corpus() throws IOException {
        List<byte[]> bodies = new ArrayList<>();
        Path dir = Path.of(System.getProperty("user.dir"), "src/test/resources/conformance");
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".xml")).sorted().toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    bodies.add(in.readAllBytes());
                }
            }
        }
        assertTrue(bodies.size() >= 121, "the corpus is missing");
        return bodies;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
