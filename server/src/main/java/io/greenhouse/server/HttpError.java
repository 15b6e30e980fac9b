package io.greenhouse.server;

import java.io.IOException;

/**
 * A request the server refuses: the status to answer with and a one-line reason that is safe
 * to show the client. Thrown by the parsers and body streams, turned into a response in one
 * place ({@link Connection}). An IOException, so body streams can throw it from {@code read}.
 */
final class HttpError extends IOException {

    private final int status;
    private final int retryAfterSeconds;

    HttpError(int status, String reason) {
        this(status, reason, 0);
    }

    private HttpError(int status, String reason, int retryAfterSeconds) {
        super(reason);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** 503 for an overload that passes: the client is told when to try again (RFC 9110 §10.2.3). */
    static HttpError busy(String reason, int retryAfterSeconds) {
        return new HttpError(503, reason, retryAfterSeconds);
    }

    /** Refusals are expected traffic, not bugs: no stack trace to fill. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }

    int status() {
        return status;
    }

    /** Seconds for a Retry-After field; 0 for none. */
    int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** The one-line reason sent as the response body. */
    String reason() {
        return getMessage();
    }

    static HttpError badRequest(String reason) {
        return new HttpError(400, reason);
    }

    /** The HttpError behind {@code t}, if one caused it (an app may wrap our body errors). */
    static HttpError causeOf(Throwable t) {
        for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
            if (t instanceof HttpError error) {
                return error;
            }
        }
        return null;
    }
}
