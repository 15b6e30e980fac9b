package io.greenhouse.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The watchdog's rounds: besides deadlines (tested end to end elsewhere), turns for the I/O poller. */
@Timeout(60)
class TimeoutWatchdogTest {

    @Test
    void endsAPollerTurnThatIsLongOverdue() throws Exception {
        ErrorLog errors = new ErrorLog(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (DatagramChannel silent = DatagramChannel.open().bind(loopback);
                DatagramChannel canary = DatagramChannel.open().bind(loopback);
                DatagramChannel sender = DatagramChannel.open().bind(loopback)) {
            canary.connect(silent.getLocalAddress());  // it hears no datagram of the sender's: no turn ends by itself
            sender.configureBlocking(false);
            PollerTurns deaf = new PollerTurns(new DatagramChannel[] {canary}, sender, System::nanoTime, errors);
            ConnectionRegistry connections = new ConnectionRegistry(10, 1 << 20, errors, null, deaf);
            TimeoutWatchdog watchdog = new TimeoutWatchdog(connections, Settings.defaults().with("server.write-timeout", "400ms"));
            Thread steppingAside = Thread.ofVirtual().start(connections::letPollerRun);
            watchdog.start();
            try {
                steppingAside.join();  // returns only once a round of the watchdog has ended the turn
            } finally {
                watchdog.stop();
                deaf.close();
            }
            assertEquals(1, connections.pollerTurnsTaken());
        }
    }
}
