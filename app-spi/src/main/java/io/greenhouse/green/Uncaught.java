package io.greenhouse.green;

/** Hands an exception nobody will receive to the current thread's uncaught-exception handler. */
final class Uncaught {

    private Uncaught() {
    }

    /** Reports {@code failure} without throwing it; by default it is printed to System.err. */
    static void report(Throwable failure) {
        Thread current = Thread.currentThread();
        current.getUncaughtExceptionHandler().uncaughtException(current, failure);
    }
}
