package io.greenhouse.feedscraper;

import io.greenhouse.server.TestServer;
import java.util.ArrayList;
import java.util.List;

/** The Feed Scraper on a real Greenhouse server on a free loopback port, for tests. */
final class ScraperServer implements AutoCloseable {

    private final TestServer server;

    private ScraperServer(TestServer server) {
        this.server = server;
    }

    /**
     * Serves the app with private networks allowed (the feed server is on loopback), plus
     * {@code settings} as name/value pairs.
     */
    static ScraperServer start(String... settings) {
        List<String> all = new ArrayList<>(List.of("feedscraper.allow-private-networks", "true"));
        all.addAll(List.of(settings));
        return startExactly(all.toArray(String[]::new));
    }

    /** Serves the app with only {@code settings} over the defaults. */
    static ScraperServer startExactly(String... settings) {
        java.util.Map<String, String> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < settings.length; i += 2) {
            map.put(settings[i], settings[i + 1]);
        }
        return new ScraperServer(TestServer.start(new FeedScraperApp(map), settings));
    }

    String url() {
        return server.url();
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
    }
}
