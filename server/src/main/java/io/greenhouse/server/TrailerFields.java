package io.greenhouse.server;

import java.util.Locale;
import java.util.Set;

/**
 * Fields a sender must not put in a trailer section (RFC 9110 §6.5.1): those that frame the
 * message, route it, or decide how to handle it. Accepting them late would let a body rewrite
 * its own head.
 */
final class TrailerFields {

    private static final Set<String> FORBIDDEN = Set.of(
            "content-length", "transfer-encoding", "host", "content-encoding", "content-range",
            "trailer", "te", "connection", "keep-alive", "upgrade", "proxy-connection",
            "expect", "authorization", "proxy-authorization", "max-forwards");

    private TrailerFields() {
    }

    static boolean isForbidden(CharSequence name) {
        return FORBIDDEN.contains(name.toString().toLowerCase(Locale.ROOT));
    }
}
