package io.greenhouse.feedscraper;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text of a feed that ROME's {@code XmlReader} would certainly read as UTF-8, decoded in one
 * step: the XmlReader gets there through a buffered stream, a decoded copy of the first 4 KiB, a
 * regular expression and a reader, which cost more than parsing most feeds. Anything it might
 * read otherwise (a byte-order mark, another declared or served charset, text/xml without one)
 * gets null here and goes to the XmlReader, whose choice is the reference; a differential test
 * holds this class to it.
 */
final class Utf8Documents {

    // The XmlReader's own expressions (ROME 2.1), so that a header or prolog reads the same here.
    private static final Pattern CHARSET = Pattern.compile("charset\\s*=\\s*([^;\\s]*)", Pattern.CASE_INSENSITIVE);  // names ignore case (RFC 9110 §5.6.6); spaces around = are common
    private static final Pattern ENCODING = Pattern.compile("<\\?xml.*encoding[\\s]*=[\\s]*((?:\".[^\"]*\")|(?:'.[^']*'))", Pattern.MULTILINE);
    /** The XmlReader looks for the prolog's end in this many first bytes, and fails without it. */
    private static final int PROLOG_WINDOW = 4096;
    private static final String UTF_8 = "UTF-8";

    private Utf8Documents() {
    }

    /** The document's text when the XmlReader would read it as UTF-8; otherwise null. */
    static String decode(byte[] body, String contentType) {
        if (hasMarkOrWideEncoding(body)) {
            return null;
        }
        Prolog prolog = prolog(body);
        if (!prolog.readable()) {
            return null;  // the XmlReader gives up on it; its reason is the one to report
        }
        if (prolog.encoding() != null) {
            // A declared encoding wins over the HTTP header in the XmlReader's lenient mode.
            return prolog.encoding().equals(UTF_8) ? utf8(body) : null;
        }
        return servedAsUtf8(contentType) ? utf8(body) : null;
    }

    /** A byte-order mark, or UTF-16, UTF-32 or EBCDIC by the look of the first bytes. */
    static boolean hasMarkOrWideEncoding(byte[] body) {
        return startsWith(body, 0xFE, 0xFF) || startsWith(body, 0xFF, 0xFE) || startsWith(body, 0xEF, 0xBB, 0xBF)
                || startsWith(body, 0x00, 0x3C, 0x00, 0x3F) || startsWith(body, 0x3C, 0x00, 0x3F, 0x00)
                || startsWith(body, 0x00, 0x00, 0x00, 0x3C) || startsWith(body, 0x3C, 0x00, 0x00, 0x00)
                || startsWith(body, 0x4C, 0x6F, 0xA7, 0x94);
    }

    /**
     * What the XML declaration says of the encoding, read as the XmlReader reads it.
     *
     * @param readable false when the declaration does not end within the bytes the XmlReader looks at
     * @param encoding the declared encoding, upper-cased, or null when none is declared
     */
    record Prolog(boolean readable, String encoding) {
    }

    static Prolog prolog(byte[] body) {
        if (!startsWith(body, '<', '?', 'x', 'm')) {
            return new Prolog(true, null);
        }
        int end = indexOf(body, (byte) '>', Math.min(body.length, PROLOG_WINDOW));
        if (end < 0) {
            return new Prolog(false, null);
        }
        Matcher declared = ENCODING.matcher(new String(body, 0, end, StandardCharsets.UTF_8));
        if (!declared.find()) {
            return new Prolog(true, null);
        }
        String quoted = declared.group(1).toUpperCase(Locale.ENGLISH);
        return new Prolog(true, quoted.substring(1, quoted.length() - 1));
    }

    /** The Content-Type's charset parameter, upper-cased and unquoted, or null. */
    static String charsetParameter(String contentType) {
        int semicolon = contentType == null ? -1 : contentType.indexOf(';');
        if (semicolon < 0) {
            return null;
        }
        Matcher m = CHARSET.matcher(contentType.substring(semicolon + 1));
        if (!m.find()) {
            return null;
        }
        String charset = m.group(1).toUpperCase(Locale.ENGLISH);
        if (charset.length() >= 2 && (charset.startsWith("\"") && charset.endsWith("\"") || charset.startsWith("'") && charset.endsWith("'"))) {
            charset = charset.substring(1, charset.length() - 1);
        }
        return charset;
    }

    /** With no encoding in the document: no header, an XML type with no charset or UTF-8, text/xml with UTF-8. */
    private static boolean servedAsUtf8(String contentType) {
        if (contentType == null) {
            return true;
        }
        int semicolon = contentType.indexOf(';');
        String mime = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
        String charset = charsetParameter(contentType);
        if (isAppXml(mime)) {
            return charset == null || charset.equals(UTF_8);
        }
        return isTextXml(mime) && UTF_8.equals(charset);  // text/xml without a charset is US-ASCII (RFC 3023)
    }

    private static boolean isAppXml(String mime) {
        return mime.equals("application/xml") || mime.equals("application/xml-dtd") || mime.equals("application/xml-external-parsed-entity")
                || mime.startsWith("application/") && mime.endsWith("+xml");
    }

    private static boolean isTextXml(String mime) {
        return mime.equals("text/xml") || mime.equals("text/xml-external-parsed-entity") || mime.startsWith("text/") && mime.endsWith("+xml");
    }

    private static String utf8(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }

    static boolean startsWith(byte[] body, int... prefix) {
        if (body.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((body[i] & 0xff) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] body, byte wanted, int end) {
        for (int i = 0; i < end; i++) {
            if (body[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
