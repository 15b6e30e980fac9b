package io.greenhouse.server;

import io.greenhouse.spi.App;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A running Greenhouse server: an {@link App} served over HTTP/1.1, one virtual thread per
 * connection.
 *
 * <pre>{@code
 * try (Server server = Server.start(app, Settings.of(Map.of("server.bind", "127.0.0.1:0")))) {
 *     int port = server.port();
 *     ...
 * }   // close() stops gracefully
 * }</pre>
 */
public final class Server implements AutoCloseable {

    private final ListeningSocket serverSocket;
    private final ConnectionRegistry connections;
    private final AccessLog accessLog;
    private final Settings settings;
    private final Thread listener;
    private final TimeoutWatchdog watchdog;
    private final CompletableFuture<Throwable> listenerFailure;
    private volatile boolean stopped;

    private Server(ListeningSocket serverSocket, ConnectionRegistry connections, AccessLog accessLog,
                   Settings settings, Thread listener, TimeoutWatchdog watchdog, CompletableFuture<Throwable> listenerFailure) {
        this.serverSocket = serverSocket;
        this.connections = connections;
        this.accessLog = accessLog;
        this.settings = settings;
        this.listener = listener;
        this.watchdog = watchdog;
        this.listenerFailure = listenerFailure;
    }

    /**
     * Binds {@code settings.bind()} and starts accepting connections.
     *
     * @throws IOException when the address cannot be bound
     */
    /** HOST:PORT as the operator gave it, not the JDK's "host/<unresolved>:port". */
    private static String shown(SocketAddress address) {
        return address instanceof InetSocketAddress inet && inet.isUnresolved()
                ? inet.getHostString() + ":" + inet.getPort() : String.valueOf(address);
    }

    /** Undoes a start that failed: the spare threads, the poller's canaries and their sockets, the log files. */
    private static void abandon(ConnectionRegistry connections, AccessLog accessLog) {
        connections.endSpareThreads();
        closeLogs(accessLog, connections.errors());
    }

    /** Closes the log files; stdout and stderr stay open. */
    private static void closeLogs(AccessLog accessLog, ErrorLog errors) {
        if (accessLog != null) {
            accessLog.close();
        }
        errors.close();
    }

    public static Server start(App app, Settings settings) throws IOException {
        ErrorLog errors = ErrorLog.open(settings.errorLog());
        AccessLog accessLog;
        try {
            accessLog = AccessLog.open(settings.accessLog());
        } catch (RuntimeException e) {
            errors.close();
            throw e;
        }
        ConnectionRegistry connections = new ConnectionRegistry(settings.maxConnections(), settings.maxHeadBytesInFlight(), errors, accessLog);
        ListeningSocket serverSocket;
        try {
            serverSocket = ListeningSocket.bind(settings);
        } catch (IOException e) {
            abandon(connections, accessLog);
            boolean unresolved = settings.bind() instanceof InetSocketAddress inet && inet.isUnresolved();
            throw new IOException("cannot listen on " + shown(settings.bind()) + ": "
                    + (unresolved ? "the host name does not resolve" : e.getMessage()), e);
        } catch (RuntimeException e) {
            abandon(connections, accessLog);
            throw e;
        }
        String limitWarning = OpenFilesLimit.warning(OpenFilesLimit.soft(), settings.maxConnections(), OpenFilesLimit.inUse());
        if (limitWarning != null) {
            errors.log("warning: " + limitWarning);
        }
        CompletableFuture<Throwable> listenerFailure = new CompletableFuture<>();
        Thread listener = Thread.ofVirtual().name("greenhouse-listener")
                .start(new Listener(serverSocket, app, settings, connections, listenerFailure::complete));
        TimeoutWatchdog watchdog = new TimeoutWatchdog(connections, settings);
        watchdog.start();
        return new Server(serverSocket, connections, accessLog, settings, listener, watchdog, listenerFailure);
    }

    /**
     * Runs {@code action} if the accept loop ends by anything but {@link #stop}: the server then
     * takes no new connections (its port is closed) and should be stopped. Runs on the loop's
     * thread, or at once when it has already failed; it must not stop the server on that thread.
     */
    public void whenListenerFails(Consumer<Throwable> action) {
        listenerFailure.thenAccept(action);
    }

    /** The TCP port listened on: the one bound, also when the settings asked for port 0; -1 on a Unix domain socket. */
    public int port() {
        return serverSocket.address() instanceof InetSocketAddress tcp ? tcp.getPort() : -1;
    }

    /** The address listened on: an InetSocketAddress, or a UnixDomainSocketAddress. */
    public SocketAddress address() {
        return serverSocket.address();
    }

    /** How to reach the server: {@code http://HOST:PORT}, or {@code unix:PATH}. */
    public String url() {
        return serverSocket.url();
    }

    /**
     * Opens the access and error log files again under their names, after they were moved away
     * (log rotation); bin/serve does it on SIGUSR1. Logs to stdout or stderr are left as they are.
     *
     * @throws IOException when a file cannot be opened again; its old one is kept then
     */
    public void reopenLogs() throws IOException {
        if (accessLog != null) {
            accessLog.reopen();
        }
        connections.errors().reopen();
    }

    /** How many connections are open now. */
    public int openConnections() {
        return connections.size();
    }

    /**
     * Stops gracefully: accepts no more connections, closes idle ones, lets requests in flight
     * finish for up to {@code grace}, then closes whatever is left, and the log files (stdout and
     * stderr stay open). Returns once all have ended.
     *
     * @return true when every request finished within the grace period
     */
    public boolean stop(Duration grace) {
        if (stopped) {
            return true;
        }
        stopped = true;
        boolean clean;
        try {
            stopListening();
            connections.drain();
            clean = connections.awaitEmpty(grace.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            clean = false;
        }
        if (!clean) {
            connections.closeAll();
        }
        connections.endSpareThreads();
        watchdog.stop();
        closeLogs(accessLog, connections.errors());
        return clean;
    }

    /**
     * Closes the listening socket and waits for the accept loop to end: only then is the port
     * really closed, since a socket closed while a thread is blocked in accept is released by
     * that thread.
     */
    private void stopListening() throws InterruptedException {
        try {
            serverSocket.close();
        } catch (IOException ignored) {
            // closing is all we wanted
        }
        listener.interrupt();
        listener.join();
    }

    /** Stops gracefully with the configured grace period ({@code server.shutdown-grace}). */
    @Override
    public void close() {
        stop(settings.shutdownGrace());
    }
}
