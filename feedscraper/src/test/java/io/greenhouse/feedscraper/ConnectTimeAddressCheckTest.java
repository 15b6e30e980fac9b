package io.greenhouse.feedscraper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The address checked is the address connected to: the HTTP client resolves through the
 * {@link AddressGuard} alone, once per connection, and connects only to what it approved, at
 * every hop. A DNS server that answers a public address to the check and a private one to the
 * connect (DNS rebinding) gets no second question.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ConnectTimeAddressCheckTest {

    /**
     * Non-public addresses refused, except TEST-NET-2 and TEST-NET-3: documentation blocks, so
     * refused too by the real policy, they stand here for public addresses that lead nowhere.
     */
    private static final AddressGuard.Policy NON_PUBLIC_REFUSED =
            (host, address) -> !isTestNet(address) && SpecialPurposeAddresses.isNonPublic(address);

    private static boolean isTestNet(InetAddress address) {
        byte[] b = address.getAddress();
        return b.length == 4 && ((b[0] & 0xff) == 198 && b[1] == 51 && b[2] == 100 || (b[0] & 0xff) == 203 && b[1] == 0 && b[2] == 113);
    }

    /** A rebinding DNS server: a public address (TEST-NET-2, routed nowhere) first, then loopback. */
    private static final class RebindingDns implements AddressGuard.Lookup {
        final AtomicInteger lookups = new AtomicInteger();

        @Override
        public InetAddress[] lookup(String host) throws UnknownHostException {
            byte[] address = lookups.getAndIncrement() == 0 ? new byte[] {(byte) 198, 51, 100, 7} : new byte[] {127, 0, 0, 1};
            return new InetAddress[] {InetAddress.getByAddress(host, address)};
        }
    }

    private static FeedFetcher fetcher(AddressGuard guard) {
        // A short connect timeout: the "public" address leads nowhere, and the test need not wait.
        return new FeedFetcher(ScraperSettings.from(Map.of("feedscraper.connect-timeout", "200ms")), guard);
    }

    @Test
    void aRebindingHostIsConnectedToAtTheAddressThatWasCheckedNeverAtItsNextAnswer() throws Exception {
        try (FeedServer feeds = FeedServer.start().rss("/a", "Alpha", 1)) {
            RebindingDns dns = new RebindingDns();
            FeedFetcher fetcher = fetcher(new AddressGuard(dns, NON_PUBLIC_REFUSED));

            FeedFailure failure = assertThrows(FeedFailure.class,
                    () -> fetcher.fetch(URI.create("http://rebind.test:" + feeds.port() + "/a"), null, fetcher.deadline(System.nanoTime()), new HostLimiter(8)));

            assertNotEquals(FeedStatus.OK, failure.status());
            assertEquals(0, feeds.hits("/a"), "the fetch reached the loopback address DNS gave second");
            assertEquals(1, dns.lookups.get(), "the host was looked up again after its check");
        }
    }

    @Test
    void aRedirectToALoopbackHostIsRefused() throws Exception {
        try (FeedServer feeds = FeedServer.start().rss("/secret", "Secret", 1)) {
            feeds.route("/to-localhost", e -> redirect(e, feeds.localhostUrl("/secret")))
                    .route("/to-literal", e -> redirect(e, feeds.url("/secret")));
            // feeds.test stands for a public feed host that redirects inwards; its server is on loopback.
            List<String> asked = new CopyOnWriteArrayList<>();
            AddressGuard.Lookup dns = host -> {
                asked.add(host);
                return host.equals("feeds.test") ? new InetAddress[] {InetAddress.getLoopbackAddress()} : InetAddress.getAllByName(host);
            };
            AddressGuard.Policy policy = (host, address) -> !host.equals("feeds.test") && SpecialPurposeAddresses.isNonPublic(address);
            FeedFetcher fetcher = fetcher(new AddressGuard(dns, policy));

            for (String path : List.of("/to-localhost", "/to-literal")) {
                FeedFailure failure = assertThrows(FeedFailure.class,
                        () -> fetcher.fetch(URI.create("http://feeds.test:" + feeds.port() + path), null, fetcher.deadline(System.nanoTime()), new HostLimiter(8)));
                assertEquals(FeedStatus.REFUSED_ADDRESS, failure.status(), path);
                assertTrue(failure.getMessage().contains("non-public address 127.0.0.1"), failure.getMessage());
                assertEquals(1, feeds.hits(path), "the first hop is fetched");
            }
            assertEquals(0, feeds.hits("/secret"), "a redirect reached a loopback host");
            assertTrue(asked.containsAll(List.of("localhost", "127.0.0.1")), "a redirect's host was not checked: " + asked);
        }
    }

    @Test
    void aHostIsRefusedWhenAnyOfItsAddressesIsNotPublic() throws UnknownHostException {
        InetAddress pub = InetAddress.getByAddress(new byte[] {(byte) 198, 51, 100, 7});
        AddressGuard guard = new AddressGuard(host -> new InetAddress[] {pub, InetAddress.getLoopbackAddress()}, NON_PUBLIC_REFUSED);
        AddressGuard.RefusedAddress refused = assertThrows(AddressGuard.RefusedAddress.class, () -> guard.resolve("mixed.test"));
        assertTrue(refused.getMessage().contains("non-public address 127.0.0.1"));
    }

    @Test
    void theClientIsHandedExactlyTheAddressesThatWereChecked() throws UnknownHostException {
        InetAddress first = InetAddress.getByAddress(new byte[] {(byte) 198, 51, 100, 7});
        InetAddress second = InetAddress.getByAddress(new byte[] {(byte) 203, 0, 113, 9});
        AtomicInteger lookups = new AtomicInteger();
        AddressGuard guard = new AddressGuard(host -> {
            lookups.incrementAndGet();
            return new InetAddress[] {first, second};
        }, NON_PUBLIC_REFUSED);

        assertEquals(List.of(new InetSocketAddress(first, 8080), new InetSocketAddress(second, 8080)), guard.resolve("two.test", 8080));
        assertArrayEquals(new InetAddress[] {first, second}, guard.resolve("two.test"));
        assertEquals(2, lookups.get(), "one lookup per resolution, none behind it");
    }

    @Test
    void anUnknownHostIsUnknownHost() {
        FeedFetcher fetcher = fetcher(new AddressGuard(host -> {
            throw new UnknownHostException(host);
        }, NON_PUBLIC_REFUSED));
        FeedFailure failure = assertThrows(FeedFailure.class, () -> fetcher.fetch(URI.create("http://nowhere.test/feed"), null, fetcher.deadline(System.nanoTime()), new HostLimiter(8)));
        assertEquals(FeedStatus.UNKNOWN_HOST, failure.status());
    }

    private static void redirect(com.sun.net.httpserver.HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().set("Location", location);
        FeedServer.send(exchange, 302, null, new byte[0]);
    }
}
