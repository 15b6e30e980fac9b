package io.greenhouse.feedscraper;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Locale;

/**
 * The addresses the {@link AddressGuard} approved, by host name, for the resolver the HTTP
 * client connects through ({@link PinningResolverProvider}): a host that passed the check
 * resolves, for a minute, to exactly the addresses that passed, so a DNS answer that changes
 * between the check and the connect (DNS rebinding) cannot steer a fetch to a private address.
 *
 * <p>Process-wide, like the JVM's resolver it serves. A minute outlasts the moment between a
 * check and its connect by far; each hop of each fetch checks, and pins, again.
 */
final class AddressPins {

    private static final Cache<String, InetAddress[]> PINS = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofMinutes(1))
            .maximumSize(100_000)
            .build();
    private static volatile boolean resolverInstalled;

    private AddressPins() {
    }

    static void pin(String host, InetAddress[] approved) {
        PINS.put(key(host), approved.clone());
    }

    /** The approved addresses of {@code host}, or null when it has none pinned. */
    static InetAddress[] pinned(String host) {
        InetAddress[] approved = PINS.getIfPresent(key(host));
        return approved == null ? null : approved.clone();
    }

    /** The JVM resolves through {@link PinningResolverProvider}, so pins are honoured. */
    static boolean resolverInstalled() {
        return resolverInstalled;
    }

    static void markResolverInstalled() {
        resolverInstalled = true;
    }

    private static String key(String host) {
        return host.toLowerCase(Locale.ROOT);
    }
}
