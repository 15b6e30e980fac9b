package io.greenhouse.server;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;

/** One accepted client connection, over TCP or a Unix domain socket: what a {@link Connection} uses of it. */
interface ClientSocket extends Closeable {

    InputStream input() throws IOException;

    OutputStream output() throws IOException;

    /** The client's address and port; null over a Unix domain socket, whose peers have none. */
    InetSocketAddress peer();

    /** The address the client connected to, for SERVER_NAME when a request has no Host. */
    String localName();

    /** The port the client connected to, for SERVER_PORT when a request has no Host; 0 when none. */
    int localPort();

    /** Ends reads: a read blocked now returns end of stream. The watchdog's way to end a late one. */
    void shutdownInput() throws IOException;

    void shutdownOutput() throws IOException;

    boolean isClosed();

    /**
     * Whether closing with unread input could destroy the last response: over TCP, the kernel
     * then sends RST (RFC 9112 §9.6), so the server reads and drops a while first.
     */
    boolean needsLingeringClose();

    /** Bounds each later read to {@code millis}; used only while lingering. */
    void setReadTimeout(int millis) throws IOException;
}
