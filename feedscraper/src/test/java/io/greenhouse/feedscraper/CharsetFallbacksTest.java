package io.greenhouse.feedscraper;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** How a feed's characters are read where the header and the document say little, or lie. */
class CharsetFallbacksTest {

    private static final String TITLE = "Caf\u00e9 \u201cquotes\u201d \u2014 \u65e5\u672c";
    private static final byte[] UTF_8_MARK = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private static String titleOf(byte[] body, String contentType) throws FeedFailure {
        return TitleParser.parse(body, contentType).title();
    }

    private static byte[] rss(String prolog, String title, Charset charset) {
        return (prolog + "<rss version=\"2.0\"><channel><title>" + title + "</title></channel></rss>").getBytes(charset);
    }

    @Test
    void aFeedThatDeclaresNoEncodingIsUtf8WhateverTextTypeItIsServedAs() throws FeedFailure {
        for (String prolog : new String[] {"", "<?xml version=\"1.0\"?>"}) {
            for (String type : new String[] {"text/xml", "text/html", "text/plain", "application/rss+xml", "application/octet-stream"}) {
                assertEquals(TITLE, titleOf(rss(prolog, TITLE, StandardCharsets.UTF_8), type), prolog + " as " + type);
            }
        }
    }

    @Test
    void aCharsetInTheHeaderIsHonouredWhenTheDocumentDeclaresNone() throws FeedFailure {
        byte[] latin1 = rss("", "Caf\u00e9", StandardCharsets.ISO_8859_1);
        assertEquals("Caf\u00e9", titleOf(latin1, "text/xml; charset=ISO-8859-1"));
    }

    @Test
    void anEncodingTheDocumentDeclaresIsHonoured() throws FeedFailure {
        byte[] latin1 = rss("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>", "Caf\u00e9", StandardCharsets.ISO_8859_1);
        assertEquals("Caf\u00e9", titleOf(latin1, "text/xml"));
        assertEquals("Caf\u00e9", titleOf(latin1, null));
    }

    @Test
    void aUtf16ByteOrderMarkIsBelievedWithOrWithoutAHeader() throws FeedFailure {
        for (Charset charset : new Charset[] {StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE}) {
            byte[] body = concat(charset == StandardCharsets.UTF_16LE ? new byte[] {(byte) 0xFF, (byte) 0xFE} : new byte[] {(byte) 0xFE, (byte) 0xFF},
                    rss("<?xml version=\"1.0\" encoding=\"UTF-16\"?>", TITLE, charset));
            for (String type : new String[] {null, "application/xml", "application/rss+xml", "text/xml"}) {
                assertEquals(TITLE, titleOf(body, type), charset + " as " + type);
            }
        }
    }

