package io.greenhouse.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Connections whose clients never wait step aside until every I/O poller has had a turn. */
@Timeout(60)
class PollerTurnsTest {

    private final ByteArrayOutputStream errorBytes = new ByteArrayOutputStream();
    private final ErrorLog errors = new ErrorLog(new PrintStream(errorBytes, true, StandardCharsets.UTF_8));
    /** The test's clock, for turns that are never over. */
    private long now;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    @Test
    void aTurnIsOverOnceTheCanariesHaveReadTheirDatagrams() throws IOException {
        PollerTurns pollers = open(PollerTurns.start(errors));
        pollers.awaitTurn();  // never returns unless the poller woke every canary
        assertEquals(1, pollers.turns());
        pollers.awaitTurn();
        assertEquals(2, pollers.turns(), "one after another, each waits for a turn of its own");
    }

    @Test
    void connectionsSteppingAsideTogetherShareATurn() throws Exception {
        PollerTurns pollers = deafPollers();
        List<Thread> connections = parkedOn(pollers, 50);
        pollers.endOverdueTurn(now + PollerTurns.OVERDUE_NANOS + 1);
        for (Thread connection : connections) {
            connection.join();
        }
        assertEquals(1, pollers.turns());
    }

    @Test
    void aTurnNotOverInTimeIsEndedByTheWatchdog() throws Exception {
        PollerTurns pollers = deafPollers();
        Thread connection = parkedOn(pollers, 1).get(0);
        pollers.endOverdueTurn(now + PollerTurns.OVERDUE_NANOS);
        assertEquals(0, pollers.turns(), "not overdue yet");
        pollers.endOverdueTurn(now + PollerTurns.OVERDUE_NANOS + 1);
        connection.join();
        assertEquals(1, pollers.turns());
    }

    @Test
    void closingLetsWaitingConnectionsGoOn() throws Exception {
        PollerTurns pollers = deafPollers();
        Thread connection = parkedOn(pollers, 1).get(0);
        pollers.close();
        connection.join();
        pollers.awaitTurn();  // returns at once once closed
        assertEquals(0, pollers.turns());
        assertEquals("", errorBytes.toString(StandardCharsets.UTF_8), "a close is no failure");
    }

    @Test
    void aConnectionInterruptedWhileSteppingAsideKeepsItsInterruptAndTheTurnsGoOn() throws Exception {
        PollerTurns pollers = open(PollerTurns.start(errors));
        AtomicBoolean interruptKept = new AtomicBoolean();
        Thread connection = Thread.ofVirtual().start(() -> {
            Thread.currentThread().interrupt();  // an app restored an interrupt it caught
            pollers.awaitTurn();
            interruptKept.set(Thread.currentThread().isInterrupted());
        });
        connection.join();
        assertTrue(interruptKept.get());
        pollers.awaitTurn();
        pollers.awaitTurn();
        assertEquals(3, pollers.turns(), "an interrupted sender closed the canaries' channels before");
        assertEquals("", errorBytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aConnectionInterruptedWhileItSendsTheTurnsDatagramsDoesNotEndTheTurns() throws Exception {
        // an app's own timeout, a GreenThread.kill or a shutdown interrupts the thread reading a
        // body, which may be sending a turn's datagrams just then: the interrupt closed the
        // canary it was written to, and no connection had a turn again for the life of the server
        PollerTurns pollers = open(PollerTurns.start(errors));
        int turnsUnderFire = 10_000;
        Thread connection = Thread.ofVirtual().start(() -> {
            for (int i = 0; i < turnsUnderFire; i++) {
                pollers.awaitTurn();
                Thread.interrupted();
            }
        });
        Thread interrupter = Thread.ofPlatform().start(() -> {
            while (connection.isAlive()) {
                connection.interrupt();
            }
        });
        connection.join();
        interrupter.join();
        long before = pollers.turns();
        pollers.awaitTurn();
        assertEquals(before + 1, pollers.turns(), "a turn after the interrupted ones");
        assertEquals("", errorBytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void thereIsOneCanaryAtLeastAndAPowerOfTwo() {
        int canaries = PollerTurns.readPollers();
        assertTrue(canaries >= 1 && canaries <= 32, "canaries: " + canaries);
        assertEquals(1, Integer.bitCount(canaries));
    }

    /** Turns on a canary that hears only another channel, which never sends: none is ever over by itself. */
    private PollerTurns deafPollers() throws IOException {
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        DatagramChannel silent = open(DatagramChannel.open().bind(loopback));
        DatagramChannel canary = open(DatagramChannel.open().bind(loopback));
        canary.connect(silent.getLocalAddress());
        DatagramChannel sender = open(DatagramChannel.open().bind(loopback));
        sender.configureBlocking(false);
        return open(new PollerTurns(new DatagramChannel[] {canary}, sender, () -> now, errors));
    }

    private <T extends AutoCloseable> T open(T closeable) {
        toClose.add(closeable);
        return closeable;
    }

    /** Connections stepping aside on {@code pollers}, once each is parked waiting for its turn. */
    private static List<Thread> parkedOn(PollerTurns pollers, int count) {
        List<Thread> connections = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            connections.add(Thread.ofVirtual().start(pollers::awaitTurn));
        }
        for (Thread connection : connections) {
            while (connection.getState() != Thread.State.WAITING) {
                Thread.onSpinWait();
            }
        }
        return connections;
    }
}
