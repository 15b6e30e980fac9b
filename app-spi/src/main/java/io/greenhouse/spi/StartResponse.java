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
     * @param status a status line without the protocol: a code from 200 to 599, a space and a
     *     reason, such as {@code "200 OK"} (a bare code is sent with an empty reason)
     * @param headers the response headers; hop-by-hop headers are the server's and are dropped,
     *     except {@code Connection: close}, which closes the connection after the response
     * @param excInfo null on the first call; the error being handled on a second call
     * @return a {@link Write} for apps that push their body instead of returning it
     * @throws IllegalStateException when called a second time without {@code excInfo}
     * @throws IllegalArgumentException at once, before anything is sent (so the app may catch it
     *     and call again), when {@code headers} or an entry, name or value in it is null; when the
     *     status is not as above or holds a control or non-ISO-8859-1 character; when a header
     *     name is not a token, or a value holds CR, LF, another control or a character outside
     *     ISO-8859-1 (so no input of the app's can split the response); or when Content-Length
     *     values are invalid or conflict. Left uncaught, it is the app's failure: a 500
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
