package io.greenhouse.feedscraper;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Where the Feed Scraper reads a feed's characters otherwise than ROME's {@code XmlReader}:
 * <ul>
 *   <li>a byte-order mark (UTF-8, UTF-16 or UTF-32) is believed, whatever the HTTP header and
 *       the XML declaration say (XML 1.0 Appendix F; RFC 7303 §3: it takes precedence over the
 *       charset parameter). Given a header, the XmlReader reads a little-endian UTF-16 document
 *       as big-endian, and {@code text/xml} without a charset as US-ASCII even after a UTF-8
 *       mark; it knows no UTF-32 mark at all. A UTF-16 XML declaration without a mark is
 *       believed too;
 *   <li>a document that declares no encoding, served with no charset, is UTF-8 whatever its media
 *       type (XML 1.0 §4.3.3, RFC 7303 §3.2). The XmlReader follows RFC 3023, which made
 *       {@code text/xml} and {@code text/html} without a charset US-ASCII: every non-ASCII
 *       character of such a feed, and many servers send them so, became U+FFFD;
 *   <li>bytes that are not the UTF-8 they are said, or assumed, to be are read as windows-1252,
 *       the usual mislabelling (feedparser falls back the same way);
 *   <li>a charset nobody knows ({@code latin-1}, {@code utf-9}) is not a reason to lose the feed:
 *       it is read as UTF-8 when its bytes are UTF-8, and as windows-1252 otherwise, as feedparser
 *       and browsers do;
 *   <li>a charset in the HTTP header that disagrees with the document's encoding declaration wins
 *       (RFC 7303 §3.2, RFC 3023 before it; feedparser too), where the XmlReader, lenient, takes
 *       the declaration (a template may declare what its server has long stopped sending). As
 *       in feedparser, the declaration still counts when the bytes are not text in the header's
 *       charset; and when it says UTF-8 and the bytes are UTF-8, which text in another charset
 *       almost never is: the header is then the server's default, not the feed's.
 * </ul>
 * One method per rule; {@link TitleParser#decode} applies them around {@link Utf8Documents} and
 * the XmlReader, which decides everything else.
 */
final class CharsetFallbacks {

    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    private static final Charset UTF_32BE = Charset.forName("UTF-32BE");
    private static final Charset UTF_32LE = Charset.forName("UTF-32LE");
    private static final int UTF_8_MARK_LENGTH = 3;
    private static final String ASCII_MARKUP = "<?xml version=\"1.0\" encoding=\"\"?>";

    private CharsetFallbacks() {
    }

    /**
     * The text of a document that starts with a byte-order mark, read in the encoding the mark
     * says; otherwise null. After a UTF-8 mark, bytes that are not UTF-8 are read as
     * windows-1252, as they are without one.
     */
    static String decodeByMark(byte[] body) {
        if (Utf8Documents.startsWith(body, 0xEF, 0xBB, 0xBF)) {
            return unlessMislabelled(body, UTF_8_MARK_LENGTH, new String(body, UTF_8_MARK_LENGTH, body.length - UTF_8_MARK_LENGTH, StandardCharsets.UTF_8));
        }
        if (Utf8Documents.startsWith(body, 0x00, 0x00, 0xFE, 0xFF)) {
            return new String(body, 4, body.length - 4, UTF_32BE);
        }
        if (Utf8Documents.startsWith(body, 0xFF, 0xFE, 0x00, 0x00)) {
            return new String(body, 4, body.length - 4, UTF_32LE);  // not UTF-16 and a NUL, which XML does not allow
        }
        if (Utf8Documents.startsWith(body, 0xFE, 0xFF)) {
            return new String(body, 2, body.length - 2, StandardCharsets.UTF_16BE);
        }
        if (Utf8Documents.startsWith(body, 0xFF, 0xFE)) {
            return new String(body, 2, body.length - 2, StandardCharsets.UTF_16LE);
        }
        return null;
    }

    /**
     * The text of a UTF-16 document without a byte-order mark, known by its XML declaration's
     * first two characters, {@code <?}, as two-byte units (XML 1.0 Appendix F, and feedparser);
     * otherwise null. Read as ASCII, as the header or the XmlReader would have it, such a
     * document is not a feed.
     */
    static String decodeUtf16WithoutMark(byte[] body) {
        if (Utf8Documents.startsWith(body, 0x3C, 0x00, 0x3F, 0x00)) {
            return new String(body, StandardCharsets.UTF_16LE);
        }
        if (Utf8Documents.startsWith(body, 0x00, 0x3C, 0x00, 0x3F)) {
            return new String(body, StandardCharsets.UTF_16BE);
        }
        return null;
    }

    /**
     * The text of a document served with a charset its encoding declaration contradicts, read in
     * the header's charset; null when nothing contradicts the header, when the bytes are not text
     * in its charset, or when the declaration's UTF-8 is what they are. Only for XML and other
     * text media types, charsets Java knows that write ASCII as ASCII, and documents that do
     * too (a byte-order mark or a wide encoding is decided by the bytes).
     */
    static String decodeAsServed(byte[] body, String contentType) {
        Charset served = servedCharset(contentType);
        if (served == null || Utf8Documents.hasMarkOrWideEncoding(body)) {
            return null;
        }
        String declared = Utf8Documents.prolog(body).encoding();
        if (declared == null || served.equals(known(declared)) || !writesAsciiAsAscii(served)) {
            return null;
        }
        if (StandardCharsets.UTF_8.equals(known(declared)) && isUtf8(body)) {
            return null;
        }
        return strictly(body, served);
    }

    /** The charset a Content-Type names for an XML or text/* type, when Java knows it; otherwise null. */
    private static Charset servedCharset(String contentType) {
        String charset = Utf8Documents.charsetParameter(contentType);
        if (charset == null) {
            return null;
        }
        int semicolon = contentType.indexOf(';');
        return isTextType(contentType.substring(0, semicolon).trim().toLowerCase(Locale.ROOT)) ? known(charset) : null;
    }

    /** text/*, and the XML types of RFC 7303 (application/xml, its -dtd and -external-parsed-entity, any +xml). */
    private static boolean isTextType(String mediaType) {
        return mediaType.startsWith("text/") || mediaType.equals("application/xml") || mediaType.startsWith("application/xml-")
                || mediaType.startsWith("application/") && mediaType.endsWith("+xml");
    }

    /** The charset named, or null when Java does not know it. */
    private static Charset known(String name) {
        try {
            return Charset.forName(name);
        } catch (IllegalArgumentException unknown) {
            return null;  // IllegalCharsetNameException and UnsupportedCharsetException alike
        }
    }

    /** Whether the charset writes an XML declaration's markup as ASCII does (UTF-16 and EBCDIC do not). */
    private static boolean writesAsciiAsAscii(Charset charset) {
        return charset.canEncode() && Arrays.equals(ASCII_MARKUP.getBytes(charset), ASCII_MARKUP.getBytes(StandardCharsets.US_ASCII));
    }

    /** The bytes decoded in {@code charset}, or null when they are not text in it. */
    private static String strictly(byte[] body, Charset charset) {
        return strictly(ByteBuffer.wrap(body), charset);
    }

    private static String strictly(ByteBuffer bytes, Charset charset) {
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes)
                    .toString();
        } catch (CharacterCodingException notInIt) {
            return null;
        }
    }

    /** Whether neither the document nor the HTTP header names an encoding: UTF-8, by XML's rules. */
    static boolean isUndeclared(byte[] body, String contentType) {
        if (Utf8Documents.hasMarkOrWideEncoding(body) || Utf8Documents.charsetParameter(contentType) != null) {
            return false;
        }
        Utf8Documents.Prolog prolog = Utf8Documents.prolog(body);
        return prolog.readable() && prolog.encoding() == null;
    }

    /** The text of a document whose charset, named in the header or the prolog, is unknown. */
    static String decodeUnknownCharset(byte[] body) {
        return isUtf8(body) ? new String(body, StandardCharsets.UTF_8) : new String(body, WINDOWS_1252);  // a marked one never gets here
    }

    /**
     * {@code decoded}, the document read as UTF-8; or, when its bytes are not UTF-8 after all,
     * the document read as windows-1252. Only text with a U+FFFD in it is checked again.
     */
    static String unlessMislabelled(byte[] body, String decoded) {
        return unlessMislabelled(body, 0, decoded);
    }

    /** The same for the bytes from {@code start} on (after a byte-order mark). */
    private static String unlessMislabelled(byte[] body, int start, String decoded) {
        if (decoded.indexOf('\uFFFD') < 0 || isUtf8(body, start)) {
            return decoded;  // a U+FFFD the feed really has
        }
        return new String(body, start, body.length - start, WINDOWS_1252);
    }

    private static boolean isUtf8(byte[] body) {
        return isUtf8(body, 0);
    }

    private static boolean isUtf8(byte[] body, int start) {
        return strictly(ByteBuffer.wrap(body, start, body.length - start), StandardCharsets.UTF_8) != null;
    }
}
