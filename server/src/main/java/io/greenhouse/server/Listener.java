package io.greenhouse.server;

import io.greenhouse.spi.App;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * The accept loop: takes each new connection and starts its virtual thread. At most
 * {@code maxConnections} are served at once; past that, accepting waits and new clients queue
 * in the kernel's backlog rather than being refused. When accepting fails (the process is out of
 * file descriptors, most often), it waits before trying again, longer each time up to a second,
 * so that a failure that lasts is neither a busy loop nor a flood of log lines; the clients
 * wait in the backlog meanwhile. Anything else that ends the loop (a bug, a JVM misconfigured)
 * closes the listening socket, so that new clients are refused rather than left waiting in a
 * backlog nobody takes from, and is handed to whoever started the loop.
 */
final class Listener implements Runnable {

    private static final long FIRST_RETRY_MILLIS = 10;
    private static final long LAST_RETRY_MILLIS = 1000;

    private final ListeningSocket serverSocket;
    private final App app;
    private final Settings settings;
    private final ConnectionRegistry connections;
    private final Consumer<Throwable> onFailure;
    private int failuresInARow;

    /** @param onFailure told, on the loop's thread, when the loop ends by anything but a stop */
    Listener(ListeningSocket serverSocket, App app, Settings settings, ConnectionRegistry connections,
             Consumer<Throwable> onFailure) {
        this.serverSocket = serverSocket;
        this.app = app;
        this.settings = settings;
        this.connections = connections;
        this.onFailure = onFailure;
    }

    @Override
    public void run() {
        try {
            acceptUntilClosed();
        } catch (RuntimeException | Error e) {
            try {
                serverSocket.close();
            } catch (IOException | RuntimeException ignored) {
                // refusing new clients is all we wanted
            }
            onFailure.accept(e);
        }
    }

    private void acceptUntilClosed() {
        while (!serverSocket.isClosed()) {
            try {
                connections.awaitSlot();
            } catch (InterruptedException e) {
                return;
            }
            try {
                ClientSocket socket = serverSocket.accept();
                failuresInARow = 0;
                connections.start(new Connection(socket, app, settings, connections));
            } catch (IOException e) {
                connections.releaseSlot();
                if (serverSocket.isClosed() || !waitAfter(e)) {
                    return;
                }
            }
        }
    }

    /** Logs a failed accept and waits before the next; false when interrupted (stopping). */
    private boolean waitAfter(IOException failure) {
        failuresInARow++;
        long wait = Math.min(LAST_RETRY_MILLIS, FIRST_RETRY_MILLIS << Math.min(failuresInARow - 1, 20));
        connections.errors().log("accept failed" + (failuresInARow > 1 ? " (" + failuresInARow + " times in a row)" : "")
                + ": " + failure.getMessage() + "; trying again in " + wait + " ms");
        try {
            Thread.sleep(wait);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }
}
