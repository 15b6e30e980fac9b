package io.greenhouse.server;

import java.nio.charset.StandardCharsets;

/**
 * Parses a complete request head (RFC 9112 §3, §5) from bytes, strictly: anything a lenient
 * parser would have to guess about is refused, since guesses are what request smuggling
 * exploits. The caller ({@link RequestHeadReader}) has already found the head's end, checked
 * its size limits and that every LF is preceded by CR.
 */
final class RequestHeadParser {

    private final BodyFraming framing = new BodyFraming();

    /**
     * Parses {@code b[from, to)}: the request line, the fields, and the empty line.
     *
     * @throws HttpError 400 for anything malformed, 505 for an unsupported version, 501 for an
     *     unsupported transfer coding
     */
    RequestHead parse(byte[] b, int from, int to) throws HttpError {
        int lineEnd = lineEnd(b, from);
        int methodEnd = scanToken(b, from, lineEnd);
        String method = method(b, from, methodEnd);
        int targetEnd = scanTarget(b, methodEnd + 1, lineEnd);
        String target = new String(b, methodEnd + 1, targetEnd - methodEnd - 1, StandardCharsets.ISO_8859_1);
        boolean http11 = version(b, targetEnd + 1, lineEnd);

        framing.reset();
        HeaderFields fields = new HeaderFields();
        for (int pos = lineEnd + 2; pos < to - 2; ) {
            pos = field(b, pos, fields) + 2;
        }
        return framing.finish(method, target, http11, fields);
    }

    /**
     * Checks the request line starting at {@code from}, whose CRLF has arrived, before the rest
     * of the head has: the reader asks when it must wait for more, so that a line that is no
     * request line is refused at once, not when the head ends or its timeout passes (a head
     * that never ends would get a 408 for a malformed request).
     *
     * @throws HttpError as {@link #parse} would for this line
     */
    void checkRequestLine(byte[] b, int from) throws HttpError {
        framing.reset();  // a head's check begins here: its field lines' checks go on from it
        int lineEnd = lineEnd(b, from);
        int methodEnd = scanToken(b, from, lineEnd);
        method(b, from, methodEnd);
        int targetEnd = scanTarget(b, methodEnd + 1, lineEnd);
        version(b, targetEnd + 1, lineEnd);
    }

    /**
     * Checks the field line starting at {@code from}, whose CRLF has arrived, by parsing it as
     * {@link #parse} will, into fields that are dropped: asked, as for the request line, before
     * the reader waits for more, which is rare enough that the double work does not count.
     *
     * @return the index after the line's LF
     * @throws HttpError as {@link #parse} would for this line
     */
    int checkFieldLine(byte[] b, int from) throws HttpError {
        return field(b, from, new HeaderFields()) + 2;
    }

    /**
     * Checks the start of a request line whose CRLF has not arrived, {@code b[from, to)}, before
     * the reader waits for the rest: a byte that no request line may hold where it stands is
     * refused at once, as TLS sent to this plain port (a ClientHello starts with 0x16) or a
     * control character in a target, which would otherwise wait out the head timeout.
     */
    void checkUnfinishedRequestLine(byte[] b, int from, int to) throws HttpError {
        int end = withoutFinalCr(b, from, to);
        int i = scanToken(b, from, end);
        if (i == end) {
            return;  // the method is still coming
        }
        if (i == from || b[i] != ' ') {
            throw HttpError.badRequest(b[from] == 0x16 ? "a TLS handshake sent to a plain HTTP port" : "invalid request method");
        }
        int targetStart = ++i;
        while (i < end && Ascii.isTargetChar(b[i])) {
            i++;
        }
        if (i == end) {
            return;
        }
        if (i == targetStart || b[i] != ' ') {
            throw HttpError.badRequest("invalid request line");
        }
        for (i++; i < end; i++) {
            if (b[i] <= ' ' || b[i] == 0x7f) {
                throw HttpError.badRequest("invalid request line");
            }
        }
    }

