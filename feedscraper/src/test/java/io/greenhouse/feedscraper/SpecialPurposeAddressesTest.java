package io.greenhouse.feedscraper;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which addresses the guard refuses: every block of IANA's special-purpose registries that is not
 * globally reachable (RFC 6890), and IPv6 addresses that stand for an IPv4 address it refuses.
 */
class SpecialPurposeAddressesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # block                    | addresses in it, refused                             | public neighbours
            0.0.0.0/8 this network     | 0.0.0.0 0.255.255.255                                | 1.0.0.0
            10.0.0.0/8 private         | 10.0.0.0 10.255.255.255                              | 9.255.255.255 11.0.0.0
            100.64.0.0/10 shared CGN   | 100.64.0.0 100.127.255.255                           | 100.63.255.255 100.128.0.0
            127.0.0.0/8 loopback       | 127.0.0.1 127.255.255.255                            | 126.255.255.255 128.0.0.0
            169.254.0.0/16 link-local  | 169.254.0.0 169.254.169.254 169.254.255.255          | 169.253.255.255 169.255.0.0
            172.16.0.0/12 private      | 172.16.0.0 172.31.255.255                            | 172.15.255.255 172.32.0.0
            192.0.0.0/24 IETF          | 192.0.0.0 192.0.0.255                                | 191.255.255.255 192.0.1.0
            192.0.2.0/24 TEST-NET-1    | 192.0.2.0 192.0.2.255                                | 192.0.1.255 192.0.3.0
            192.168.0.0/16 private     | 192.168.0.0 192.168.255.255                          | 192.167.255.255 192.169.0.0
            198.18.0.0/15 benchmarking | 198.18.0.0 198.18.0.1 198.19.255.255                 | 198.17.255.255 198.20.0.0
            198.51.100.0/24 TEST-NET-2 | 198.51.100.0 198.51.100.255                          | 198.51.99.255 198.51.101.0
            203.0.113.0/24 TEST-NET-3  | 203.0.113.0 203.0.113.255                            | 203.0.112.255 203.0.114.0
            224.0.0.0/4 multicast      | 224.0.0.1 239.255.255.255                            | 223.255.255.255
            240.0.0.0/4 reserved       | 240.0.0.0 255.255.255.254 255.255.255.255            |
            ::/128 unspecified         | ::                                                   |
            ::1/128 loopback           | ::1                                                  |
            64:ff9b:1::/48 local NAT64 | 64:ff9b:1:: 64:ff9b:1::808:808 64:ff9b:1:ffff:ffff:ffff:ffff:ffff | 64:ff9b::808:808
            100::/64 discard-only      | 100:: 100::ffff:ffff:ffff:ffff                       |
            2001::/23 IETF             | 2001:: 2001:1::1 2001:1ff:ffff:ffff:ffff:ffff:ffff:ffff | 2001:200::1 2000:ffff:ffff:ffff:ffff:ffff:ffff:ffff
            2001::/32 Teredo           | 2001:0:4136:e378:8000:63bf:3fff:fdd2 2001:0:ffff:ffff:ffff:ffff:ffff:ffff |
            2001:db8::/32 documentation | 2001:db8:: 2001:db8:ffff:ffff:ffff:ffff:ffff:ffff   | 2001:db7:ffff::1 2001:db9::1
            3fff::/20 documentation    | 3fff:: 3fff:fff:ffff:ffff:ffff:ffff:ffff:ffff        | 3ffe:ffff::1 3fff:1000::1
            5f00::/16 SRv6 SIDs        | 5f00::1 5f00:ffff:ffff:ffff:ffff:ffff:ffff:ffff      |
            fc00::/7 unique local      | fc00:: fd00::1 fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff |
            fe80::/10 link-local       | fe80::1 febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff      |
            fec0::/10 site-local       | fec0::1 feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff      |
            ff00::/8 multicast         | ff02::1 ff0e::101 ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff |
            """)
    void refusesEveryAddressOfASpecialPurposeBlock(String block, String inside, String neighbours) throws UnknownHostException {
        for (String address : inside.split(" ")) {
            assertTrue(SpecialPurposeAddresses.isNonPublic(address(address)), () -> address + " is in " + block);
        }
        for (String address : neighbours == null ? new String[0] : neighbours.split(" ")) {
            assertFalse(SpecialPurposeAddresses.isNonPublic(address(address)), () -> address + " is outside " + block);
        }
    }

    @Test
    void publicAddressesArePublic() throws UnknownHostException {
        for (String address : new String[] {"93.184.216.34", "8.8.8.8", "1.1.1.1", "2606:4700::1111", "2a00:1450:4001:81b::200e", "2001:4860:4860::8888"}) {
            assertFalse(SpecialPurposeAddresses.isNonPublic(address(address)), address);
        }
    }

    // The IPv6 forms of an IPv4 address reach that address: each is judged as the IPv4 address it holds.
    @Test
    void anIpv6AddressThatStandsForAnIpv4AddressIsJudgedByIt() throws UnknownHostException {
        for (String embedding : new String[] {
                "::ffff:%s",              // IPv4-mapped
                "::%s",                   // IPv4-compatible, deprecated
                "64:ff9b::%s"}) {         // NAT64's well-known prefix (RFC 6052)
            for (String ipv4 : new String[] {"127.0.0.1", "10.0.0.1", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1",
                    "198.18.0.1", "192.0.2.1", "0.0.0.0", "224.0.0.1", "255.255.255.255"}) {
                String address = embedding.formatted(ipv4);
                assertTrue(SpecialPurposeAddresses.isNonPublic(address(address)), address);
            }
            String address = embedding.formatted("8.8.8.8");
            assertFalse(SpecialPurposeAddresses.isNonPublic(address(address)), address);
        }
    }

    // RFC 3056 §2: the site 2002:AABB:CCDD::/48 is reached through the IPv4 address A.B.C.D.
    @Test
    void aSixToFourAddressIsJudgedByTheIpv4AddressOfItsSite() throws UnknownHostException {
        for (String address : new String[] {"2002:7f00:1::1", "2002:a00:1::", "2002:ac10:1:2::3", "2002:c0a8:101::1",
                "2002:a9fe:a9fe::", "2002:c612:1::1", "2002::1", "2002:e000:1::1"}) {
            assertTrue(SpecialPurposeAddresses.isNonPublic(address(address)), address);
        }
        assertFalse(SpecialPurposeAddresses.isNonPublic(address("2002:808:808::1")), "8.8.8.8's site");
    }

    /**
     * The address of a literal, an IPv6 literal staying IPv6: Java reads {@code ::ffff:a.b.c.d}
     * as the IPv4 address, but a resolver may still hand over the IPv6 one.
     */
    private static InetAddress address(String literal) throws UnknownHostException {
        InetAddress address = InetAddress.getByName(literal);
        if (!literal.contains(":") || address instanceof Inet6Address) {
            return address;
        }
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(((Inet4Address) address).getAddress(), 0, mapped, 12, 4);
        return Inet6Address.getByAddress(null, mapped, -1);
    }
}
