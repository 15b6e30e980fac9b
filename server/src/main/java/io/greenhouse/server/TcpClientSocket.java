package io.greenhouse.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/** A client connected over TCP: a {@link Socket}, with Nagle's delay off (responses leave whole). */
final class TcpClientSocket implements ClientSocket {

    private final Socket socket;

    TcpClientSocket(Socket socket) throws IOException {
        this.socket = socket;
        socket.setTcpNoDelay(true);
    }

    @Override
    public InputStream input() throws IOException {
        return socket.getInputStream();
    }

    @Override
    public OutputStream output() throws IOException {
        return socket.getOutputStream();
    }

    @Override
    public InetSocketAddress peer() {
        return (InetSocketAddress) socket.getRemoteSocketAddress();
    }

    @Override
    public String localName() {
        return socket.getLocalAddress().getHostAddress();
    }

    @Override
    public int localPort() {
        return socket.getLocalPort();
    }

    @Override
    public void shutdownInput() throws IOException {
        socket.shutdownInput();
    }

    @Override
    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    @Override
    public boolean isClosed() {
        return socket.isClosed();
    }

    @Override
    public boolean needsLingeringClose() {
        return true;
    }

    @Override
    public void setReadTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