    /**
     * Checks the start of a field line whose CRLF has not arrived, as {@link
     * #checkUnfinishedRequestLine} does a request line's: obs-fold, a name that is not a token,
     * or a byte no field value may hold is refused before the rest comes.
     */
    void checkUnfinishedFieldLine(byte[] b, int from, int to) throws HttpError {
        int end = withoutFinalCr(b, from, to);
        if (end == from) {
            return;
        }
        if (Ascii.isWhitespace(b[from])) {
            throw HttpError.badRequest("obsolete line folding in header field");
        }
        int i = scanToken(b, from, end);
        if (i == end) {
            return;  // the name is still coming
        }
        if (i == from || b[i] != ':') {
            throw HttpError.badRequest("invalid header field name");
        }
        for (i++; i < end; i++) {
            if (!Ascii.isFieldValueChar(b[i])) {
                throw HttpError.badRequest("invalid character in header field value");
            }
        }
    }

    /** The end of an unfinished line, leaving out a last CR: its LF may be next. */
    private static int withoutFinalCr(byte[] b, int from, int to) {
        return to > from && b[to - 1] == '\r' ? to - 1 : to;
    }

    /**
     * Parses the field line starting at {@code from}, reading each byte once, and returns the
     * index of the CR that ends it.
     */
    private int field(byte[] b, int from, HeaderFields fields) throws HttpError {
        if (Ascii.isWhitespace(b[from])) {
            throw HttpError.badRequest("obsolete line folding in header field");
        }
        int nameEnd = from;
        boolean underscore = false;
        for (int c; Ascii.isTchar(c = b[nameEnd]); nameEnd++) {
            underscore |= c == '_';
        }
        if (nameEnd == from || b[nameEnd] != ':') {
            throw HttpError.badRequest("invalid header field name");
        }
        int valueStart = nameEnd + 1;
        while (Ascii.isWhitespace(b[valueStart])) {
            valueStart++;
        }
        int lineEnd = Ascii.fieldValueEnd(b, valueStart);
        if (b[lineEnd] != '\r' || b[lineEnd + 1] != '\n') {
            throw HttpError.badRequest("invalid character in header field value");
        }
        int valueEnd = lineEnd;
        while (valueEnd > valueStart && Ascii.isWhitespace(b[valueEnd - 1])) {
            valueEnd--;
        }
        if (underscore) {
            return lineEnd;  // X_Foo must not pass for X-Foo: both would be HTTP_X_FOO
        }
        String key = EnvironKeys.of(b, from, nameEnd);
        String value = new String(b, valueStart, valueEnd - valueStart, StandardCharsets.ISO_8859_1);
        framing.field(key, value);
        if (key.equals("CONTENT_LENGTH") && fields.first(key) != null) {
            return lineEnd;  // a repeat BodyFraming let through is identical: one value (RFC 9110 §8.6)
        }
        fields.add(key, value);
        return lineEnd;
    }

    /** Index of the CR that ends the line starting at {@code from}. */
    private static int lineEnd(byte[] b, int from) {
        int i = from;
        while (b[i] != '\n') {
            i++;
        }
        return i - 1;
    }

    private static int scanToken(byte[] b, int from, int to) {
        int i = from;
        while (i < to && Ascii.isTchar(b[i])) {
            i++;
        }
        return i;
    }

    private static String method(byte[] b, int from, int end) throws HttpError {
        if (end == from || b[end] != ' ') {
            throw HttpError.badRequest("invalid request method");
        }
        for (int i = from; i < end; i++) {
            if (Ascii.isLower(b[i])) {
                // methods are case-sensitive and all registered ones are upper case
                throw HttpError.badRequest("invalid request method");
            }
        }
        return KnownMethods.of(b, from, end);
    }

    private static int scanTarget(byte[] b, int from, int lineEnd) throws HttpError {
        int i = from;
        while (i < lineEnd && Ascii.isTargetChar(b[i])) {
            i++;
        }
        if (i == from || i == lineEnd || b[i] != ' ') {
            throw HttpError.badRequest("invalid request line");
        }
        return i;
    }

    /** True for HTTP/1.1 and later 1.x, false for HTTP/1.0. */
    private static boolean version(byte[] b, int from, int lineEnd) throws HttpError {
        for (int i = from; i < lineEnd; i++) {
            if (b[i] <= ' ' || b[i] == 0x7f) {
                throw HttpError.badRequest("invalid request line");
            }
        }
        if (lineEnd - from != 8 || b[from] != 'H' || b[from + 1] != 'T' || b[from + 2] != 'T'
                || b[from + 3] != 'P' || b[from + 4] != '/' || b[from + 6] != '.'
                || !isDigit(b[from + 5]) || !isDigit(b[from + 7]) || b[from + 5] != '1') {
            throw new HttpError(505, "HTTP version not supported");
        }
        return b[from + 7] != '0';
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }
}
