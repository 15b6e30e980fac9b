package io.greenhouse.server;

/**
 * An authority as the Host field, an absolute-form target and CONNECT's authority-form carry
 * it: uri-host [":" port] (RFC 9110 §7.2, RFC 3986 §3.2.2-3.2.3), userinfo already removed.
 * The host is an IP-literal in brackets or a name (an IPv4 address is one); the port is digits,
 * at most 65535, and may be empty. A Host field that is not one is refused with 400
 * (RFC 9112 §3.2: "a Host header field with an invalid field value").
 *
 * @param host the host, brackets kept around an IP-literal; empty for an empty Host field
 * @param port the port's digits, or null when none were given
 */
record Authority(String host, String port) {

    private static final int MAX_PORT = 65535;

    static boolean isValid(String value) {
        return hostEnd(value) >= 0;
    }

    /** Splits {@code value} into host and port; null when it is not an authority. */
    static Authority parse(String value) {
        int hostEnd = hostEnd(value);
        if (hostEnd < 0) {
            return null;
        }
        if (hostEnd >= value.length() - 1) {
            return new Authority(value.substring(0, hostEnd), null);  // no port, or "host:"
        }
        return new Authority(value.substring(0, hostEnd), value.substring(hostEnd + 1));
    }

    /** Where the host ends in {@code value}, or -1 when {@code value} is not an authority. */
    private static int hostEnd(String value) {
        int hostEnd;
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            if (close < 0 || !isIpLiteral(value.substring(1, close))) {
                return -1;
            }
            hostEnd = close + 1;
        } else {
            int colon = value.indexOf(':');
            hostEnd = colon < 0 ? value.length() : colon;
            if (!hostChars(value, 0, hostEnd) || (hostEnd == 0 && colon == 0)) {
                return -1;  // a port without a host: an http URI's host is never empty (RFC 9110 §4.2.1)
            }
        }
        if (hostEnd == value.length()) {
            return hostEnd;
        }
        return value.charAt(hostEnd) == ':' && isPort(value, hostEnd + 1) ? hostEnd : -1;
    }

    /** What may stand in brackets: an IPv6 address or "v" HEXDIG "." and more (RFC 3986 §3.2.2). */
    private static boolean isIpLiteral(String inner) {
        if (inner.length() > 1 && (inner.charAt(0) == 'v' || inner.charAt(0) == 'V')) {
            int dot = inner.indexOf('.');
            return dot > 1 && dot < inner.length() - 1 && hexDigits(inner, 1, dot)
                    && hostChars(inner.replace(':', '.'), dot + 1, inner.length());  // ':' is allowed here
        }
        return IpLiteral.ipv6(inner) != null;
    }

    private static boolean hexDigits(String value, int from, int to) {
        for (int i = from; i < to; i++) {
            if (Ascii.hexValue(value.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    /** reg-name characters, '%' only as pct-encoded: "%" HEXDIG HEXDIG (RFC 3986 §2.1). */
    private static boolean hostChars(String value, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = value.charAt(i);
            if (!Ascii.isHostChar(c) || c == '[' || c == ']') {
                return false;
            }
            if (c == '%' && (i + 2 >= to || !hexDigits(value, i + 1, i + 3))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPort(String value, int from) {
        if (value.length() - from > 5) {
            return false;
        }
        int port = 0;
        for (int i = from; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            port = port * 10 + (c - '0');
        }
        return port <= MAX_PORT;
    }
}
