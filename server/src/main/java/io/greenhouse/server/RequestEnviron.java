package io.greenhouse.server;

import io.greenhouse.spi.Environ;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The environ of one request as the app receives it: a mutable map like any other, which
 * answers {@code get} and {@code containsKey} from the parsed request and builds its entries
 * only when the app first changes it, walks it or asks its size. Most apps only look keys up,
 * and building ~25 entries was most of the time from a parsed head to the app.
 *
 * <p>Until then its keys are the CGI and wsgi ones, which every request has, and one per header
 * field name ({@link HeaderFields}: repeats joined with ",", or "; " for Cookie).
 */
final class RequestEnviron implements Map<String, Object> {

    private static final List<Integer> WSGI_VERSION = List.of(1, 0);
    private static final String HTTP_HOST = "HTTP_HOST";
    private static final String HTTP_COOKIE = "HTTP_COOKIE";

    /** The values of the CGI and wsgi keys, the same for every request on a connection. */
    record ConnectionValues(String remoteAddr, String remotePort, PrintStream errors) {
    }

    private final ConnectionValues connection;
    private final String method;
    private final String scriptName;
    private final String pathInfo;
    private final String query;
    private final String requestUri;
    private final String protocol;
    private final String serverName;
    private final String serverPort;
    private final String scheme;
    private final InputStream input;
    private final HeaderFields fields;
    /** The absolute-form target's authority, which replaces Host (RFC 9112 §3.2.2); else null. */
    private final String hostFromTarget;
    private List<Runnable> posthooks;
    /**
     * The entries, once built; from then on the only truth. Volatile, and built under the lock,
     * so that threads of the app reading the environ at once see one whole map, as they would
     * a HashMap made before the app was called.
     */
    private volatile HashMap<String, Object> entries;

    RequestEnviron(ConnectionValues connection, RequestHead head, RequestTarget target, String scriptName,
            String pathInfo, String scheme, String serverName, String serverPort, InputStream input) {
        this.connection = connection;
        this.method = head.method();
        this.scriptName = scriptName;
        this.pathInfo = pathInfo;
        this.query = target.query();
        this.requestUri = head.target();
        this.protocol = head.protocol();
        this.serverName = serverName;
        this.serverPort = serverPort;
        this.scheme = scheme;
        this.input = input;
        this.fields = head.fields();
        this.hostFromTarget = target.authority();
    }

    @Override
    public Object get(Object key) {
        HashMap<String, Object> built = entries;
        if (built != null) {
            return built.get(key);
        }
        return key instanceof String name ? lookUp(name) : null;
    }

    @Override
    public boolean containsKey(Object key) {
        HashMap<String, Object> built = entries;
        if (built != null) {
            return built.containsKey(key);
        }
        return key instanceof String name && (isRequestKey(name) || header(name) != null);
    }

    /** A key's value before the entries are built: a CGI or wsgi key, else a header's. */
    private Object lookUp(String name) {
        return switch (name) {
            case Environ.REQUEST_METHOD -> method;
            case Environ.SCRIPT_NAME -> scriptName;
            case Environ.PATH_INFO -> pathInfo;
            case Environ.QUERY_STRING -> query;
            case Environ.REQUEST_URI -> requestUri;
            case Environ.SERVER_PROTOCOL -> protocol;
            case Environ.REMOTE_ADDR -> connection.remoteAddr();
            case Environ.REMOTE_PORT -> connection.remotePort();
            case Environ.SERVER_NAME -> serverName;
            case Environ.SERVER_PORT -> serverPort;
            case Environ.WSGI_VERSION -> WSGI_VERSION;
            case Environ.WSGI_URL_SCHEME -> scheme;
            case Environ.WSGI_INPUT -> input;
            case Environ.WSGI_ERRORS -> connection.errors();
            case Environ.WSGI_MULTITHREAD -> Boolean.TRUE;
            case Environ.WSGI_MULTIPROCESS, Environ.WSGI_RUN_ONCE -> Boolean.FALSE;
            case Environ.GREENHOUSE_POSTHOOKS -> posthookList();
            default -> header(name);
        };
    }

    private static boolean isRequestKey(String name) {
        return switch (name) {
            case Environ.REQUEST_METHOD, Environ.SCRIPT_NAME, Environ.PATH_INFO, Environ.QUERY_STRING,
                    Environ.REQUEST_URI, Environ.SERVER_PROTOCOL, Environ.REMOTE_ADDR, Environ.REMOTE_PORT,
                    Environ.SERVER_NAME, Environ.SERVER_PORT, Environ.WSGI_VERSION, Environ.WSGI_URL_SCHEME,
                    Environ.WSGI_INPUT, Environ.WSGI_ERRORS, Environ.WSGI_MULTITHREAD, Environ.WSGI_MULTIPROCESS,
                    Environ.WSGI_RUN_ONCE, Environ.GREENHOUSE_POSTHOOKS -> true;
            default -> false;
        };
    }

