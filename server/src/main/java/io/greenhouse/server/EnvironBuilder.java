package io.greenhouse.server;

import io.greenhouse.spi.Environ;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the environ of each request on one connection (PEP 3333 §"environ Variables"): the
 * CGI keys, the headers as HTTP_* keys, and the wsgi.* keys. What is the same for every
 * request on the connection is computed once.
 */
final class EnvironBuilder {

    private static final List<Integer> WSGI_VERSION = List.of(1, 0);
    private static final String HTTP_HOST = "HTTP_HOST";

    private final String remoteAddr;
    private final String remotePort;
    private final String localName;
    private final String localPort;
    private final String urlScheme;
    private final SchemeHeaders schemeHeaders;
    private final ScriptName scriptName;
    private final PrintStream errors;

    /**
     * @param client who is behind the connection, and whether its scheme headers are believed
     * @param socket the connection, for SERVER_NAME and SERVER_PORT when a request has no Host
     * @param settings for wsgi.url_scheme (unless believed scheme headers say otherwise) and SCRIPT_NAME
     * @param errors wsgi.errors
     */
    EnvironBuilder(ClientOrigin client, ClientSocket socket, Settings settings, PrintStream errors) {
        this.remoteAddr = client.remoteAddr();
        this.remotePort = client.remotePort();
        this.localName = socket.localName();
        this.localPort = socket.localPort() > 0 ? Integer.toString(socket.localPort()) : null;  // none over a Unix domain socket
        this.urlScheme = settings.urlScheme();
        this.schemeHeaders = client.schemeHeaders();
        this.scriptName = settings.scriptName();
        this.errors = errors;
    }

    String remoteAddr() {
        return remoteAddr;
    }

    /**
     * @throws HttpError 400 when the target is malformed (bad percent-encoding, not UTF-8), or
     *     a trusted proxy's scheme headers disagree; 404 when its path is outside the app's mount point
     */
    Map<String, Object> build(RequestHead head, InputStream input) throws HttpError {
        RequestTarget target = RequestTarget.parse(head.method(), head.target());
        String pathInfo = scriptName.pathInfo(target.path());
        if (pathInfo == null) {
            throw new HttpError(404, "not found: the app is at " + scriptName + "/");
        }
        String scheme = schemeHeaders == null ? urlScheme : schemeHeaders.schemeOf(head.fields(), urlScheme);
        Map<String, Object> environ = new HashMap<>(64);
        environ.put(Environ.REQUEST_METHOD, head.method());
        environ.put(Environ.SCRIPT_NAME, scriptName.scriptName(target.path()));
        environ.put(Environ.PATH_INFO, pathInfo);
        environ.put(Environ.QUERY_STRING, target.query());
        environ.put(Environ.REQUEST_URI, head.target());
        environ.put(Environ.SERVER_PROTOCOL, head.protocol());
        environ.put(Environ.REMOTE_ADDR, remoteAddr);
        environ.put(Environ.REMOTE_PORT, remotePort);
        putServerNameAndPort(environ, target.authority() != null ? target.authority() : head.host(), scheme);
        putHeaders(environ, head.fields());
        if (target.authority() != null) {
            // RFC 9112 §3.2.2: the server MUST ignore Host then, so HTTP_HOST names the target's
            // authority too, and an app rebuilding its URL from HTTP_HOST (PEP 3333) gets it right
            environ.put(HTTP_HOST, target.authority());
        }
        environ.put(Environ.WSGI_VERSION, WSGI_VERSION);
        environ.put(Environ.WSGI_URL_SCHEME, scheme);
        environ.put(Environ.WSGI_INPUT, input);
        environ.put(Environ.WSGI_ERRORS, errors);
        environ.put(Environ.WSGI_MULTITHREAD, Boolean.TRUE);
        environ.put(Environ.WSGI_MULTIPROCESS, Boolean.FALSE);
        environ.put(Environ.WSGI_RUN_ONCE, Boolean.FALSE);
        environ.put(Environ.GREENHOUSE_POSTHOOKS, new ArrayList<Runnable>(0));
        return environ;
    }

    /** From the absolute-form authority, else Host, else the address the client connected to. */
    private void putServerNameAndPort(Map<String, Object> environ, String authority, String scheme) {
        Authority parsed = authority == null || authority.isEmpty() ? null : Authority.parse(authority);
        if (parsed == null) {
            environ.put(Environ.SERVER_NAME, localName);
            environ.put(Environ.SERVER_PORT, localPort != null ? localPort : defaultPort(scheme));
            return;
        }
        environ.put(Environ.SERVER_NAME, parsed.host());
        environ.put(Environ.SERVER_PORT, parsed.port() != null ? parsed.port() : defaultPort(scheme));
    }

    private static String defaultPort(String scheme) {
        return scheme.equals("https") ? "443" : "80";
    }

    private static void putHeaders(Map<String, Object> environ, HeaderFields fields) {
        for (int i = 0; i < fields.size(); i++) {
            String key = fields.key(i);
            String value = fields.value(i);
            Object previous = environ.putIfAbsent(key, value);
            if (previous != null) {
                String separator = key.equals("HTTP_COOKIE") ? "; " : ",";
                environ.put(key, previous + separator + value);
            }
        }
    }
}
