package io.greenhouse.server;

import java.io.InputStream;
import java.io.PrintStream;

/**
 * Makes the environ of each request on one connection (PEP 3333 §"environ Variables"): works
 * out the CGI keys' values, refusing a target the app must not see, and hands them with the
 * headers to a {@link RequestEnviron}. What is the same for every request on the connection is
 * computed once.
 */
final class EnvironBuilder {

    private final RequestEnviron.ConnectionValues connection;
    private final String localName;
    private final String localPort;
    private final String urlScheme;
    private final SchemeHeaders schemeHeaders;
    private final ScriptName scriptName;

    /**
     * @param client who is behind the connection, and whether its scheme headers are believed
     * @param socket the connection, for SERVER_NAME and SERVER_PORT when a request has no Host
     * @param settings for wsgi.url_scheme (unless believed scheme headers say otherwise) and SCRIPT_NAME
     * @param errors wsgi.errors
     */
    EnvironBuilder(ClientOrigin client, ClientSocket socket, Settings settings, PrintStream errors) {
        this.connection = new RequestEnviron.ConnectionValues(client.remoteAddr(), client.remotePort(), errors);
        this.localName = socket.localName();
        this.localPort = socket.localPort() > 0 ? Integer.toString(socket.localPort()) : null;  // none over a Unix domain socket
        this.urlScheme = settings.urlScheme();
        this.schemeHeaders = client.schemeHeaders();
        this.scriptName = settings.scriptName();
    }

    String remoteAddr() {
        return connection.remoteAddr();
    }

    /**
     * @throws HttpError 400 when the target is malformed (bad percent-encoding, not UTF-8), or
     *     a trusted proxy's scheme headers disagree; 404 when its path is outside the app's mount point
     */
    RequestEnviron build(RequestHead head, InputStream input) throws HttpError {
        RequestTarget target = RequestTarget.parse(head.method(), head.target());
        String pathInfo = scriptName.pathInfo(target.path());
        if (pathInfo == null) {
            throw new HttpError(404, "not found: the app is at " + scriptName + "/");
        }
        String scheme = schemeHeaders == null ? urlScheme : schemeHeaders.schemeOf(head.fields(), urlScheme);
        String script = scriptName.scriptName(target.path());
        // RFC 9112 §3.2.2: with an absolute-form target the server MUST ignore Host, so the
        // target's authority names the server, and becomes HTTP_HOST too (RequestEnviron)
        String authority = target.authority() != null ? target.authority() : head.host();
        Authority parsed = authority == null || authority.isEmpty() ? null : Authority.parse(authority);
        if (parsed == null) {  // no Host (HTTP/1.0): the address the client connected to
            return new RequestEnviron(connection, head, target, script, pathInfo, scheme,
                    localName, localPort != null ? localPort : defaultPort(scheme), input);
        }
        return new RequestEnviron(connection, head, target, script, pathInfo, scheme,
                parsed.host(), parsed.port() != null ? parsed.port() : defaultPort(scheme), input);
    }

    private static String defaultPort(String scheme) {
        return scheme.equals("https") ? "443" : "80";
    }
}
