package io.greenhouse.feedscraper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The feedscraper.* settings: read with their defaults, and repeated in conf/ for operators. */
class SettingsTest {

    @Test
    void readsOverridesOverTheDefaults() {
        ScraperSettings s = ScraperSettings.from(Map.of("feedscraper.pool-size", "7", "feedscraper.feed-timeout", "1500ms",
                "feedscraper.cache-ttl", "2m", "feedscraper.allow-private-networks", "true", "server.bind", "ignored"));
        assertEquals(7, s.poolSize());
        assertEquals(Duration.ofMillis(1500), s.feedTimeout());
        assertEquals(Duration.ofMinutes(2), s.cacheTtl());
        assertEquals(true, s.allowPrivateNetworks());
        assertEquals(100, s.maxFetchesPerRequest());
    }

    @Test
    void refusesBadValuesNamingTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ScraperSettings.from(Map.of("feedscraper.pool-size", "lots")));
        assertEquals("setting feedscraper.pool-size = 'lots' is not a whole number", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ScraperSettings.from(Map.of("feedscraper.feed-timeout", "soon")));
        assertThrows(IllegalArgumentException.class, () -> ScraperSettings.from(Map.of("feedscraper.allow-private-networks", "yes")));
        assertThrows(IllegalArgumentException.class, () -> ScraperSettings.from(Map.of("feedscraper.max-urls", "0")));
    }

    @Test
    void refusesADurationBeyondAYear() {
        // a deadline computed from it would overflow
        for (String value : new String[] {"999999999999h", "9000h"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ScraperSettings.from(Map.of("feedscraper.feed-timeout", value)));
            assertTrue(e.getMessage().contains("too large"), e.getMessage());
        }
    }

    @Test
    void theBodyBudgetMustHoldOneFeedCompressedAndDecompressed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ScraperSettings.from(Map.of(
                "feedscraper.max-feed-bytes", "1000000", "feedscraper.max-bytes-in-flight", "1999999")));
        assertEquals("setting feedscraper.max-bytes-in-flight = '1999999' must be at least 2 x feedscraper.max-feed-bytes",
                e.getMessage());
        assertEquals(2_000_000, ScraperSettings.from(Map.of(
                "feedscraper.max-feed-bytes", "1000000", "feedscraper.max-bytes-in-flight", "2000000")).maxBytesInFlight());
    }

    @Test
    void thePostedBudgetMustHoldOneLargestBody() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ScraperSettings.from(Map.of(
                "feedscraper.max-body-bytes", "5000", "feedscraper.max-posted-bytes-in-flight", "4999")));
        assertEquals("setting feedscraper.max-posted-bytes-in-flight = '4999' must be at least feedscraper.max-body-bytes",
                e.getMessage());
    }

    @Test
    void theBudgetsAreBytesOrSharesOfTheHeap() {
        long heap = Runtime.getRuntime().maxMemory();
        ScraperSettings defaults = ScraperSettings.from(Map.of());
        assertEquals(Math.max(heap / 4, 2L * defaults.maxFeedBytes()), defaults.maxBytesInFlight(), 1.0);
        assertEquals(Math.max(heap * 12 / 100, defaults.maxBodyBytes()), defaults.maxPostedBytesInFlight(), 1.0);
        assertEquals(9_000_000, ScraperSettings.from(Map.of("feedscraper.max-bytes-in-flight", "9000000")).maxBytesInFlight());
        assertEquals(2_000, ScraperSettings.from(Map.of("feedscraper.max-feed-bytes", "1000",
                "feedscraper.max-bytes-in-flight", "0.000001%")).maxBytesInFlight(), "a share is never below what one feed needs");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ScraperSettings.from(Map.of("feedscraper.max-bytes-in-flight", "200%")));
        assertEquals("setting feedscraper.max-bytes-in-flight = '200%' is neither a number of bytes nor a share of the heap "
                + "above 0% and at most 100%", e.getMessage());
    }

    @Test
    void confRepeatsEveryDefault() throws IOException {
        Properties conf = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of("..", "conf", "greenhouse.properties"), StandardCharsets.UTF_8)) {
            conf.load(reader);
        }
        Map<String, String> fromConf = new TreeMap<>();
        conf.stringPropertyNames().stream().filter(n -> n.startsWith("feedscraper."))
                .forEach(n -> fromConf.put(n, conf.getProperty(n).trim()));
        assertEquals(new TreeMap<>(ScraperSettings.DEFAULTS), fromConf);
    }
}
