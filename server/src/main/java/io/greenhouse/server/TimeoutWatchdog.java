package io.greenhouse.server;

import java.time.Duration;

/**
 * Closes connections whose client stopped reading: a socket write has no timeout of its own,
 * so a client that never reads would otherwise hold its connection (and the app's work) until
 * the server stops. A few times per timeout period it looks for writes blocked longer than the
 * write timeout and closes their sockets, which fails the write.
 */
final class WriteWatchdog implements Runnable {

    private final ConnectionRegistry connections;
    private final long timeoutNanos;
    private final long periodMillis;
    private final Thread thread;

    WriteWatchdog(ConnectionRegistry connections, Duration timeout) {
        this.connections = connections;
        this.timeoutNanos = timeout.toNanos();
        this.periodMillis = Math.max(10, Math.min(1000, timeout.toMillis() / 4));
        this.thread = Thread.ofPlatform().daemon().name("greenhouse-write-watchdog").unstarted(this);
    }

    void start() {
        thread.start();
    }

    void stop() {
        thread.interrupt();
    }

    @Override
    public void run() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(periodMillis);  // a cadence, not a wait for a condition
            } catch (InterruptedException e) {
                return;
            }
            long blockedBefore = System.nanoTime() - timeoutNanos;
            for (Connection connection : connections.connections()) {
                if (connection.writeBlockedSince(blockedBefore)) {
                    connections.errors().log("closing a connection whose client has not read for "
                            + Duration.ofNanos(timeoutNanos).toMillis() + " ms");
                    connection.closeNow();
                }
            }
        }
    }
}
