package io.greenhouse.server;

import java.util.List;

/** Runs {@code greenhouse.posthooks} after the response was sent (eventlet's {@code eventlet.posthooks}). */
final class Posthooks {

    private Posthooks() {
    }

    /**
     * Runs what the app left under {@code greenhouse.posthooks}, by index as eventlet does, so a
     * hook may add another; whatever the app put there, a failure is logged and ends nothing.
     */
    static void run(List<?> posthooks, ErrorLog errors) {
        for (int i = 0; ; i++) {
            Object hook;
            try {
                if (i >= posthooks.size()) {
                    return;
                }
                hook = posthooks.get(i);
            } catch (RuntimeException e) {
                errors.log("greenhouse.posthooks could not be read", e);
                return;
            }
            if (!(hook instanceof Runnable runnable)) {
                errors.log("posthook is not a Runnable: " + hook);
                continue;
            }
            try {
                runnable.run();
            } catch (Throwable e) {
                errors.log("posthook failed", e);
            }
        }
    }
}
