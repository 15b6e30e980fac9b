package io.greenhouse.feedscraper;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Refuses hosts that resolve to addresses a public feed has no business on: loopback, private,
 * link-local (cloud metadata lives at 169.254.169.254), carrier-grade NAT, unique-local IPv6,
 * multicast and the unspecified address. A defence against server-side request forgery.
 *
 * <p>Every address of a host must pass, since the HTTP client may connect to any of them. The
 * check runs before every hop, redirects included, and pins the addresses that passed
 * ({@link AddressPins}): the HTTP client resolves through {@link PinningResolverProvider}, which
 * answers with exactly those, so the address connected to is an address this guard approved,
 * whatever DNS says in between.
 */
final class AddressGuard {

    private final boolean allowPrivate;

    AddressGuard(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    /** @throws FeedFailure UNKNOWN_HOST, or REFUSED_ADDRESS naming the address */
    void check(String host) throws FeedFailure {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(stripBrackets(host));
        } catch (UnknownHostException e) {
            throw new FeedFailure(FeedStatus.UNKNOWN_HOST, "unknown host " + host);
        }
        if (allowPrivate) {
            return;
        }
        for (InetAddress address : addresses) {
            if (isNonPublic(address)) {
                throw new FeedFailure(FeedStatus.REFUSED_ADDRESS,
                        "host " + host + " resolves to non-public address " + address.getHostAddress());
            }
        }
        AddressPins.pin(stripBrackets(host), addresses);
    }

    static boolean isNonPublic(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0                                   // "this network"
                    || (first == 100 && second >= 64 && second < 128)  // carrier-grade NAT
                    || (first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
                    || first >= 240;                            // reserved, broadcast
        }
        if (address instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return true;                                    // unique local fc00::/7
            }
            if (isMappedOrCompatibleV4(b)) {
                try {
                    byte[] v4 = {b[12], b[13], b[14], b[15]};
                    return isNonPublic(InetAddress.getByAddress(v4));
                } catch (UnknownHostException impossible) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isMappedOrCompatibleV4(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] == (byte) 0xff && b[11] == (byte) 0xff) || (b[10] == 0 && b[11] == 0);
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
