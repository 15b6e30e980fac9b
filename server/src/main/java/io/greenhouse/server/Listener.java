package io.greenhouse.server;

import io.greenhouse.spi.App;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The accept loop: takes each new connection and starts its virtual thread. At most
 * {@code maxConnections} are served at once; past that, accepting waits and new clients queue
 * in the kernel's backlog rather than being refused.
 */
final class Listener implements Runnable {

    private final ServerSocket serverSocket;
    private final App app;
    private final Settings settings;
    private final ConnectionRegistry connections;

    Listener(ServerSocket serverSocket, App app, Settings settings, ConnectionRegistry connections) {
        this.serverSocket = serverSocket;
        this.app = app;
        this.settings = settings;
        this.connections = connections;
    }

    @Override
    public void run() {
        while (!serverSocket.isClosed()) {
            try {
                connections.awaitSlot();
            } catch (InterruptedException e) {
                return;
            }
            try {
                Socket socket = serverSocket.accept();
                connections.start(new Connection(socket, app, settings, connections));
            } catch (IOException e) {
                connections.releaseSlot();
                if (serverSocket.isClosed()) {
                    return;
                }
                connections.errors().log("accept failed: " + e.getMessage());
            }
        }
    }
}
