package io.greenhouse.server;

/**
 * Turns a header name into its environ key ({@code Accept-Encoding} → {@code HTTP_ACCEPT_ENCODING};
 * Content-Type and Content-Length lose the prefix). The common names are looked up without
 * building a String; the table is filled once and only read after.
 */
final class EnvironKeys {

    private static final String[] COMMON = {
        "Host", "User-Agent", "Accept", "Accept-Encoding", "Accept-Language", "Accept-Charset",
        "Connection", "Content-Type", "Content-Length", "Cookie", "Referer", "Cache-Control",
        "Pragma", "Origin", "Authorization", "If-None-Match", "If-Modified-Since", "If-Match",
        "Range", "Transfer-Encoding", "Expect", "Keep-Alive", "Upgrade", "Upgrade-Insecure-Requests",
        "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "X-Real-IP", "X-Request-Id",
        "Forwarded", "Via", "TE", "DNT", "Sec-Fetch-Dest", "Sec-Fetch-Mode", "Sec-Fetch-Site",
        "Sec-Fetch-User", "Priority", "Content-Encoding",
    };
    private static final int SLOTS = 256;
    private static final byte[][] NAMES = new byte[SLOTS][];
    private static final String[] KEYS = new String[SLOTS];

    static {
        for (String name : COMMON) {
            byte[] lower = name.toLowerCase(java.util.Locale.ROOT).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            int slot = hash(lower, 0, lower.length) & (SLOTS - 1);
            while (NAMES[slot] != null) {
                slot = (slot + 1) & (SLOTS - 1);
            }
            NAMES[slot] = lower;
            KEYS[slot] = compute(lower, 0, lower.length);
        }
    }

    private EnvironKeys() {
    }

    /** The environ key for the header name {@code b[from, to)}, a valid token. */
    static String of(byte[] b, int from, int to) {
        int slot = hash(b, from, to) & (SLOTS - 1);
        for (byte[] name; (name = NAMES[slot]) != null; slot = (slot + 1) & (SLOTS - 1)) {
            if (matches(name, b, from, to)) {
                return KEYS[slot];
            }
        }
        return compute(b, from, to);
    }

    private static String compute(byte[] b, int from, int to) {
        boolean bare = Ascii.equalsIgnoreCase(b, from, to, "content-type")
                || Ascii.equalsIgnoreCase(b, from, to, "content-length");
        int prefix = bare ? 0 : 5;
        byte[] key = new byte[prefix + to - from];
        if (!bare) {
            key[0] = 'H';
            key[1] = 'T';
            key[2] = 'T';
            key[3] = 'P';
            key[4] = '_';
        }
        for (int i = from; i < to; i++) {
            int c = b[i];
            key[prefix + i - from] = (byte) (c == '-' ? '_' : (Ascii.isLower(c) ? c - 32 : c));
        }
        return new String(key, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /**
     * Mixes the length and four of the name's bytes (case folded) instead of every byte: the
     * common names differ there, and a name not in the table costs one probe more, not a loop.
     */
    private static int hash(byte[] b, int from, int to) {
        int length = to - from;
        int h = length * 0x9E3779B1
                ^ (b[from] | 0x20) * 0x85EBCA6B
                ^ (b[from + (length >> 1)] | 0x20) * 0x27D4EB2F
                ^ (b[Math.max(from, to - 2)] | 0x20) * 0x165667B1
                ^ (b[to - 1] | 0x20) * 0xC2B2AE35;
        return h ^ (h >>> 15);
    }

    private static boolean matches(byte[] lower, byte[] b, int from, int to) {
        if (lower.length != to - from) {
            return false;
        }
        for (int i = 0; i < lower.length; i++) {
            int c = b[from + i];
            if (c >= 'A' && c <= 'Z') {
                c += 32;
            }
            if (c != lower[i]) {
                return false;
            }
        }
        return true;
    }
}
