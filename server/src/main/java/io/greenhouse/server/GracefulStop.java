package io.greenhouse.server;

import io.greenhouse.spi.App;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The process's stop, on the first TERM, INT or HUP (or a failed accept loop): the server
 * finishes the requests in flight within its grace, then the App closes, within the same grace
 * again, since an App whose close never returns must not keep the process alive for ever. A
 * second signal while stopping means now, as a second Ctrl-C does: one while the requests
 * finish cuts them off, and the App is closed all the same; one while the App closes exits
 * without waiting for it.
 */
final class GracefulStop implements Runnable {

    private final Server server;
    private final App app;
    private final ErrorLog log;
    private final Duration grace;
    private final AtomicReference<Thread> stopper = new AtomicReference<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    /** Held while a signal interrupts the stopper, and while the stopper moves on from one step to the next. */
    private final Object step = new Object();
    /** Guarded by {@link #step}: which step a signal's interrupt ends. */
    private boolean closingApp;

    GracefulStop(Server server, App app, ErrorLog log, Duration grace) {
        this.server = server;
        this.app = app;
        this.log = log;
        this.grace = grace;
    }

    @Override
    public void run() {
        if (!stopper.compareAndSet(null, Thread.currentThread())) {
            synchronized (step) {
                log.log(closingApp ? "second signal: exiting without waiting for the app to close"
                        : "second signal: cutting off the requests in flight now");
                stopper.get().interrupt();
            }
            return;
        }
        try {
            log.log("stopping: finishing requests in flight (up to " + grace.toSeconds()
                    + " s; a second TERM or INT cuts them off)");
            boolean clean = server.stop(grace);
            log.log(clean ? "stopped" : "stopped; unfinished requests were cut off");
            closeApp();
        } catch (RuntimeException e) {
            log.log("stopping failed", e);
        } finally {
            stopped.countDown();  // whatever happened, the process ends
        }
    }

    /** Returns once the stop is done. */
    void await() throws InterruptedException {
        stopped.await();
    }

    /** Lets an App that holds resources (clients, pools, timers) release them; a failure is logged. */
    private void closeApp() {
        if (!(app instanceof AutoCloseable closeable)) {
            return;
        }
        synchronized (step) {
            // a signal that came before has cut off the requests, and its interrupt (which
            // Server.stop keeps for its caller) is spent: it must not skip the app's close too
            Thread.interrupted();
            closingApp = true;
            log.log("closing the app (up to " + grace.toSeconds() + " s; a further TERM or INT exits without waiting)");
        }
        Thread closer = Thread.ofPlatform().daemon().name("greenhouse-close-app").start(() -> {
            try {
                closeable.close();
            } catch (Exception e) {
                log.log("closing the app failed", e);
            }
        });
        try {
            if (!closer.join(grace)) {
                log.log("the app did not close within " + grace.toSeconds() + " s; exiting without it");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();  // a second signal: exit now
        }
    }
}
