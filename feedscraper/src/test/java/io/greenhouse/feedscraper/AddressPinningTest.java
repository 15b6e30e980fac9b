package io.greenhouse.feedscraper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolver.LookupPolicy;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The address checked is the address connected to: a host the guard approved resolves, for the
 * HTTP client too, to the addresses it approved, so a DNS answer that changes in between (DNS
 * rebinding) cannot steer a fetch to a private address.
 */
@Timeout(30)
class AddressPinningTest {

    /** A rebinding DNS server's answers: a public address first, then loopback, alternately. */
    private static final class RebindingDns implements InetAddressResolver {
        private final AtomicInteger lookups = new AtomicInteger();

        @Override
        public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
            byte[] address = lookups.getAndIncrement() % 2 == 0 ? new byte[] {93, (byte) 184, (byte) 215, 14} : new byte[] {127, 0, 0, 1};
            return Stream.of(InetAddress.getByAddress(host, address));
        }

        @Override
        public String lookupByAddress(byte[] addr) {
            return "reverse";
        }
    }

    @Test
    void theJvmResolvesThroughThePinningResolver() throws UnknownHostException {
        InetAddress.getAllByName("localhost");  // the JVM sets up its resolver at the first lookup by name
        assertTrue(AddressPins.resolverInstalled(), "META-INF/services did not install PinningResolverProvider");
    }

    @Test
    void aPinnedHostKeepsItsApprovedAddressWhenDnsRebinds() throws UnknownHostException {
        RebindingDns dns = new RebindingDns();
        InetAddressResolver resolver = new PinningResolverProvider.PinningResolver(dns);
        LookupPolicy any = LookupPolicy.of(LookupPolicy.IPV4 | LookupPolicy.IPV6);
        InetAddress[] checked = resolver.lookupByName("rebind.test", any).toArray(InetAddress[]::new);
        assertTrue(Stream.of(checked).noneMatch(AddressGuard::isNonPublic), "the first answer is the public one");

        AddressPins.pin("rebind.test", checked);

        for (int lookup = 0; lookup < 4; lookup++) {
            assertArrayEquals(checked, resolver.lookupByName("Rebind.Test", any).toArray(InetAddress[]::new));
        }
        assertEquals(1, dns.lookups.get(), "a pinned host must not be asked of DNS again");
    }

    @Test
    void anUnpinnedHostIsResolvedAsUsual() throws UnknownHostException {
        RebindingDns dns = new RebindingDns();
        InetAddressResolver resolver = new PinningResolverProvider.PinningResolver(dns);
        resolver.lookupByName("not-pinned.test", LookupPolicy.of(LookupPolicy.IPV4));
        assertEquals(1, dns.lookups.get());
        assertNull(AddressPins.pinned("not-pinned.test"));
    }

    @Test
    void theHttpClientConnectsToThePinnedAddress() throws Exception {
        try (FeedServer feeds = FeedServer.start().rss("/a", "Alpha", 1)) {
            String host = "pinned-feed.test";  // a name no DNS knows: only the pin can resolve it
            AddressPins.pin(host, new InetAddress[] {InetAddress.getLoopbackAddress()});
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://" + host + ":" + feeds.port() + "/a")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertEquals(1, feeds.hits("/a"));
        }
    }

    @Test
    void aRefusedHostIsNotPinned() {
        AddressGuard guard = new AddressGuard(false);
        FeedFailure refused = assertThrows(FeedFailure.class, () -> guard.check("localhost"));
        assertEquals(FeedStatus.REFUSED_ADDRESS, refused.status());
        assertNull(AddressPins.pinned("localhost"));
    }
}
