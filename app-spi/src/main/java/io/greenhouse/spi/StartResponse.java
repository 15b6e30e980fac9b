package io.greenhouse.spi;

import java.util.List;

/**
 * Begins a response: the {@code start_response} callable of PEP 3333.
 *
 * <p>Calling it records the status and headers; nothing is sent yet. They go out with the
 * first non-empty chunk of the returned Iterable, with the first call of {@link Write} (even
 * with an empty chunk), or when the body ends. Until then an app may call again with
 * {@code excInfo} set, to replace them with an
 * error response.
 */
@FunctionalInterface
public interface StartResponse {

    /**
     * Records the response's status and headers.
     *
     * @param status a status line without the protocol, such as {@code "200 OK"}
     * @param headers the response headers; hop-by-hop headers are the server's and are dropped,
     *     except {@code Connection: close}, which closes the connection after the response. A
     *     name or value with CR or LF, or a value outside ISO-8859-1, fails the response with 500.
     * @param excInfo null on the first call; the error being handled on a second call
     * @return a {@link Write} for apps that push their body instead of returning it
     * @throws IllegalStateException when called a second time without {@code excInfo}
     * @throws IllegalArgumentException when {@code headers} is null
     * @throws RuntimeException {@code excInfo} itself when called with it after the headers went
     *     out, so the app's error ends the response: as is when unchecked (an {@link Error} is
     *     thrown as is too), an {@link java.io.IOException} in an
     *     {@link java.io.UncheckedIOException}, any other checked exception in an
     *     {@link IllegalStateException}
     */
    Write call(String status, List<Header> headers, Throwable excInfo);

    /** Records the status and headers; the same as {@code call(status, headers, null)}. */
    default Write call(String status, List<Header> headers) {
        return call(status, headers, null);
    }
}