    /** A header's value under its environ key, repeats joined; null when the request has none. */
    private String header(String key) {
        if (hostFromTarget != null && key.equals(HTTP_HOST)) {
            return hostFromTarget;
        }
        String value = null;
        for (int i = 0; i < fields.size(); i++) {
            if (fields.key(i).equals(key)) {
                value = value == null ? fields.value(i) : joined(key, value, fields.value(i));
            }
        }
        return value;
    }

    private static String joined(String key, String earlier, String later) {
        return earlier + (key.equals(HTTP_COOKIE) ? "; " : ",") + later;
    }

    /** The list an app adds posthooks to, made when it first asks. */
    private synchronized List<Runnable> posthookList() {
        if (posthooks == null) {
            posthooks = new ArrayList<>(0);
        }
        return posthooks;
    }

    /** The posthooks to run after the response: what the app left under greenhouse.posthooks. */
    @SuppressWarnings("unchecked")
    synchronized List<Runnable> posthooksToRun() {
        HashMap<String, Object> built = entries;
        Object hooks = built != null ? built.get(Environ.GREENHOUSE_POSTHOOKS) : posthooks;
        return hooks instanceof List<?> list ? (List<Runnable>) list : List.of();
    }

    private HashMap<String, Object> entries() {
        HashMap<String, Object> built = entries;
        return built != null ? built : build();
    }

    /**
     * Builds the entries, once, in the order a HashMap filled key by key would hold them. The
     * keys are named here, in {@link #lookUp} and in {@link #isRequestKey}: putting each value
     * directly is ~50 ns a request faster for an app that walks its environ than putting
     * {@code lookUp(key)} for a list of keys (JMH, 386 against 437 ns), and RequestEnvironTest
     * holds the three to the same keys.
     */
    private synchronized HashMap<String, Object> build() {
        if (entries != null) {
            return entries;
        }
        HashMap<String, Object> map = new HashMap<>(64);
        map.put(Environ.REQUEST_METHOD, method);
        map.put(Environ.SCRIPT_NAME, scriptName);
        map.put(Environ.PATH_INFO, pathInfo);
        map.put(Environ.QUERY_STRING, query);
        map.put(Environ.REQUEST_URI, requestUri);
        map.put(Environ.SERVER_PROTOCOL, protocol);
        map.put(Environ.REMOTE_ADDR, connection.remoteAddr());
        map.put(Environ.REMOTE_PORT, connection.remotePort());
        map.put(Environ.SERVER_NAME, serverName);
        map.put(Environ.SERVER_PORT, serverPort);
        for (int i = 0; i < fields.size(); i++) {
            String key = fields.key(i);
            Object earlier = map.putIfAbsent(key, fields.value(i));
            if (earlier != null) {
                map.put(key, joined(key, (String) earlier, fields.value(i)));
            }
        }
        if (hostFromTarget != null) {
            map.put(HTTP_HOST, hostFromTarget);
        }
        map.put(Environ.WSGI_VERSION, WSGI_VERSION);
        map.put(Environ.WSGI_URL_SCHEME, scheme);
        map.put(Environ.WSGI_INPUT, input);
        map.put(Environ.WSGI_ERRORS, connection.errors());
        map.put(Environ.WSGI_MULTITHREAD, Boolean.TRUE);
        map.put(Environ.WSGI_MULTIPROCESS, Boolean.FALSE);
        map.put(Environ.WSGI_RUN_ONCE, Boolean.FALSE);
        map.put(Environ.GREENHOUSE_POSTHOOKS, posthookList());
        entries = map;
        return map;
    }

    @Override
    public Object put(String key, Object value) {
        return entries().put(key, value);
    }

    @Override
    public Object remove(Object key) {
        return entries().remove(key);
    }

    @Override
    public void putAll(Map<? extends String, ?> m) {
        entries().putAll(m);
    }

    @Override
    public void clear() {
        entries().clear();
    }

    @Override
    public int size() {
        return entries().size();
    }

    @Override
    public boolean isEmpty() {
        return entries().isEmpty();
    }

    @Override
    public boolean containsValue(Object value) {
        return entries().containsValue(value);
    }

    @Override
    public Set<String> keySet() {
        return entries().keySet();
    }

    @Override
    public Collection<Object> values() {
        return entries().values();
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return entries().entrySet();
    }

    @Override
    public boolean equals(Object o) {
        return o == this || entries().equals(o);
    }

    @Override
    public int hashCode() {
        return entries().hashCode();
    }

    @Override
    public String toString() {
        return entries().toString();
    }
}
