package io.greenhouse.feedscraper;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;

/**
 * The text of a request body: its bytes decoded in one charset, strictly, since a byte replaced
 * by U+FFFD would be fetched as part of a URL; a leading byte-order mark skipped, since Windows
 * Notepad writes one (and RFC 8259 §8.1 lets a JSON parser ignore it).
 */
final class BodyText {

    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private BodyText() {
    }

    /**
     * The charset a Content-Type's {@code charset} parameter names, or {@code otherwise} when it
     * names none.
     *
     * @throws HttpProblem 415 when Java does not know the charset named
     */
    static Charset charset(String contentType, Charset otherwise) throws HttpProblem {
        String name = Utf8Documents.charsetParameter(contentType);
        if (name == null) {
            return otherwise;
        }
        try {
            return Charset.forName(name);
        } catch (IllegalArgumentException unknown) {  // an illegal name, or one Java does not support
            throw new HttpProblem("415 Unsupported Media Type", "unsupported charset " + name + "; send the URLs in UTF-8");
        }
    }

    /**
     * The body decoded in {@code charset}, without a leading byte-order mark.
     *
     * @throws HttpProblem 400 when the bytes are not valid in that charset
     */
    static String decode(byte[] body, Charset charset) throws HttpProblem {
        String text;
        try {
            text = charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new HttpProblem("400 Bad Request", "request body is not valid " + charset.name());
        }
        // UTF-8's decoder keeps the mark, as do UTF-16BE's and UTF-16LE's; UTF-16's takes it as its byte order
        return !text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK ? text.substring(1) : text;
    }
}
