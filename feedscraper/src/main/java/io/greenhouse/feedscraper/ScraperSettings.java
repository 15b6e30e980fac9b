package io.greenhouse.feedscraper;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every tunable of the Feed Scraper, read from the {@code feedscraper.*} settings (in
 * {@code conf/greenhouse.properties}, {@code --set}, or GREENHOUSE_FEEDSCRAPER_* variables).
 *
 * @param poolSize most fetches running at once, across all requests (the global GreenPool)
 * @param maxFetchesPerRequest most pool slots one request may hold at once (its fair share)
 * @param maxFetchesPerHost most simultaneous fetches to one host, across all requests; a fetch
 *     waits for its turn within its feed timeout
 * @param maxUrls most URLs in one request; more: 413
 * @param maxBodyBytes largest request body; larger: 413
 * @param maxPostedBytesInFlight most bytes of posted URL lists held at once by the scrapes in
 *     progress; a request that finds no room: 503 (settable as a share of the heap: "12%")
 * @param connectTimeout time allowed to open a connection to a feed's host
 * @param feedTimeout time allowed for one feed from when it has its pool slot: the wait for its
 *     host's turn, redirects, body and parse included
 * @param maxRedirects most redirects followed for one feed
 * @param maxFeedBytes most bytes read of one feed, before and after decompression
 * @param maxBytesInFlight most bytes of feed bodies held in memory at once, across all fetches
 *     (settable as a share of the heap: "25%")
 * @param cacheTtl how long a fetched title is served without asking the feed again
 * @param cacheMaxEntries most feeds remembered (fresh titles and revalidation tags)
 * @param allowPrivateNetworks whether feeds on loopback, private or link-local addresses may be fetched
 * @param userAgent the User-Agent sent to feed servers
 */
public record ScraperSettings(
        int poolSize,
        int maxFetchesPerRequest,
        int maxFetchesPerHost,
        int maxUrls,
        int maxBodyBytes,
        long maxPostedBytesInFlight,
        Duration connectTimeout,
        Duration feedTimeout,
        int maxRedirects,
        int maxFeedBytes,
        long maxBytesInFlight,
        Duration cacheTtl,
        long cacheMaxEntries,
        boolean allowPrivateNetworks,
        String userAgent) {

    /** The built-in defaults, by name; conf/greenhouse.properties repeats them for operators. */
    public static final Map<String, String> DEFAULTS = defaults(
            "feedscraper.pool-size", "1000",
            "feedscraper.max-fetches-per-request", "100",
            "feedscraper.max-fetches-per-host", "8",
            "feedscraper.max-urls", "1000",
            "feedscraper.max-body-bytes", "1048576",
            "feedscraper.max-posted-bytes-in-flight", "12%",
            "feedscraper.connect-timeout", "5s",
            "feedscraper.feed-timeout", "20s",
            "feedscraper.max-redirects", "5",
            "feedscraper.max-feed-bytes", "4194304",
            "feedscraper.max-bytes-in-flight", "25%",
            "feedscraper.cache-ttl", "5m",
            "feedscraper.cache-max-entries", "10000",
            "feedscraper.allow-private-networks", "false",
            "feedscraper.user-agent", "Greenhouse-FeedScraper/0.1 (+https://github.com/greenhouse/greenhouse)");

    /**
     * The defaults with the {@code feedscraper.*} entries of {@code settings} laid over them;
     * other entries are ignored.
     *
     * @throws IllegalArgumentException naming the setting whose value is not valid
     */
    public static ScraperSettings from(Map<String, String> settings) {
        Map<String, String> all = new LinkedHashMap<>(DEFAULTS);
        settings.forEach((name, value) -> {
            if (name.startsWith("feedscraper.")) {
                all.put(name, value.trim());
            }
        });
        SettingReader r = new SettingReader(all);
        int maxBodyBytes = r.positiveInt("feedscraper.max-body-bytes");
        int maxFeedBytes = r.positiveInt("feedscraper.max-feed-bytes");
        long maxPostedBytesInFlight = r.bytesOrHeapShare("feedscraper.max-posted-bytes-in-flight", maxBodyBytes);
        r.require(maxPostedBytesInFlight >= maxBodyBytes,
                "feedscraper.max-posted-bytes-in-flight", "must be at least feedscraper.max-body-bytes");
        // A compressed feed at its limit holds its compressed bytes and its decompressed ones.
        long maxBytesInFlight = r.bytesOrHeapShare("feedscraper.max-bytes-in-flight", 2L * maxFeedBytes);
        r.require(maxBytesInFlight >= 2L * maxFeedBytes,
                "feedscraper.max-bytes-in-flight", "must be at least 2 x feedscraper.max-feed-bytes");
        return new ScraperSettings(
                r.positiveInt("feedscraper.pool-size"),
                r.positiveInt("feedscraper.max-fetches-per-request"),
                r.positiveInt("feedscraper.max-fetches-per-host"),
                r.positiveInt("feedscraper.max-urls"),
                maxBodyBytes,
                maxPostedBytesInFlight,
                r.duration("feedscraper.connect-timeout"),
                r.duration("feedscraper.feed-timeout"),
                r.nonNegativeInt("feedscraper.max-redirects"),
                maxFeedBytes,
                maxBytesInFlight,
                r.duration("feedscraper.cache-ttl"),
                r.nonNegativeInt("feedscraper.cache-max-entries"),
                r.bool("feedscraper.allow-private-networks"),
                r.string("feedscraper.user-agent"));
    }

    private static Map<String, String> defaults(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return Map.copyOf(map);
    }
}
