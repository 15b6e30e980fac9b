package io.greenhouse.green;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Catches what reaches the default uncaught-exception handler, until closed. */
final class ReportedExceptions implements AutoCloseable {

    private final Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
    private final List<Throwable> reported = new CopyOnWriteArrayList<>();
    private final List<Thread> reporters = new CopyOnWriteArrayList<>();

    ReportedExceptions() {
        Thread.setDefaultUncaughtExceptionHandler((thread, failure) -> {
            reporters.add(thread);
            reported.add(failure);
        });
    }

    List<Throwable> reported() {
        return List.copyOf(reported);
    }

    List<Thread> reporters() {
        return List.copyOf(reporters);
    }

    @Override
    public void close() {
        Thread.setDefaultUncaughtExceptionHandler(previous);
    }
}