    // XML 1.0 Appendix F: a UTF-8 mark decides the encoding; RFC 3023's US-ASCII default for
    // text/* without a charset does not apply to a document that says what it is.
    @Test
    void aUtf8ByteOrderMarkMakesTheDocumentUtf8WhateverTypeItIsServedAs() throws FeedFailure {
        for (String prolog : new String[] {"", "<?xml version=\"1.0\"?>", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"}) {
            byte[] body = concat(UTF_8_MARK, rss(prolog, TITLE, StandardCharsets.UTF_8));
            for (String type : new String[] {null, "text/xml", "text/html", "text/rss+xml", "text/plain", "application/xml", "application/rss+xml"}) {
                assertEquals(TITLE, titleOf(body, type), prolog + " as " + type);
            }
        }
        byte[] atom = concat(UTF_8_MARK, ("<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>" + TITLE + "</title></feed>").getBytes(StandardCharsets.UTF_8));
        assertEquals(TITLE, titleOf(atom, "text/xml"));
    }

    // RFC 7303 §3: the mark takes precedence over the charset parameter and the declaration.
    @Test
    void aUtf8ByteOrderMarkWinsOverTheCharsetAndTheDeclarationItContradicts() throws FeedFailure {
        byte[] undeclared = concat(UTF_8_MARK, rss("", TITLE, StandardCharsets.UTF_8));
        byte[] declared = concat(UTF_8_MARK, rss("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>", TITLE, StandardCharsets.UTF_8));
        for (String type : new String[] {"text/xml; charset=ISO-8859-1", "application/rss+xml; charset=windows-1251", "text/html; charset=utf-16"}) {
            assertEquals(TITLE, titleOf(undeclared, type), type);
            assertEquals(TITLE, titleOf(declared, type), "declared ISO-8859-1, served as " + type);
        }
        assertEquals(TITLE, titleOf(declared, null));
        assertEquals(TITLE, titleOf(declared, "text/xml"));
    }

    @Test
    void bytesAfterAUtf8ByteOrderMarkThatAreNotUtf8AreReadAsWindows1252() throws FeedFailure {
        byte[] body = concat(UTF_8_MARK, rss("", "Caf\u00e9 \u201cbad\u201d", Charset.forName("windows-1252")));
        assertEquals("Caf\u00e9 \u201cbad\u201d", titleOf(body, "text/xml"));
    }

    @Test
    void aUtf16ByteOrderMarkIsBelievedUnderATextTypeWithoutCharsetOrDeclaration() throws FeedFailure {
        byte[] little = concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, rss("", TITLE, StandardCharsets.UTF_16LE));
        byte[] big = concat(new byte[] {(byte) 0xFE, (byte) 0xFF}, rss("<?xml version=\"1.0\"?>", TITLE, StandardCharsets.UTF_16BE));
        for (String type : new String[] {"text/xml", "text/html", "text/xml; charset=ISO-8859-1"}) {
            assertEquals(TITLE, titleOf(little, type), "UTF-16LE as " + type);
            assertEquals(TITLE, titleOf(big, type), "UTF-16BE as " + type);
        }
    }

