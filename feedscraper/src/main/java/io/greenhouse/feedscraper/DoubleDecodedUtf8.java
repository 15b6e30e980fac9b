package io.greenhouse.feedscraper;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Repairs a title whose UTF-8 bytes were read one byte per character, as ISO-8859-1 reads them:
 * "CafÃ©" for "Café". A server that labels UTF-8 as ISO-8859-1, or a feed whose text was encoded
 * twice, gives such titles; feedparser repairs every text it reads the same way, so the titles
 * readers show are the repaired ones.
 */
final class DoubleDecodedUtf8 {

    private DoubleDecodedUtf8() {
    }

    /**
     * The text the title's characters make as UTF-8 bytes, when each is below U+0100, some are
     * not ASCII, and together they are well-formed UTF-8; otherwise the title as it is. Text in
     * ISO-8859-1 that happens to be well-formed UTF-8 is rare: it takes a letter such as Ã or Â
     * followed by symbols such as © or °.
     */
    static String repaired(String title) {
        if (title == null || !isLatin1WithHighCharacters(title)) {
            return title;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(title.getBytes(StandardCharsets.ISO_8859_1)))
                    .toString();
        } catch (CharacterCodingException e) {
            return title;  // not UTF-8: the characters were meant as they are
        }
    }

    private static boolean isLatin1WithHighCharacters(String text) {
        boolean high = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c > '\u00FF') {
                return false;
            }
            high |= c >= '\u0080';
        }
        return high;
    }
}
