package io.greenhouse.server;

import java.net.SocketAddress;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every tunable of the server, in one place. Each has a dotted name, the one used in
 * {@code conf/greenhouse.properties}, by {@code --set NAME=VALUE} and (upper-cased, dots and
 * dashes as underscores, prefixed GREENHOUSE_) by the environment.
 *
 * @param bind the address to listen on: a TCP address, or a Unix domain socket ("unix:PATH")
 * @param unixSocketMode the permissions of a Unix domain socket's file: who may connect
 * @param maxRequestLineBytes longest request line (method, target, version); over it: 414
 * @param maxHeaderFieldBytes longest single header field line; over it: 431
 * @param maxHeaderCount most header fields in one request; over it: 431
 * @param maxHeaderBytes most bytes of all header fields together; over it: 431
 * @param maxBodyBytes largest request body; over it: 413
 * @param maxHeadBytesInFlight how far all connections' read buffers together may grow past 4 KiB
 *     each to hold large request heads; a head that finds no room: 503. Settable as a share of
 *     the heap ("12%", the default)
 * @param requestHeadTimeout time allowed from a request's first byte to the end of its head
 * @param idleTimeout how long a kept-alive connection may wait for its next request
 * @param bodyReadTimeout how long one read of the request body may wait for data
 * @param writeTimeout how long sending may wait for a client that has stopped reading: each write of at
 *     most 64 KiB, so a large chunk to a client still reading is not cut off
 * @param shutdownGrace how long in-flight requests may run on after a stop is asked for
 * @param maxConnections most connections served at once; more wait in the accept backlog
 * @param backlog the listen backlog
 * @param accessLog where the access log goes: "stdout", "stderr", "off" or a file path
 * @param errorLog where errors and wsgi.errors go: "stderr", "stdout" or a file path
 * @param urlScheme the wsgi.url_scheme reported to the app ("http", or "https" behind a TLS proxy)
 * @param scriptName where the app is mounted: SCRIPT_NAME, split off each request's path
 * @param proxyProtocol a connection may begin with a PROXY protocol v1 or v2 header, whose
 *     client address then becomes REMOTE_ADDR and REMOTE_PORT (server.proxy-protocol = on)
 * @param proxyAllowIps the peers allowed to send that header; from others it gets 403
 * @param forwardedAllowIps the peers whose scheme headers set wsgi.url_scheme
 * @param secureSchemeHeaders the header fields, and their values, that say the client used https
 * @param all every setting by name, including those the server does not know (an app's own)
 */
public record Settings(
        SocketAddress bind,
        Set<PosixFilePermission> unixSocketMode,
        int maxRequestLineBytes,
        int maxHeaderFieldBytes,
        int maxHeaderCount,
        int maxHeaderBytes,
        long maxBodyBytes,
        long maxHeadBytesInFlight,
        Duration requestHeadTimeout,
        Duration idleTimeout,
        Duration bodyReadTimeout,
        Duration writeTimeout,
        Duration shutdownGrace,
        int maxConnections,
        int backlog,
        String accessLog,
        String errorLog,
        String urlScheme,
        ScriptName scriptName,
        boolean proxyProtocol,
        TrustedPeers proxyAllowIps,
        TrustedPeers forwardedAllowIps,
        SchemeHeaders secureSchemeHeaders,
        Map<String, String> all) {

    /** The built-in defaults, by name; conf/greenhouse.properties repeats them for operators. */
    public static final Map<String, String> DEFAULTS = defaults(
            "server.bind", "127.0.0.1:9010",
            "server.unix-socket-mode", "666",
            "server.max-request-line-bytes", "8190",
            "server.max-header-field-bytes", "8190",
            "server.max-header-count", "100",
            "server.max-header-bytes", "65536",
            "server.max-body-bytes", "104857600",
            "server.max-head-bytes-in-flight", "12%",
            "server.request-head-timeout", "20s",
            "server.idle-timeout", "15s",
            "server.body-read-timeout", "30s",
            "server.write-timeout", "30s",
            "server.shutdown-grace", "30s",
            "server.max-connections", "10000",
            "server.backlog", "1024",
            "server.access-log", "stdout",
            "server.error-log", "stderr",
            "server.url-scheme", "http",
            "server.script-name", "",
            "server.proxy-protocol", "off",
            "server.proxy-allow-ips", "127.0.0.1, ::1",
            "server.forwarded-allow-ips", "127.0.0.1, ::1",
            "server.secure-scheme-headers", "X-Forwarded-Proto: https, X-Forwarded-Ssl: on, X-Forwarded-Protocol: ssl");

    /** The defaults alone. */
    public static Settings defaults() {
        return of(Map.of());
    }

    /**
     * The defaults with {@code overrides} laid over them.
     *
     * @throws IllegalArgumentException naming the setting whose value is not valid, or a
     *     {@code server.} name that is no setting (a typo would otherwise go unnoticed); other
     *     names are the app's
     */
    public static Settings of(Map<String, String> overrides) {
        for (String name : overrides.keySet()) {
            if (name.startsWith("server.") && !DEFAULTS.containsKey(name)) {
                throw new InvalidSetting(name, "unknown setting " + name + " (the server's are listed by --help)");
            }
        }
        Map<String, String> all = new LinkedHashMap<>(DEFAULTS);
        all.putAll(overrides);
        SettingValues v = new SettingValues(all);
        return new Settings(
                v.address("server.bind"),
                v.fileMode("server.unix-socket-mode"),
                v.positiveInt("server.max-request-line-bytes"),
                v.positiveInt("server.max-header-field-bytes"),
                v.positiveInt("server.max-header-count"),
                v.positiveInt("server.max-header-bytes"),
                v.positiveLong("server.max-body-bytes"),
                v.bytesOrHeapShare("server.max-head-bytes-in-flight"),
                v.duration("server.request-head-timeout"),
                v.duration("server.idle-timeout"),
                v.duration("server.body-read-timeout"),
                v.duration("server.write-timeout"),
                v.duration("server.shutdown-grace"),
                v.positiveInt("server.max-connections"),
                v.positiveInt("server.backlog"),
                v.logTarget("server.access-log", true),
                v.logTarget("server.error-log", false),
                v.oneOf("server.url-scheme", "http", "https"),
                v.parsed("server.script-name", ScriptName::parse),
                v.oneOf("server.proxy-protocol", "off", "on").equals("on"),
                v.parsed("server.proxy-allow-ips", TrustedPeers::parse),
                v.parsed("server.forwarded-allow-ips", TrustedPeers::parse),
                v.parsed("server.secure-scheme-headers", SchemeHeaders::parse),
                Collections.unmodifiableMap(all));
    }

    /** These settings with one more override. */
    public Settings with(String name, String value) {
        Map<String, String> overrides = new LinkedHashMap<>(all);
        overrides.put(name, value);
        return of(overrides);
    }

    /** Every setting as text, by name: what an App's settings constructor receives. */
    public Map<String, String> asMap() {
        return all;
    }

    private static Map<String, String> defaults(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }
}
