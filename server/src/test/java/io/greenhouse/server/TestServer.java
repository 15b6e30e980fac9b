package io.greenhouse.server;

import io.greenhouse.spi.App;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** A real server on a free loopback port, for tests; close() stops it. */
public final class TestServer implements AutoCloseable {

    private final Server server;

    private TestServer(Server server) {
        this.server = server;
    }

    /** Serves {@code app} with the defaults (access log off), plus {@code settings} as name/value pairs. */
    public static TestServer start(App app, String... settings) {
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("server.bind", "127.0.0.1:0");
        overrides.put("server.access-log", "off");
        overrides.put("server.shutdown-grace", "5s");
        for (int i = 0; i < settings.length; i += 2) {
            overrides.put(settings[i], settings[i + 1]);
        }
        try {
            return new TestServer(Server.start(app, Settings.of(overrides)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.port();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    public Server server() {
        return server;
    }

    /** A fresh raw connection to this server. */
    public RawClient connect() {
        return RawClient.connect(port());
    }

    @Override
    public void close() {
        server.close();
    }
}