    @Test
    void aUtf32ByteOrderMarkIsBelieved() throws FeedFailure {
        byte[] little = concat(new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 0}, rss("", TITLE, Charset.forName("UTF-32LE")));
        byte[] big = concat(new byte[] {0, 0, (byte) 0xFE, (byte) 0xFF}, rss("", TITLE, Charset.forName("UTF-32BE")));
        for (String type : new String[] {null, "text/xml", "application/rss+xml; charset=utf-8"}) {
            assertEquals(TITLE, titleOf(little, type), "UTF-32LE as " + type);
            assertEquals(TITLE, titleOf(big, type), "UTF-32BE as " + type);
        }
    }

    // XML 1.0 Appendix F: without a mark, "<?" in two-byte units says UTF-16 and its byte order
    @Test
    void aUtf16DeclarationWithoutAByteOrderMarkIsReadByItsFirstCharacters() throws FeedFailure {
        for (Charset charset : new Charset[] {StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE}) {
            byte[] body = rss("<?xml version=\"1.0\" encoding=\"UTF-16\"?>", TITLE, charset);
            for (String type : new String[] {null, "application/rss+xml", "text/xml; charset=iso-8859-1"}) {
                assertEquals(TITLE, titleOf(body, type), charset + " as " + type);
            }
        }
    }

    @Test
    void bytesThatAreNotTheUtf8TheyClaimAreReadAsWindows1252() throws FeedFailure {
        byte[] declared = rss("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "Caf\u00e9 \u201cbad\u201d", Charset.forName("windows-1252"));
        assertEquals("Caf\u00e9 \u201cbad\u201d", titleOf(declared, "application/rss+xml"));
        byte[] undeclared = rss("", "na\u00efve", Charset.forName("windows-1252"));
        assertEquals("na\u00efve", titleOf(undeclared, null));
        assertEquals("na\u00efve", titleOf(undeclared, "text/xml"));
    }

    @Test
    void aReplacementCharacterTheFeedReallyHasStays() throws FeedFailure {
        assertEquals("broken \ufffd here", titleOf(rss("", "broken \ufffd here", StandardCharsets.UTF_8), null));
    }

    @Test
    void aCharsetNobodyKnowsIsReadAsUtf8OrElseWindows1252() throws FeedFailure {
        byte[] latin1 = rss("", "Caf\u00e9", StandardCharsets.ISO_8859_1);
        assertEquals("Caf\u00e9", titleOf(latin1, "application/rss+xml; charset=latin-1"));
        byte[] utf8 = rss("", TITLE, StandardCharsets.UTF_8);
        assertEquals(TITLE, titleOf(utf8, "application/rss+xml; charset=foo-bar"));
        byte[] prolog = rss("<?xml version=\"1.0\" encoding=\"utf-9\"?>", TITLE, StandardCharsets.UTF_8);
        assertEquals(TITLE, titleOf(prolog, null));
        assertEquals(TITLE, titleOf(prolog, "application/rss+xml"));
    }

    // WHATWG Encoding: the label ISO-8859-1 means windows-1252, whose 0x80-0x9F are punctuation.
    @Test
    void windows1252BytesLabelledIso88591GiveTheirPunctuation() throws FeedFailure {
        String title = "Caf\u00e9 \u201cQuotes\u201d \u2013 na\u00efve\u2026";
        byte[] declared = rss("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>", title, Charset.forName("windows-1252"));
        assertEquals(title, titleOf(declared, null));
        assertEquals(title, titleOf(declared, "application/rss+xml"));
        byte[] undeclared = rss("", title, Charset.forName("windows-1252"));
        assertEquals(title, titleOf(undeclared, "application/rss+xml; charset=ISO-8859-1"));
    }

    // RFC 7303 §3.2: after a byte-order mark, the charset parameter is authoritative.
    @Test
    void aCharsetInTheHeaderWinsOverAnEncodingTheDocumentDeclares() throws FeedFailure {
        byte[] utf8 = rss("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>", TITLE, StandardCharsets.UTF_8);
        assertEquals(TITLE, titleOf(utf8, "application/rss+xml; charset=utf-8"));
        assertEquals(TITLE, titleOf(utf8, "text/xml;charset = \"UTF-8\""));
        byte[] cyrillic = rss("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "\u041d\u043e\u0432\u043e\u0441\u0442\u0438", Charset.forName("KOI8-R"));
        assertEquals("\u041d\u043e\u0432\u043e\u0441\u0442\u0438", titleOf(cyrillic, "application/atom+xml; Charset=koi8-r"));
        assertEquals("\u041d\u043e\u0432\u043e\u0441\u0442\u0438", titleOf(cyrillic, "text/html; charset=KOI8-R"));
    }

    @Test
    void theDeclarationCountsWhereTheHeaderCannotBeRight() throws FeedFailure {
        byte[] latin1 = rss("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>", "Caf\u00e9", StandardCharsets.ISO_8859_1);
        assertEquals("Caf\u00e9", titleOf(latin1, "application/rss+xml; charset=us-ascii"), "not ASCII");
        assertEquals("Caf\u00e9", titleOf(latin1, "application/rss+xml; charset=utf-8"), "not UTF-8");
        byte[] utf8 = rss("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", TITLE, StandardCharsets.UTF_8);
        assertEquals(TITLE, titleOf(utf8, "text/xml; charset=utf-16"), "not even ASCII-compatible");
        assertEquals(TITLE, titleOf(utf8, "application/rss+xml; charset=no-such-charset"));
    }

    @Test
    void aDeclaredUtf8ThatTheBytesAreWinsOverAServersDefault() throws FeedFailure {
        byte[] utf8 = rss("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", TITLE, StandardCharsets.UTF_8);
        assertEquals(TITLE, titleOf(utf8, "text/xml; charset=ISO-8859-1"));
        assertEquals(TITLE, titleOf(utf8, "text/html; charset=windows-1251"));
    }

    @Test
    void theCharsetOfAMediaTypeThatIsNotTextIsNoAuthority() throws FeedFailure {
        byte[] latin1 = rss("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>", "Caf\u00e9", StandardCharsets.ISO_8859_1);
        assertEquals("Caf\u00e9", titleOf(latin1, "application/octet-stream; charset=windows-1251"));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }
}
