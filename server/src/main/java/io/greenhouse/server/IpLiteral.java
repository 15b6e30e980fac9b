package io.greenhouse.server;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IP address written as text, dotted-decimal IPv4 or colon-hex IPv6 (RFC 4291 §2.2), parsed
 * without ever looking a name up: used for PROXY protocol headers and trusted-peer settings.
 */
final class IpLiteral {

    private IpLiteral() {
    }

    /** Either form; null when {@code text} is neither. */
    static InetAddress parse(String text) {
        return text.indexOf(':') >= 0 ? ipv6(text) : ipv4(text);
    }

    /** Four decimal parts of 0-255; null when {@code text} is not that. */
    static InetAddress ipv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] address = new byte[4];
        for (int i = 0; i < 4; i++) {
            int value = octet(parts[i]);
            if (value < 0) {
                return null;
            }
            address[i] = (byte) value;
        }
        return byAddress(address);
    }

    /**
     * Hex groups and colons, a dotted IPv4 tail allowed; null when {@code text} is not that. An
     * IPv4-mapped address ({@code ::ffff:a.b.c.d}) comes back as the IPv4 address it maps.
     */
    static InetAddress ipv6(String text) {
        if (text.indexOf(':') < 0 || !text.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
            return null;
        }
        try {
            return InetAddress.getByName(text);  // a literal with ':' is parsed, not resolved
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** 0-255 in at most three decimal digits, else -1. */
    private static int octet(String text) {
        if (text.isEmpty() || text.length() > 3) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value <= 255 ? value : -1;
    }

    private static InetAddress byAddress(byte[] address) {
        try {
            return InetAddress.getByAddress(address);
        } catch (UnknownHostException e) {
            throw new AssertionError("4 bytes are always an address", e);
        }
    }
}
