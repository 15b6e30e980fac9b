package io.greenhouse.server;

/**
 * A parsed request head: the request line, the header fields as environ keys and values, and
 * what the fields say about framing and the connection.
 *
 * @param method the request method, such as "GET"
 * @param target the request-target exactly as sent
 * @param http11 true for HTTP/1.1 (and later 1.x, served as 1.1), false for HTTP/1.0
 * @param fields the header fields, keyed as environ keys
 * @param host the Host field's value, or null when absent
 * @param bodyLength the Content-Length, 0 when there is no body, or {@link #CHUNKED}
 * @param connectionClose the client sent {@code Connection: close}
 * @param connectionKeepAlive the client sent {@code Connection: keep-alive}
 * @param expectContinue the client sent {@code Expect: 100-continue}
 */
record RequestHead(
        String method,
        String target,
        boolean http11,
        HeaderFields fields,
        String host,
        long bodyLength,
        boolean connectionClose,
        boolean connectionKeepAlive,
        boolean expectContinue) {

    /** {@link #bodyLength} of a chunked body. */
    static final long CHUNKED = -1;

    String protocol() {
        return http11 ? "HTTP/1.1" : "HTTP/1.0";
    }

    /** Whether the client allows the connection to stay open after this request. */
    boolean clientKeepsAlive() {
        return http11 ? !connectionClose : connectionKeepAlive && !connectionClose;
    }

    boolean isHead() {
        return "HEAD".equals(method);
    }
}
