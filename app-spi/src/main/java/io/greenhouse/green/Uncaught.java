package io.greenhouse.green;

/** Hands an exception nobody will receive to the current thread's uncaught-exception handler. */
final class Uncaught {

    private Uncaught() {
    }

    /**
     * Reports {@code failure} without throwing it; by default it is printed to System.err. A
     * handler that throws in turn is not let through either: what is reported is reported from
     * where other work (the callbacks still to run, a slot to give back) must go on.
     */
    static void report(Throwable failure) {
        Thread current = Thread.currentThread();
        try {
            current.getUncaughtExceptionHandler().uncaughtException(current, failure);
        } catch (Throwable handlerFailed) {
            failure.addSuppressed(handlerFailed);
            failure.printStackTrace();  // the last place left to report it
        }
    }
}
