package io.greenhouse.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;

/** A TCP listening socket. */
final class TcpListeningSocket implements ListeningSocket {

    private final ServerSocket serverSocket;

    private TcpListeningSocket(ServerSocket serverSocket) {
        this.serverSocket = serverSocket;
    }

    static TcpListeningSocket bind(SocketAddress address, int backlog) throws IOException {
        ServerSocket serverSocket = new ServerSocket();
        try {
            serverSocket.setReuseAddress(true);
            serverSocket.bind(address, backlog);
            return new TcpListeningSocket(serverSocket);
        } catch (IOException e) {
            serverSocket.close();
            throw e;
        }
    }

    @Override
    public ClientSocket accept() throws IOException {
        Socket socket = serverSocket.accept();
        try {
            return new TcpClientSocket(socket);
        } catch (IOException e) {
            socket.close();  // reset by the client before it could be set up: nothing to serve
            throw e;
        }
    }

    @Override
    public boolean isClosed() {
        return serverSocket.isClosed();
    }

    @Override
    public InetSocketAddress address() {
        return (InetSocketAddress) serverSocket.getLocalSocketAddress();
    }

    @Override
    public String url() {
        String host = address().getAddress().getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + serverSocket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
    }
}
