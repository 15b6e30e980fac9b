package io.greenhouse.server;

import java.time.Duration;
import java.util.stream.Stream;

/**
 * Enforces every connection's read and write deadlines from one platform thread, instead of a
 * timer per blocking read: a timed socket read on a virtual thread schedules and cancels a
 * timer each time, which cost half the server's throughput. A few times per shortest timeout
 * it visits the live connections: a read past its deadline is ended (the reader sees a
 * {@link java.net.SocketTimeoutException}, so it can still answer 408), and a write blocked
 * longer than the write timeout closes the socket, as a socket write has no timeout of its own.
 * It also ends a turn for the I/O poller that is overdue (see {@link PollerTurns}).
 */
final class TimeoutWatchdog implements Runnable {

    private final ConnectionRegistry connections;
    private final long writeTimeoutNanos;
    private final long periodMillis;
    private final Thread thread;

    TimeoutWatchdog(ConnectionRegistry connections, Settings settings) {
        this.connections = connections;
        this.writeTimeoutNanos = settings.writeTimeout().toNanos();
        long shortest = Stream.of(settings.requestHeadTimeout(), settings.idleTimeout(), settings.bodyReadTimeout(), settings.writeTimeout())
                .mapToLong(Duration::toMillis).filter(millis -> millis > 0).min().orElse(1000);
        this.periodMillis = Math.max(10, Math.min(1000, shortest / 4));
        this.thread = Thread.ofPlatform().daemon().name("greenhouse-timeout-watchdog").unstarted(this);
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
            long now = System.nanoTime();
            for (Connection connection : connections.connections()) {
                connection.endOverdueRead(now);
                if (writeTimeoutNanos > 0 && connection.writeBlockedSince(now - writeTimeoutNanos)) {
                    connections.errors().log("closing a connection whose client has not read for "
                            + Duration.ofNanos(writeTimeoutNanos).toMillis() + " ms");
                    connection.closeNow();
                }
            }
            connections.endOverduePollerTurn(now);
        }
    }
}
