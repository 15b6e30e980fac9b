package io.greenhouse.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The scans that test eight bytes at a time agree with the one-byte rules at every position. */
class AsciiTest {

    /** RFC 9110 §5.5: field-vchar (VCHAR, obs-text), SP and HTAB. */
    private static boolean allowedInFieldValue(int unsigned) {
        return unsigned == '\t' || (unsigned >= 0x20 && unsigned != 0x7f);
    }

    @Test
    void fieldValueEndStopsAtTheFirstByteAFieldValueCannotHold() {
        for (int value = 0; value < 256; value++) {
            for (int at = 0; at < 24; at++) {
                byte[] line = new byte[40];
                Arrays.fill(line, (byte) 'v');
                line[at] = (byte) value;
                line[30] = '\r';
                boolean allowed = allowedInFieldValue(value);
                String what = "byte 0x" + Integer.toHexString(value) + " at " + at;
                assertEquals(allowed ? 30 : at, Ascii.fieldValueEnd(line, 0), what);
                assertEquals(allowed || at < 3 ? 30 : at, Ascii.fieldValueEnd(line, 3), "from 3, " + what);
            }
        }
    }

    @Test
    void fieldValueEndReadsObsTextAndTabsAsValue() {
        byte[] line = "caf\u00e9\t\u00ff au lait\r\n".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(line.length - 2, Ascii.fieldValueEnd(line, 0));
    }

    @Test
    void fieldValueEndFindsAByteInTheLastWordOfTheArray() {
        byte[] line = new byte[17];
        Arrays.fill(line, (byte) 'v');
        line[16] = '\r';
        assertEquals(16, Ascii.fieldValueEnd(line, 0));
        assertEquals(16, Ascii.fieldValueEnd(line, 9));
    }

    @Test
    void indexOfLineFeedFindsTheFirstLineFeedWithinTheRange() {
        for (int at = 0; at < 40; at++) {
            byte[] b = new byte[40];
            Arrays.fill(b, (byte) 'x');
            b[at] = '\n';
            assertEquals(at, Ascii.indexOfLineFeed(b, 0, 40), "LF at " + at);
            assertEquals(at < 5 ? 40 : at, Ascii.indexOfLineFeed(b, 5, 40), "from 5, LF at " + at);
            assertEquals(at < 17 ? at : 17, Ascii.indexOfLineFeed(b, 0, 17), "up to 17, LF at " + at);
        }
    }

    @Test
    void indexOfLineFeedIgnoresBytesThatOnlyResembleIt() {
        byte[] b = new byte[32];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i % 2 == 0 ? 0x0b : 0x8a);  // differ from LF in one bit each
        }
        assertEquals(32, Ascii.indexOfLineFeed(b, 0, 32));
        b[29] = '\n';
        assertEquals(29, Ascii.indexOfLineFeed(b, 0, 32));
    }
}
