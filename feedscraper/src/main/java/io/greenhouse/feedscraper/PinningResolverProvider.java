package io.greenhouse.feedscraper;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.Arrays;
import java.util.stream.Stream;

/**
 * The JVM's name resolver with one change: a host the {@link AddressGuard} approved resolves to
 * the addresses it approved ({@link AddressPins}), not to whatever DNS answers next. Registered
 * in {@code META-INF/services}, so the JDK's HttpClient resolves through it. Every other name,
 * and every reverse lookup, goes to the JVM's own resolver unchanged.
 */
public final class PinningResolverProvider extends InetAddressResolverProvider {

    @Override
    public InetAddressResolver get(Configuration configuration) {
        AddressPins.markResolverInstalled();
        return new PinningResolver(configuration.builtinResolver());
    }

    @Override
    public String name() {
        return "greenhouse-feedscraper-address-pins";
    }

    /** Answers pinned hosts from their pins, the rest from {@code upstream}. */
    static final class PinningResolver implements InetAddressResolver {

        private final InetAddressResolver upstream;

        PinningResolver(InetAddressResolver upstream) {
            this.upstream = upstream;
        }

        @Override
        public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
            InetAddress[] pinned = AddressPins.pinned(host);
            if (pinned == null) {
                return upstream.lookupByName(host, policy);
            }
            return Arrays.stream(pinned).filter(address -> allowed(address, policy));
        }

        @Override
        public String lookupByAddress(byte[] address) throws UnknownHostException {
            return upstream.lookupByAddress(address);
        }

        private static boolean allowed(InetAddress address, LookupPolicy policy) {
            int family = policy.characteristics() & (LookupPolicy.IPV4 | LookupPolicy.IPV6);
            if (family == LookupPolicy.IPV4) {
                return address instanceof java.net.Inet4Address;
            }
            if (family == LookupPolicy.IPV6) {
                return address instanceof java.net.Inet6Address;
            }
            return true;
        }
    }
}
