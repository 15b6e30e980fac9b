package io.greenhouse.server;

import java.nio.charset.StandardCharsets;

/** The common request methods as shared Strings, so parsing them allocates nothing. */
final class KnownMethods {

    private static final String[] METHODS = {"GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS", "PATCH", "CONNECT", "TRACE"};
    private static final byte[][] BYTES = new byte[METHODS.length][];

    static {
        for (int i = 0; i < METHODS.length; i++) {
            BYTES[i] = METHODS[i].getBytes(StandardCharsets.US_ASCII);
        }
    }

    private KnownMethods() {
    }

    static String of(byte[] b, int from, int to) {
        outer:
        for (int m = 0; m < BYTES.length; m++) {
            byte[] known = BYTES[m];
            if (known.length != to - from) {
                continue;
            }
            for (int i = 0; i < known.length; i++) {
                if (known[i] != b[from + i]) {
                    continue outer;
                }
            }
            return METHODS[m];
        }
        return new String(b, from, to - from, StandardCharsets.US_ASCII);
    }
}
