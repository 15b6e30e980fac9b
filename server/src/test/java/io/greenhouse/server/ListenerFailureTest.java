package io.greenhouse.server;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.greenhouse.spi.App;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * An accept loop that ends by anything but a stop (a bug, a misconfigured JVM: with an unknown
 * -Djdk.pollerMode the first accept throws ExceptionInInitializerError) must not leave a port
 * that takes connections nobody serves: it closes the port and says so, for the launcher to stop.
 */
class ListenerFailureTest {

    private static final App UNUSED = (environ, startResponse) -> List.of();

    @Test
    void anAcceptLoopThatFailsClosesItsPortAndReportsTheFailure() throws Exception {
        Settings settings = Settings.of(Map.of("server.bind", "127.0.0.1:0"));
        ListeningSocket real = ListeningSocket.bind(settings);
        InetSocketAddress address = (InetSocketAddress) real.address();
        Error bug = new ExceptionInInitializerError("the poller could not start");
        ListeningSocket failing = new FailingAccept(real, bug);
        ConnectionRegistry connections = new ConnectionRegistry(10, 1 << 20, new ErrorLog(new PrintStream(OutputStream.nullOutputStream())), null);
        CompletableFuture<Throwable> reported = new CompletableFuture<>();

        Thread.ofVirtual().start(new Listener(failing, UNUSED, settings, connections, reported::complete));

        assertSame(bug, reported.get());
        assertThrows(ConnectException.class, () -> new Socket(address.getAddress(), address.getPort()).close(),
                "the port still takes connections that nobody will serve");
        connections.endSpareThreads();
    }

    /** A real listening socket whose accept fails as a bug would. */
    private record FailingAccept(ListeningSocket socket, Error failure) implements ListeningSocket {

        @Override
        public ClientSocket accept() {
            throw failure;
        }

        @Override
        public boolean isClosed() {
            return socket.isClosed();
        }

        @Override
        public SocketAddress address() {
            return socket.address();
        }

        @Override
        public String url() {
            return socket.url();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
