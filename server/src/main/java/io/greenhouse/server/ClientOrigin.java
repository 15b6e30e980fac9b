package io.greenhouse.server;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * Who is behind a connection: the socket's peer, or the client a load balancer names in a PROXY
 * protocol header (when the server reads them and the peer may send one); and whether the peer
 * is a proxy whose scheme headers (X-Forwarded-Proto and kin) are believed. A Unix domain
 * socket's peer has no address, and is trusted, as in gunicorn: only a process on this host
 * with access to the socket file can be one.
 *
 * @param remoteAddr REMOTE_ADDR; "" for a Unix domain socket's peer
 * @param remotePort REMOTE_PORT; "" for a Unix domain socket's peer
 * @param schemeHeaders the headers the scheme is told by, when the peer is believed; else null
 */
record ClientOrigin(String remoteAddr, String remotePort, SchemeHeaders schemeHeaders) {

    /**
     * Reads a PROXY protocol header first, when the settings say so and the connection has one.
     *
     * @param peer the socket's peer; null over a Unix domain socket
     * @param deadlineNanos when a PROXY header must have arrived, on {@link System#nanoTime}
     * @throws HttpError 400 for a malformed PROXY header, 403 for one the peer may not send
     * @throws java.net.SocketTimeoutException when the deadline passes before a header began or ended
     */
    static ClientOrigin of(InetSocketAddress peer, InputBuffer in, Settings settings, long deadlineNanos) throws IOException {
        InetSocketAddress client = peer;
        if (settings.proxyProtocol()) {
            boolean allowed = trusts(settings.proxyAllowIps(), peer);
            InetSocketAddress named = ProxyProtocolHeader.read(in, deadlineNanos, allowed);
            if (named != null) {
                client = named;
            }
        }
        SchemeHeaders headers = settings.secureSchemeHeaders();
        boolean believed = !headers.isEmpty() && trusts(settings.forwardedAllowIps(), peer);
        return new ClientOrigin(addressOf(client), client == null ? "" : Integer.toString(client.getPort()),
                believed ? headers : null);
    }

    /** REMOTE_ADDR for {@code address}: "" when there is none. */
    static String addressOf(InetSocketAddress address) {
        return address == null ? "" : address.getAddress().getHostAddress();
    }

    private static boolean trusts(TrustedPeers trusted, InetSocketAddress peer) {
        return peer == null || trusted.includes(peer.getAddress());
    }
}
