package io.greenhouse.feedscraper;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Where the Feed Scraper reads a feed's characters otherwise than ROME's {@code XmlReader}:
 * <ul>
 *   <li>a UTF-16 byte-order mark is believed, whatever the HTTP header says (given a header, the
 *       XmlReader reads a little-endian document as big-endian);
 *   <li>a document that declares no encoding, served with no charset, is UTF-8 whatever its media
 *       type (XML 1.0 §4.3.3, RFC 7303 §3.2). The XmlReader follows RFC 3023, which made
 *       {@code text/xml} and {@code text/html} without a charset US-ASCII: every non-ASCII
 *       character of such a feed, and many servers send them so, became U+FFFD;
 *   <li>bytes that are not the UTF-8 they are said, or assumed, to be are read as windows-1252,
 *       the usual mislabelling (feedparser falls back the same way);
 *   <li>a charset nobody knows ({@code latin-1}, {@code utf-9}) is not a reason to lose the feed:
 *       it is read as UTF-8 when its bytes are UTF-8, and as windows-1252 otherwise, as feedparser
 *       and browsers do.
 * </ul>
 * One method per rule; {@link TitleParser#decode} applies them around {@link Utf8Documents} and
 * the XmlReader, which decides everything else.
 */
final class CharsetFallbacks {

    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private CharsetFallbacks() {
    }

    /** The text of a document that starts with a UTF-16 byte-order mark; otherwise null. */
    static String decodeByMark(byte[] body) {
        if (Utf8Documents.startsWith(body, 0xFE, 0xFF)) {
            return new String(body, 2, body.length - 2, StandardCharsets.UTF_16BE);
        }
        if (Utf8Documents.startsWith(body, 0xFF, 0xFE) && !Utf8Documents.startsWith(body, 0xFF, 0xFE, 0x00, 0x00)) {
            return new String(body, 2, body.length - 2, StandardCharsets.UTF_16LE);  // FF FE 00 00 is UTF-32's mark
        }
        return null;
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
        int start = Utf8Documents.startsWith(body, 0xEF, 0xBB, 0xBF) ? 3 : 0;
        return isUtf8(body)
                ? new String(body, start, body.length - start, StandardCharsets.UTF_8)
                : new String(body, WINDOWS_1252);
    }

    /**
     * {@code decoded}, the document read as UTF-8; or, when its bytes are not UTF-8 after all,
     * the document read as windows-1252. Only text with a U+FFFD in it is checked again.
     */
    static String unlessMislabelled(byte[] body, String decoded) {
        if (decoded.indexOf('\uFFFD') < 0 || isUtf8(body)) {
            return decoded;  // a U+FFFD the feed really has
        }
        return new String(body, WINDOWS_1252);
    }

    private static boolean isUtf8(byte[] body) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body));
            return true;
        } catch (CharacterCodingException notUtf8) {
            return false;
        }
    }
}
