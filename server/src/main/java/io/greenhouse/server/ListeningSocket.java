package io.greenhouse.server;

import java.io.Closeable;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;

/** Where the server listens: a TCP address, or a Unix domain socket's path (server.bind = unix:PATH). */
interface ListeningSocket extends Closeable {

    /**
     * Binds {@code settings.bind()} with {@code settings.backlog()}.
     *
     * @throws IOException when it cannot be bound
     */
    static ListeningSocket bind(Settings settings) throws IOException {
        return settings.bind() instanceof UnixDomainSocketAddress unix
                ? UnixListeningSocket.bind(unix, settings.backlog(), settings.unixSocketMode())
                : TcpListeningSocket.bind(settings.bind(), settings.backlog());
    }

    /** Waits for the next client. */
    ClientSocket accept() throws IOException;

    boolean isClosed();

    /** The address bound: for TCP with the port chosen when port 0 was asked for. */
    SocketAddress address();

    /** How to reach it, for the log line that says where the server serves. */
    String url();
}
