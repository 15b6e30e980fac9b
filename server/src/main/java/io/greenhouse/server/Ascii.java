package io.greenhouse.server;

/** Character classes of RFC 9110 and RFC 3986, as lookup tables over bytes. */
final class Ascii {

    private static final boolean[] TCHAR = table("!#$%&'*+-.^_`|~"
            + "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
    /** reg-name, IP-literal and port characters of an authority (RFC 3986 §3.2.2), without '%'. */
    private static final boolean[] HOST = table("-._~!$&'()*+,;=:[]%"
            + "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

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
