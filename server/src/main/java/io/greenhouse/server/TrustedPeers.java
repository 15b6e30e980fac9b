package io.greenhouse.server;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The peers whose word about the client the server takes: a proxy allowed to send a PROXY
 * protocol header ({@code server.proxy-allow-ips}) or X-Forwarded scheme headers
 * ({@code server.forwarded-allow-ips}). Written as {@code *} for any peer, or a comma-separated
 * list of IP addresses and CIDR networks such as {@code 127.0.0.1, ::1, 10.0.0.0/8, fd00::/8};
 * empty for none. Addresses only, never names: a name would be looked up once, and then trusted
 * for an address it may no longer have.
 */
final class TrustedPeers {

    private static final TrustedPeers ANY = new TrustedPeers(List.of(), true);

    private final List<Network> networks;
    private final boolean any;

    private TrustedPeers(List<Network> networks, boolean any) {
        this.networks = networks;
        this.any = any;
    }

    /** @throws IllegalArgumentException naming the entry that is neither an address nor a network */
    static TrustedPeers parse(String spec) {
        if (spec.trim().equals("*")) {
            return ANY;
        }
        List<Network> networks = new ArrayList<>();
        for (String entry : spec.split(",")) {
            if (!entry.isBlank()) {
                networks.add(Network.parse(entry.trim()));
            }
        }
        return new TrustedPeers(List.copyOf(networks), false);
    }

    boolean includes(InetAddress peer) {
        if (any) {
            return true;
        }
        byte[] address = peer.getAddress();
        for (Network network : networks) {
            if (network.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** An address and how many of its leading bits every member shares with it. */
    private record Network(byte[] prefix, int bits) {

        static Network parse(String entry) {
            int slash = entry.indexOf('/');
            String addressText = slash < 0 ? entry : entry.substring(0, slash);
            InetAddress address = IpLiteral.parse(addressText);
            if (address == null) {
                throw new IllegalArgumentException("'" + entry + "' is not an IP address or a network such as 10.0.0.0/8");
            }
            byte[] prefix = address.getAddress();
            int width = prefix.length * 8;
            if (slash < 0) {
                return new Network(prefix, width);
            }
            int bits = prefixLength(entry.substring(slash + 1));
            if (addressText.indexOf(':') >= 0 && prefix.length == 4) {
                bits -= 96;  // ::ffff:a.b.c.d/n: the IPv4 address it maps, so n counts 96 bits fewer
            }
            if (bits < 0 || bits > width) {
                throw new IllegalArgumentException("'" + entry + "' has a prefix length outside 0-" + width);
            }
            return new Network(prefix, bits);
        }

        private static int prefixLength(String text) {
            if (text.isEmpty() || text.length() > 3 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return -1;
            }
            return Integer.parseInt(text);
        }

        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            int whole = bits / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != prefix[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[whole] & mask) == (prefix[whole] & mask);
        }
    }
}
