package io.greenhouse.server;

import java.net.SocketTimeoutException;

/**
 * A read of {@code wsgi.input} that waited past {@code server.body-read-timeout}: the client's
 * fault, answered 408 when it ends the app. Its own type, so that a timeout of the app's own
 * calls (to a database, another service) is told apart: that one is the server's 500.
 */
final class RequestBodyTimeout extends SocketTimeoutException {

    RequestBodyTimeout(SocketTimeoutException cause) {
        super("request body not received in time");
        initCause(cause);
    }

    /** Whether {@code t}, or what caused it, is a body read that timed out. */
    static boolean causedBy(Throwable t) {
        for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
            if (t instanceof RequestBodyTimeout) {
                return true;
            }
        }
        return false;
    }
}
