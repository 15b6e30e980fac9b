package io.greenhouse.spi;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * The names of the {@code environ} keys and typed readers for them.
 *
 * <p>Every CGI key holds a String. Request headers appear as {@code HTTP_NAME} (upper-cased,
 * '-' turned into '_'; repeats joined with ",", or "; " for Cookie), except Content-Type and
 * Content-Length, which appear only as {@link #CONTENT_TYPE} and {@link #CONTENT_LENGTH}.
 *
 * <p>Text as it came, as PEP 3333 gives it: the query, {@link #REQUEST_URI} and header values
 * hold the request's bytes one char each (ISO-8859-1), undecoded; to read a query's UTF-8,
 * percent-decode it and take the bytes as UTF-8 ({@code new String(s.getBytes(ISO_8859_1),
 * UTF_8)} for raw bytes). Only {@link #PATH_INFO} is decoded for you, as UTF-8.
 */
public final class Environ {

    public static final String REQUEST_METHOD = "REQUEST_METHOD";
    /** The mount point of the app: "" at the root. */
    public static final String SCRIPT_NAME = "SCRIPT_NAME";
    /** The path, percent-decoded, its bytes read as UTF-8. */
    public static final String PATH_INFO = "PATH_INFO";
    /** The raw query, without '?', its bytes one char each (ISO-8859-1): "" when there is none. */
    public static final String QUERY_STRING = "QUERY_STRING";
    /** The request-target exactly as the client sent it. */
    public static final String REQUEST_URI = "REQUEST_URI";
    public static final String CONTENT_TYPE = "CONTENT_TYPE";
    public static final String CONTENT_LENGTH = "CONTENT_LENGTH";
    public static final String SERVER_NAME = "SERVER_NAME";
    public static final String SERVER_PORT = "SERVER_PORT";
    /** "HTTP/1.0" or "HTTP/1.1". */
    public static final String SERVER_PROTOCOL = "SERVER_PROTOCOL";
    public static final String REMOTE_ADDR = "REMOTE_ADDR";
    public static final String REMOTE_PORT = "REMOTE_PORT";

    /** {@code List.of(1, 0)}. */
    public static final String WSGI_VERSION = "wsgi.version";
    /** "http" or "https". */
    public static final String WSGI_URL_SCHEME = "wsgi.url_scheme";
    /**
     * An {@link InputStream} of the request body alone, de-chunked; -1 at its end. Its first
     * read sends {@code 100 Continue} when the client asked for it.
     */
    public static final String WSGI_INPUT = "wsgi.input";
    /** A {@link PrintStream} to the server's error log. */
    public static final String WSGI_ERRORS = "wsgi.errors";
    public static final String WSGI_MULTITHREAD = "wsgi.multithread";
    public static final String WSGI_MULTIPROCESS = "wsgi.multiprocess";
    public static final String WSGI_RUN_ONCE = "wsgi.run_once";
    /**
     * A mutable {@code List<Runnable>}: each runs after the response was fully sent, also after
     * a failed one; an exception from one does not stop the others.
     */
    public static final String GREENHOUSE_POSTHOOKS = "greenhouse.posthooks";

    private Environ() {
    }

    /** The request method, such as "GET". */
    public static String method(Map<String, Object> environ) {
        return (String) environ.get(REQUEST_METHOD);
    }

    /** The decoded path; "/" when empty. */
    public static String path(Map<String, Object> environ) {
        String path = (String) environ.getOrDefault(PATH_INFO, "");
        return path.isEmpty() ? "/" : path;
    }

    /** The raw query string: "" when there is none. */
    public static String query(Map<String, Object> environ) {
        return (String) environ.getOrDefault(QUERY_STRING, "");
    }

    /**
     * A request header's value by its HTTP name, such as "Accept" or "Content-Type"; null when
     * the request has none.
     */
    public static String header(Map<String, Object> environ, String name) {
        String key = name.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
        if (key.equals(CONTENT_TYPE) || key.equals(CONTENT_LENGTH)) {
            return (String) environ.get(key);
        }
        return (String) environ.get("HTTP_" + key);
    }

    /** The declared body length, or -1 when the request did not give one (chunked or none). */
    public static long contentLength(Map<String, Object> environ) {
        String value = (String) environ.get(CONTENT_LENGTH);
        return value == null || value.isEmpty() ? -1 : Long.parseLong(value);
    }

    /** The body stream; see {@link #WSGI_INPUT}. */
    public static InputStream input(Map<String, Object> environ) {
        return (InputStream) environ.get(WSGI_INPUT);
    }

    /** The error log; see {@link #WSGI_ERRORS}. */
    public static PrintStream errors(Map<String, Object> environ) {
        return (PrintStream) environ.get(WSGI_ERRORS);
    }

    /**
     * Reads the whole body, refusing one over {@code maxBytes}. It is held in memory, so
     * {@code maxBytes} times the requests that may read at once must fit the heap; where clients
     * could send that many, bound the bytes held across requests (as the Feed Scraper does) or
     * read {@code wsgi.input} as a stream.
     *
     * @throws IOException when the client fails to send it, or when it is larger than maxBytes
     *     ({@link BodyTooLargeException})
     */
    public static byte[] readBody(Map<String, Object> environ, int maxBytes) throws IOException {
        InputStream in = input(environ);
        byte[] body = in.readNBytes(maxBytes);
        if (body.length == maxBytes && in.read() != -1) {
            throw new BodyTooLargeException(maxBytes);
        }
        return body;
    }

    /** Adds a hook to run after the response has been sent; see {@link #GREENHOUSE_POSTHOOKS}. */
    @SuppressWarnings("unchecked")
    public static void addPosthook(Map<String, Object> environ, Runnable hook) {
        ((List<Runnable>) environ.get(GREENHOUSE_POSTHOOKS)).add(hook);
    }

    /** Thrown by {@link #readBody} when the body is larger than the caller allows. */
    public static final class BodyTooLargeException extends IOException {
        private final int maxBytes;

        public BodyTooLargeException(int maxBytes) {
            super("request body is larger than " + maxBytes + " bytes");
            this.maxBytes = maxBytes;
        }

        public int maxBytes() {
            return maxBytes;
        }
    }
}
