package io.greenhouse.spi;

import java.util.Map;

/**
 * A web application, as PEP 3333 defines one, carried to Java.
 *
 * <p>The server calls {@link #call} once per request, on the virtual thread that owns the
 * connection, so the app may block freely (read the body, call other services, sleep) without
 * holding up other connections. The app must call {@code startResponse} before or while
 * producing its body, and returns the body as an {@link Iterable} of byte chunks; chunks
 * already passed to the {@link Write} returned by {@code startResponse} go out before them.
 *
 * <p>If the returned Iterable is also {@link AutoCloseable}, the server closes it exactly once
 * after the response, including when the app fails mid-body or the client goes away.
 *
 * <p>If the App itself is {@link AutoCloseable} (it holds clients, pools, timers), {@code bin/serve}
 * closes it once, after the server has stopped and the requests in flight have finished.
 *
 * <pre>{@code
 * App hello = (environ, startResponse) -> {
 *     startResponse.call("200 OK", List.of(new Header("Content-Type", "text/plain")));
 *     return List.of("Hello, World!".getBytes(StandardCharsets.UTF_8));
 * };
 * }</pre>
 *
 * @see Environ for the keys of {@code environ}
 */
@FunctionalInterface
public interface App {

    /**
     * Handles one request.
     *
     * @param environ the request's environment: a fresh mutable map the app may change
     * @param startResponse begins the response; see {@link StartResponse}
     * @return the response body, chunk by chunk; never null, and no chunk null. The app must have
     *     called {@code startResponse} by the time the body ends or its first non-empty chunk
     *     comes; a null chunk or a body without {@code startResponse} is the app's error, handled
     *     as a thrown exception
     * @throws Exception anything: before the headers went out the client gets a 500 and the
     *     exception goes to the error log; after, the connection is closed
     */
    Iterable<byte[]> call(Map<String, Object> environ, StartResponse startResponse) throws Exception;
}
