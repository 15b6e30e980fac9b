package io.greenhouse.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Connections whose clients never wait step aside until every I/O poller has had a turn. */
@Timeout(60)
class PollerTurnsTest {

    @Test
    void aTurnIsOverOnceTheCanariesHaveReadTheirDatagrams() throws IOException {
        try (PollerTurns pollers = PollerTurns.start()) {
            pollers.awaitTurn();  // never returns unless the poller woke every canary
            assertEquals(1, pollers.turns());
            pollers.awaitTurn();
            assertEquals(2, pollers.turns(), "each wait is for a turn after it began");
        }
    }

    @Test
    void connectionsSteppingAsideTogetherShareATurn() throws Exception {
        try (PollerTurns pollers = PollerTurns.start()) {
            List<Thread> connections = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                connections.add(Thread.ofVirtual().start(pollers::awaitTurn));
            }
            for (Thread connection : connections) {
                connection.join();
            }
            assertTrue(pollers.turns() >= 1 && pollers.turns() <= 50, "turns: " + pollers.turns());
        }
    }

    @Test
    void theCanaryCountIsTheJdksCountOfReadPollers() {
        int processors = Runtime.getRuntime().availableProcessors();
        int expected = System.getProperty("jdk.readPollers") == null
                ? Math.min(Integer.highestOneBit(processors), 32) : PollerTurns.readPollers();
        assertEquals(expected, PollerTurns.readPollers());
        assertEquals(1, Integer.bitCount(PollerTurns.readPollers()), "a power of two");
    }

    @Test
    void aTurnNotOverInTimeIsEndedByTheWatchdog() throws Exception {
        try (DatagramChannel deaf = deafCanary(); PollerTurns pollers = new PollerTurns(new DatagramChannel[] {deaf})) {
            Thread connection = Thread.ofVirtual().start(pollers::awaitTurn);
            awaitParked(connection);
            pollers.endOverdueTurn(System.nanoTime());
            assertTrue(connection.isAlive(), "a turn asked for just now is not overdue");
            pollers.endOverdueTurn(System.nanoTime() + PollerTurns.OVERDUE_NANOS + 1);
            connection.join();
            assertEquals(1, pollers.turns());
        }
    }

    @Test
    void closingLetsWaitingConnectionsGoOn() throws Exception {
        DatagramChannel deaf = deafCanary();
        PollerTurns pollers = new PollerTurns(new DatagramChannel[] {deaf});
        Thread connection = Thread.ofVirtual().start(pollers::awaitTurn);
        awaitParked(connection);
        pollers.close();
        connection.join();
        pollers.awaitTurn();  // returns at once once closed
        assertEquals(0, pollers.turns());
    }

    private final List<DatagramChannel> sinks = new ArrayList<>();

    @AfterEach
    void closeSinks() throws IOException {
        for (DatagramChannel sink : sinks) {
            sink.close();
        }
    }

    /** A canary whose datagrams go to another channel that nobody reads: its turns are never over. */
    private DatagramChannel deafCanary() throws IOException {
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        DatagramChannel sink = DatagramChannel.open().bind(loopback);
        DatagramChannel canary = DatagramChannel.open().bind(loopback);
        canary.connect(sink.getLocalAddress());
        sinks.add(sink);
        return canary;
    }

    private static void awaitParked(Thread thread) {
        while (thread.getState() != Thread.State.WAITING) {
            Thread.onSpinWait();
        }
    }
}
