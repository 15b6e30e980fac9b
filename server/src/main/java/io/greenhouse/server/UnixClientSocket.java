package io.greenhouse.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;

/**
 * A client connected over a Unix domain socket (server.bind = unix:PATH), typically a proxy on
 * the same host. It has no address: REMOTE_ADDR is empty, as in gunicorn.
 */
final class UnixClientSocket implements ClientSocket {

    private final SocketChannel channel;

    UnixClientSocket(SocketChannel channel) {
        this.channel = channel;
    }

    @Override
    public InputStream input() {
        return Channels.newInputStream(channel);
    }

    @Override
    public OutputStream output() {
        return Channels.newOutputStream(channel);
    }

    @Override
    public InetSocketAddress peer() {
        return null;
    }

    @Override
    public String localName() {
        return "localhost";
    }

    @Override
    public int localPort() {
        return 0;
    }

    @Override
    public void shutdownInput() throws IOException {
        channel.shutdownInput();
    }

    @Override
    public void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    @Override
    public boolean isClosed() {
        return !channel.isOpen();
    }

    @Override
    public boolean needsLingeringClose() {
        return false;  // no RST: what was sent stays readable after the close
    }

    @Override
    public void setReadTimeout(int millis) {
        throw new UnsupportedOperationException("a Unix domain socket is never lingered on");
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
