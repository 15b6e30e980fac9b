package io.greenhouse.server;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Character classes of RFC 9110 and RFC 3986, as lookup tables over bytes. */
final class Ascii {

    private static final boolean[] TCHAR = table("!#$%&'*+-.^_`|~"
            + "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
    /** reg-name, IP-literal and port characters of an authority (RFC 3986 §3.2.2), '%' included. */
    private static final boolean[] HOST = table("-._~!$&'()*+,;=:[]%"
            + "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;

    /** Indexed by a byte's unsigned value; see {@link #isFieldValueChar}. */
    private static final boolean[] FIELD_VALUE = new boolean[256];

    static {
        FIELD_VALUE['\t'] = true;
        for (int c = 0x20; c < 256; c++) {
            FIELD_VALUE[c] = c != 0x7f;
        }
    }

    private Ascii() {
    }

    /** A token character (RFC 9110 §5.6.2). */
    static boolean isTchar(int b) {
        return b >= 0 && b < 128 && TCHAR[b];
    }

    /** A character allowed in a Host value or an authority. */
    static boolean isHostChar(int b) {
        return b >= 0 && b < 128 && HOST[b];
    }

    /**
     * A character allowed in a field value (RFC 9110 §5.5): visible ASCII, SP, HTAB and
     * obs-text; not NUL, CR, LF, other controls or DEL.
     */
    static boolean isFieldValueChar(byte b) {
        return FIELD_VALUE[b & 0xff];
    }

    /**
     * Index of the first byte at or after {@code from} that cannot be in a field value (see
     * {@link #isFieldValueChar}); there must be one in {@code b}. Eight bytes are tested at a
     * time while none of them is a control character or DEL: a field line is mostly its value.
     */
    static int fieldValueEnd(byte[] b, int from) {
        int i = from;
        for (int last = b.length - Long.BYTES; i <= last; i += Long.BYTES) {
            long word = (long) LONGS.get(b, i);
            if ((below(word, 0x20) | zeroByte(word ^ 0x7f7f7f7f7f7f7f7fL)) != 0) {
                break;  // HTAB, a valid control character, is among the bytes tested one by one
            }
        }
        while (isFieldValueChar(b[i])) {
            i++;
        }
        return i;
    }

    /** Index of the first LF in {@code b[from, to)}, or {@code to}; eight bytes at a time. */
    static int indexOfLineFeed(byte[] b, int from, int to) {
        int i = from;
        for (int last = to - Long.BYTES; i <= last; i += Long.BYTES) {
            if (zeroByte((long) LONGS.get(b, i) ^ 0x0a0a0a0a0a0a0a0aL) != 0) {
                break;
            }
        }
        while (i < to && b[i] != '\n') {
            i++;
        }
        return i;
    }

    /** Not zero when a byte of {@code word} is below {@code limit} (at most 0x80), unsigned. */
    private static long below(long word, int limit) {
        return (word - ONES * limit) & ~word & HIGH_BITS;
    }

    /** Not zero when a byte of {@code word} is zero. */
    private static long zeroByte(long word) {
        return (word - ONES) & ~word & HIGH_BITS;
    }

    /** A character allowed in a request-target: visible ASCII and (leniently) obs-text. */
    static boolean isTargetChar(int b) {
        return (b > 0x20 && b != 0x7f) || b < 0;
    }

    static boolean isWhitespace(int b) {
        return b == ' ' || b == '\t';
    }

    /** Lower-case ASCII letter. */
    static boolean isLower(int b) {
        return b >= 'a' && b <= 'z';
    }

    /** Equal ignoring ASCII case; {@code lower} must be lower case already. */
    static boolean equalsIgnoreCase(byte[] b, int from, int to, String lower) {
        if (to - from != lower.length()) {
            return false;
        }
        for (int i = 0; i < lower.length(); i++) {
            int c = b[from + i];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    static int hexValue(int b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }

    private static boolean[] table(String chars) {
        boolean[] table = new boolean[128];
        for (int i = 0; i < chars.length(); i++) {
            table[chars.charAt(i)] = true;
        }
        return table;
    }
}
