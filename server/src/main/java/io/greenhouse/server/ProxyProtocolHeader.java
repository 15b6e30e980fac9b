package io.greenhouse.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The PROXY protocol header (HAProxy's specification, versions 1 and 2) that a load balancer
 * sends before the first request, naming the client whose connection it accepted. Read only
 * when {@code server.proxy-protocol = on}, and then only if the connection begins with one.
 */
final class ProxyProtocolHeader {

    private static final byte[] V1_SIGNATURE = "PROXY ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] V2_SIGNATURE = {
        0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
    /** The longest v1 line the specification allows, CRLF included. */
    private static final int V1_MAX_BYTES = 107;
    private static final int V2_FIXED_BYTES = 16;
    /** Addresses plus the TLVs a proxy may add (AWS, for one, adds a few). */
    private static final int V2_MAX_BYTES = 4096;
    private static final int V2_PROXY = 0x21;
    private static final int V2_LOCAL = 0x20;
    private static final int TCP_OVER_IPV4 = 0x11;
    private static final int TCP_OVER_IPV6 = 0x21;

    private ProxyProtocolHeader() {
    }

    /**
     * Consumes a header at the start of {@code in}, if there is one.
     *
     * @return the client the proxy names; null when the connection has no header, or a header
     *     naming no TCP client (v1 UNKNOWN, v2 LOCAL, other address families)
     * @param deadlineNanos when the whole header must have arrived, on {@link System#nanoTime}: one
     *     deadline, not a timeout per read, or a header sent a byte at a time would hold the
     *     connection for as long as its sender liked
     * @param allowed whether the peer may send one (server.proxy-allow-ips)
     * @throws HttpError 400 for a header that is not well formed; 403 for one the peer may not send
     * @throws SocketTimeoutException when the deadline passes first
     */
    static InetSocketAddress read(InputBuffer in, long deadlineNanos, boolean allowed) throws IOException {
        while (true) {
            if (startsWith(in, V1_SIGNATURE)) {
                if (in.buffered() >= V1_SIGNATURE.length) {
                    refuseUnless(allowed);
                    return readV1(in, deadlineNanos);
                }
            } else if (startsWith(in, V2_SIGNATURE)) {
                if (in.buffered() >= V2_SIGNATURE.length) {
                    refuseUnless(allowed);
                    return readV2(in, deadlineNanos);
                }
            } else {
                return null;  // a plain request: the header is optional
            }
            if (!fill(in, deadlineNanos)) {
                return null;  // closed inside a signature: what came is left for the request reader
            }
        }
    }

    /** "PROXY TCP4|TCP6 src dst sport dport\r\n" or "PROXY UNKNOWN ...\r\n". */
    private static InetSocketAddress readV1(InputBuffer in, long deadlineNanos) throws IOException {
        int lineEnd;
        while ((lineEnd = crlf(in)) < 0) {
            if (in.buffered() >= V1_MAX_BYTES || !fill(in, deadlineNanos)) {
                throw invalid();
            }
        }
        String line = new String(in.bytes(), in.start(), lineEnd - in.start(), StandardCharsets.US_ASCII);
        in.consumeTo(lineEnd + 2);
        String[] parts = line.split(" ", -1);
        if (parts.length >= 2 && parts[1].equals("UNKNOWN")) {
            return null;  // the proxy could not tell; the rest of the line is to be ignored
        }
        if (parts.length != 6) {
            throw invalid();
        }
        boolean ipv4 = switch (parts[1]) {
            case "TCP4" -> true;
            case "TCP6" -> false;
            default -> throw invalid();
        };
        InetAddress source = ipv4 ? ipv4(parts[2]) : ipv6(parts[2]);
        if (ipv4) {
            ipv4(parts[3]);
        } else {
            ipv6(parts[3]);
        }
        int sourcePort = port(parts[4]);
        port(parts[5]);
        return new InetSocketAddress(source, sourcePort);
    }

    /** 12-byte signature, version and command, family, length, addresses, TLVs. */
    private static InetSocketAddress readV2(InputBuffer in, long deadlineNanos) throws IOException {
        while (in.buffered() < V2_FIXED_BYTES) {
            if (!fill(in, deadlineNanos)) {
                throw invalid();
            }
        }
        byte[] b = in.bytes();
        int at = in.start();
        int command = b[at + 12] & 0xff;
        int family = b[at + 13] & 0xff;
        int total = V2_FIXED_BYTES + (((b[at + 14] & 0xff) << 8) | (b[at + 15] & 0xff));
        if ((command != V2_PROXY && command != V2_LOCAL) || total > V2_MAX_BYTES) {
            throw invalid();
        }
        while (in.buffered() < total) {
            if (!fill(in, deadlineNanos)) {
                throw invalid();
            }
        }
        b = in.bytes();  // filling may have moved the bytes
        at = in.start();
        in.consumeTo(at + total);
        if (command == V2_LOCAL) {
            return null;  // the proxy's own connection, a health check say: its address is the real one
        }
        int addressBytes = switch (family) {
            case TCP_OVER_IPV4 -> 4;
            case TCP_OVER_IPV6 -> 16;
            default -> 0;  // UDP, unix sockets, unspecified: no TCP client to name
        };
        if (addressBytes == 0) {
            return null;
        }
        if (total - V2_FIXED_BYTES < 2 * addressBytes + 4) {
            throw invalid();
        }
        int from = at + V2_FIXED_BYTES;
        byte[] source = Arrays.copyOfRange(b, from, from + addressBytes);
        int portAt = from + 2 * addressBytes;
        int sourcePort = ((b[portAt] & 0xff) << 8) | (b[portAt + 1] & 0xff);
        return new InetSocketAddress(InetAddress.getByAddress(source), sourcePort);
    }

    /** Reads more of the header, waiting until the deadline at most; false when the peer closed. */
    private static boolean fill(InputBuffer in, long deadlineNanos) throws IOException {
        long remaining = deadlineNanos - System.nanoTime();
        if (remaining <= 0) {
            throw new SocketTimeoutException("PROXY protocol header timeout");
        }
        return in.fill(V2_MAX_BYTES, (int) Math.max(1, Math.min(remaining / 1_000_000, Integer.MAX_VALUE)));
    }

    /** Whether the bytes buffered so far agree with {@code signature} (all do when none are). */
    private static boolean startsWith(InputBuffer in, byte[] signature) {
        byte[] b = in.bytes();
        int n = Math.min(in.buffered(), signature.length);
        for (int i = 0; i < n; i++) {
            if (b[in.start() + i] != signature[i]) {
                return false;
            }
        }
        return true;
    }

    private static int crlf(InputBuffer in) {
        byte[] b = in.bytes();
        int last = Math.min(in.end(), in.start() + V1_MAX_BYTES) - 1;
        for (int i = in.start(); i < last; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static InetAddress ipv4(String text) throws HttpError {
        InetAddress address = IpLiteral.ipv4(text);
        if (address == null) {
            throw invalid();
        }
        return address;
    }

    /** An IPv6 literal; an IPv4-mapped one ({@code ::ffff:a.b.c.d}) is accepted as the address it maps. */
    private static InetAddress ipv6(String text) throws HttpError {
        InetAddress address = IpLiteral.ipv6(text);
        if (address == null || (address.getAddress().length != 16 && !text.startsWith("::ffff:"))) {
            throw invalid();
        }
        return address;
    }

    private static int port(String text) throws HttpError {
        int port = decimal(text, 5);
        if (port > 65535) {
            throw invalid();
        }
        return port;
    }

    private static int decimal(String text, int maxDigits) throws HttpError {
        if (text.isEmpty() || text.length() > maxDigits) {
            throw invalid();
        }
        int value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw invalid();
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static void refuseUnless(boolean allowed) throws HttpError {
        if (!allowed) {
            throw new HttpError(403, "PROXY protocol header not accepted from this address");
        }
    }

    private static HttpError invalid() {
        return HttpError.badRequest("invalid PROXY protocol header");
    }
}
