package io.greenhouse.feedscraper;

import io.greenhouse.server.TestServer;
import java.util.ArrayList;
import java.util.List;

/** The Feed Scraper on a real Greenhouse server on a free loopback port, for tests. */
final class ScraperServer implements AutoCloseable {

    private final TestServer server;
    private final FeedScraperApp app;

    private ScraperServer(TestServer server, FeedScraperApp app) {
        this.server = server;
        this.app = app;
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
        FeedScraperApp app = new FeedScraperApp(map);
        return new ScraperServer(TestServer.start(app, settings), app);
    }

    String url() {
        return server.url();
    }

    int port() {
        return server.port();
    }

    FeedScraperApp app() {
        return app;
    }

    @Override
    public void close() {
        server.close();
        app.close();
    }
}
