package io.greenhouse.server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** server.proxy-allow-ips and server.forwarded-allow-ips: "*", addresses and CIDR networks. */
class TrustedPeersTest {

    private static boolean trusts(String spec, String peer) {
        return TrustedPeers.parse(spec).includes(IpLiteral.parse(peer));
    }

    @Test
    void anAsteriskTrustsEveryPeer() {
        assertTrue(trusts("*", "203.0.113.9"));
        assertTrue(trusts(" * ", "2001:db8::1"));
    }

    @Test
    void anEmptyListTrustsNoPeer() {
        assertFalse(trusts("", "127.0.0.1"));
        assertFalse(trusts(" , ", "::1"));
    }

    @Test
    void theDefaultTrustsLoopbackOnly() {
        String defaults = Settings.DEFAULTS.get("server.forwarded-allow-ips");
        assertTrue(trusts(defaults, "127.0.0.1"));
        assertTrue(trusts(defaults, "::1"));
        assertFalse(trusts(defaults, "127.0.0.2"));
        assertFalse(trusts(defaults, "10.0.0.1"));
    }

    @Test
    void anAddressTrustsThatAddressAlone() {
        assertTrue(trusts("10.1.2.3, 192.0.2.7", "192.0.2.7"));
        assertFalse(trusts("10.1.2.3, 192.0.2.7", "192.0.2.8"));
    }

    @Test
    void anIpv4NetworkTrustsTheAddressesItsPrefixCovers() {
        assertTrue(trusts("10.0.0.0/8", "10.255.3.4"));
        assertFalse(trusts("10.0.0.0/8", "11.0.0.1"));
        assertTrue(trusts("192.0.2.64/26", "192.0.2.127"));
        assertFalse(trusts("192.0.2.64/26", "192.0.2.128"));
        assertFalse(trusts("192.0.2.64/26", "192.0.2.63"));
    }

    @Test
    void anIpv6NetworkTrustsTheAddressesItsPrefixCovers() {
        assertTrue(trusts("fd00::/8", "fd12:3456::1"));
        assertFalse(trusts("fd00::/8", "fe80::1"));
        assertTrue(trusts("2001:db8:0:1::/63", "2001:db8:0:0:ffff::1"));
        assertFalse(trusts("2001:db8:0:1::/63", "2001:db8:0:2::1"));
    }

    @Test
    void aZeroLengthPrefixCoversItsWholeFamily() {
        assertTrue(trusts("0.0.0.0/0", "198.51.100.1"));
        assertFalse(trusts("0.0.0.0/0", "2001:db8::1"));
    }

    @Test
    void anIpv4AddressIsNotAnIpv6OneOfTheSameBytes() {
        assertFalse(trusts("::a01:203", "10.1.2.3"));
    }

    @Test
    void anIpv4MappedEntryMeansTheIpv4AddressItMaps() {
        assertTrue(trusts("::ffff:10.0.0.0/104", "10.9.9.9"));
        assertTrue(trusts("::ffff:192.0.2.1", "192.0.2.1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "10.0.0", "10.0.0.256", "10.0.0.0/33", "fd00::/129", "10.0.0.0/",
        "10.0.0.0/x", "::ffff:10.0.0.0/95", "10.0.0.1 10.0.0.2", "example.com/8"})
    void refusesWhatIsNotAnAddressOrNetwork(String spec) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrustedPeers.parse(spec));
        assertTrue(e.getMessage().contains(spec), e.getMessage());
    }

    @Test
    void aBadEntryIsReportedWithItsSettingsName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Settings.of(java.util.Map.of("server.forwarded-allow-ips", "10.0.0.0/8, proxy.internal")));
        assertTrue(e.getMessage().startsWith("setting server.forwarded-allow-ips = '10.0.0.0/8, proxy.internal' is not valid"),
                e.getMessage());
        assertTrue(e.getMessage().contains("'proxy.internal' is not an IP address"), e.getMessage());
    }
}
