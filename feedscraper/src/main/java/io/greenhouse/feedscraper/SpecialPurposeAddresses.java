package io.greenhouse.feedscraper;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * The addresses no public feed lives on: the blocks of IANA's IPv4 and IPv6 Special-Purpose
 * Address Registries (RFC 6890) that are not globally reachable, plus multicast. An IPv6 address
 * that stands for an IPv4 one (mapped, compatible, NAT64's well-known prefix, 6to4) is judged
 * by that IPv4 address: {@code 64:ff9b::7f00:1} and {@code 2002:7f00:1::} reach 127.0.0.1.
 */
final class SpecialPurposeAddresses {

    /** An address block: its first address and the length of its prefix, in bits. */
    private record Block(byte[] first, int bits) {

        static Block of(String cidr) {
            int slash = cidr.indexOf('/');
            try {
                // a literal: getByName looks nothing up
                return new Block(InetAddress.getByName(cidr.substring(0, slash)).getAddress(), Integer.parseInt(cidr.substring(slash + 1)));
            } catch (UnknownHostException impossible) {
                throw new IllegalArgumentException(cidr, impossible);
            }
        }

        boolean contains(byte[] address) {
            if (address.length != first.length) {
                return false;
            }
            int whole = bits / 8;
            if (!Arrays.equals(address, 0, whole, first, 0, whole)) {
                return false;
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff00 >> rest) & 0xff;  // the first `rest` bits of the next byte
            return (address[whole] & mask) == (first[whole] & mask);
        }
    }

    private static final List<Block> IPV4 = blocks(
            "0.0.0.0/8",          // "this network"
            "10.0.0.0/8",         // private
            "100.64.0.0/10",      // carrier-grade NAT
            "127.0.0.0/8",        // loopback
            "169.254.0.0/16",     // link-local, cloud metadata
            "172.16.0.0/12",      // private
            "192.0.0.0/24",       // IETF protocol assignments
            "192.0.2.0/24",       // documentation (TEST-NET-1)
            "192.168.0.0/16",     // private
            "198.18.0.0/15",      // benchmarking
            "198.51.100.0/24",    // documentation (TEST-NET-2)
            "203.0.113.0/24",     // documentation (TEST-NET-3)
            "224.0.0.0/4",        // multicast
            "240.0.0.0/4");       // reserved, and 255.255.255.255, limited broadcast

    private static final List<Block> IPV6 = blocks(
            "::/128",             // unspecified
            "::1/128",            // loopback
            "64:ff9b:1::/48",     // local-use NAT64 (RFC 8215): where the IPv4 address sits depends on the local prefix length
            "100::/64",           // discard-only
            "2001::/23",          // IETF protocol assignments, Teredo's 2001::/32 included (its IPv4 address is obfuscated)
            "2001:db8::/32",      // documentation
            "3fff::/20",          // documentation
            "5f00::/16",          // segment routing (SRv6) SIDs
            "fc00::/7",           // unique local
            "fe80::/10",          // link-local
            "fec0::/10",          // site-local, deprecated
            "ff00::/8");          // multicast

    /** ::ffff:0:0/96, spelled in bytes: Java reads an IPv4-mapped literal as the IPv4 address. */
    private static final Block MAPPED = new Block(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 0, 0, 0, 0}, 96);
    private static final Block COMPATIBLE = Block.of("::/96");
    private static final Block NAT64 = Block.of("64:ff9b::/96");
    private static final Block SIX_TO_FOUR = Block.of("2002::/16");

    private SpecialPurposeAddresses() {
    }

    /** Whether {@code address} is in a block no public feed lives on, or stands for an IPv4 address that is. */
    static boolean isNonPublic(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            return IPV4.stream().anyMatch(block -> block.contains(bytes));
        }
        if (!(address instanceof Inet6Address)) {
            return true;  // no other kind exists; refused should one appear
        }
        if (IPV6.stream().anyMatch(block -> block.contains(bytes))) {
            return true;
        }
        byte[] ipv4 = embeddedIpv4(bytes);
        return ipv4 != null && IPV4.stream().anyMatch(block -> block.contains(ipv4));
    }

    /** The IPv4 address an IPv6 address stands for, or null when it stands for none. */
    private static byte[] embeddedIpv4(byte[] ipv6) {
        if (MAPPED.contains(ipv6) || COMPATIBLE.contains(ipv6) || NAT64.contains(ipv6)) {
            return Arrays.copyOfRange(ipv6, 12, 16);
        }
        if (SIX_TO_FOUR.contains(ipv6)) {
            return Arrays.copyOfRange(ipv6, 2, 6);  // 2002:AABB:CCDD::/48 is the site of A.B.C.D
        }
        return null;
    }

    private static List<Block> blocks(String... cidrs) {
        return Arrays.stream(cidrs).map(Block::of).toList();
    }
}
