package io.greenhouse.feedscraper;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hc.client5.http.DnsResolver;

/**
 * Refuses hosts that resolve to addresses a public feed has no business on: loopback, private,
 * link-local (cloud metadata lives at 169.254.169.254), carrier-grade NAT, unique-local IPv6,
 * multicast, the unspecified address and the rest of IANA's special-purpose blocks, IPv6
 * addresses that stand for any of these included ({@link SpecialPurposeAddresses}). A defence
 * against server-side request forgery.
 *
 * <p>It is the HTTP client's only resolver: the client connects to the addresses this returns
 * and to no others, so the address connected to is an address that was checked. A host is
 * looked up once per connection, and the answer that is checked is the answer connected to;
 * a DNS server that answers differently the next time (DNS rebinding) is never asked again in
 * between. Every new connection, redirects included, comes through here. Every address of a
 * host must pass, since the client may try any of them.
 */
final class AddressGuard implements DnsResolver {

    /** A host refused for one of its addresses: a {@link DnsResolver} may only throw this type. */
    static final class RefusedAddress extends UnknownHostException {
        RefusedAddress(String reason) {
            super(reason);
        }
    }

    /** Name resolution, the JVM's unless a test gives its own. */
    @FunctionalInterface
    interface Lookup {
        InetAddress[] lookup(String host) throws UnknownHostException;
    }

    /** Which addresses of a host are refused. */
    @FunctionalInterface
    interface Policy {
        boolean refuses(String host, InetAddress address);
    }

    private final Lookup lookup;
    private final Policy policy;

    /** The JVM's resolution; non-public addresses refused unless {@code allowPrivate}. */
    AddressGuard(boolean allowPrivate) {
        this(InetAddress::getAllByName, allowPrivate ? (host, address) -> false : (host, address) -> SpecialPurposeAddresses.isNonPublic(address));
    }

    AddressGuard(Lookup lookup, Policy policy) {
        this.lookup = lookup;
        this.policy = policy;
    }

    /**
     * The addresses of {@code host}, every one of them allowed.
     *
     * @throws RefusedAddress naming the first address refused
     * @throws UnknownHostException when the host does not resolve
     */
    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        String name = stripBrackets(host);
        InetAddress[] addresses = lookup.lookup(name);
        if (addresses == null || addresses.length == 0) {
            throw new UnknownHostException(host);
        }
        for (InetAddress address : addresses) {
            if (policy.refuses(name, address)) {
                throw new RefusedAddress("host " + host + " resolves to non-public address " + address.getHostAddress());
            }
        }
        return addresses.clone();
    }

    // Spelled out, though DnsResolver has a default: that default connects to an unresolved
    // name when resolve gives null, and this must never hand over anything unchecked.
    @Override
    public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
        List<InetSocketAddress> endpoints = new ArrayList<>();
        for (InetAddress address : resolve(host)) {
            endpoints.add(new InetSocketAddress(address, port));
        }
        return endpoints;
    }

    /** Only authentication schemes ask for this; none is used, and nothing is looked up. */
    @Override
    public String resolveCanonicalHostname(String host) {
        return host;
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
