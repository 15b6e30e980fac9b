package io.greenhouse.feedscraper;

import io.greenhouse.green.GreenPool;
import io.greenhouse.spi.App;
import io.greenhouse.spi.Environ;
import io.greenhouse.spi.Header;
import io.greenhouse.spi.StartResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Feed Scraper: a server that is also a client (eventlet's "dispatch" pattern). POST feed
 * URLs, one per line, and get their titles back in the same order, streamed as they are ready.
 *
 * <ul>
 *   <li>{@code POST /}: the titles, one line per URL ({@code text/plain}), or a JSON array with
 *       {@code Accept: application/json} or {@code ?format=json}</li>
 *   <li>{@code GET /}: a small page to try it in a browser</li>
 *   <li>{@code GET /healthz}: {@code ok}</li>
 * </ul>
 *
 * <p>All fetches of all requests share one {@link GreenPool} ({@code feedscraper.pool-size});
 * each request holds at most its fair share of it, and each host sees a bounded number of
 * fetches at once. See {@link ScraperSettings} for every setting.
 */
public final class FeedScraperApp implements App, AutoCloseable {

    private static final byte[] PAGE = loadPage();

    private final ScraperSettings settings;
    private final GreenPool pool;
    private final FeedFetcher fetcher;
    private final FeedScraper scraper;
    /** The URL lists of the scrapes in progress: each holds its posted bytes until its response ends. */
    private final BodyBudget posted;

    /**
     * Makes the app from all settings; only the {@code feedscraper.*} ones are read.
     *
     * @throws IllegalArgumentException naming a setting whose value is not valid
     */
    public FeedScraperApp(Map<String, String> settings) {
        this(ScraperSettings.from(settings));
    }

    /** Makes the app from its settings. */
    public FeedScraperApp(ScraperSettings settings) {
        this.settings = settings;
        this.pool = new GreenPool(settings.poolSize());
        this.fetcher = new FeedFetcher(settings, new AddressGuard(settings.allowPrivateNetworks()));
        this.scraper = new FeedScraper(fetcher, new HostLimiter(settings.maxFetchesPerHost()),
                new FeedCache(settings.cacheTtl(), settings.cacheMaxEntries()));
        this.posted = new BodyBudget(settings.maxPostedBytesInFlight());
    }

    /** Closes the outgoing connections and their sweep; {@code bin/serve} calls it after the server stops. */
    @Override
    public void close() {
        fetcher.close();
    }

    @Override
    public Iterable<byte[]> call(Map<String, Object> environ, StartResponse startResponse) throws IOException {
        String method = Environ.method(environ);
        return switch (Environ.path(environ)) {
            case "/" -> switch (method) {
                case "POST" -> scrape(environ, startResponse);
                case "GET", "HEAD" -> respond(startResponse, "200 OK", "text/html; charset=utf-8", PAGE);
                case "OPTIONS" -> allowed(startResponse, "GET, HEAD, POST, OPTIONS");
                default -> notAllowed(startResponse, "GET, HEAD, POST, OPTIONS");
            };
            case "/healthz" -> switch (method) {
                case "GET", "HEAD" -> text(startResponse, "200 OK", "ok");
                case "OPTIONS" -> allowed(startResponse, "GET, HEAD, OPTIONS");
                default -> notAllowed(startResponse, "GET, HEAD, OPTIONS");
            };
            default -> text(startResponse, "404 Not Found", "no such page; POST feed URLs to /");
        };
    }

    /**
     * Reads the URLs and starts fetching them. The posted bytes stay held in {@link #posted}
     * while the scrape runs, standing for its URL list and results, so that however many
     * clients post at once, their lists together stay within the budget; a request that finds
     * no room is refused at once (503), since waiting would hold its connection and its bytes.
     */
    private Iterable<byte[]> scrape(Map<String, Object> environ, StartResponse startResponse) throws IOException {
        BodyBudget.Allowance held = posted.allowance();
        boolean streaming = false;
        try {
            List<String> urls;
            try {
                urls = RequestUrls.read(readBody(environ, held), Environ.header(environ, "Content-Type"), settings.maxUrls());
            } catch (HttpProblem problem) {
                return text(startResponse, problem.status(), problem.getMessage(), problem.headers());
            }
            ResultFormat format = ResultFormat.negotiate(Environ.query(environ), Environ.header(environ, "Accept"));
            startResponse.call("200 OK", List.of(
                    new Header("Content-Type", format.contentType()),
                    new Header("Cache-Control", "no-store"),
                    new Header("X-Content-Type-Options", "nosniff")));
            ScrapeJob job = new ScrapeJob(urls, pool, scraper, settings.maxFetchesPerRequest()).start();
            ResultStream results = new ResultStream(job, format, held);
            streaming = true;
            return results;
        } finally {
            if (!streaming) {
                held.close();
            }
        }
    }

    /** The budget the scrapes in progress hold their posted bytes in. */
    BodyBudget postedBytes() {
        return posted;
    }

    private byte[] readBody(Map<String, Object> environ, BodyBudget.Allowance held) throws IOException, HttpProblem {
        long now = System.nanoTime();  // no waiting for room
        try {
            return new BodyReader(held, now).read(Environ.input(environ), Environ.contentLength(environ),
                    settings.maxBodyBytes(), "request body is larger than " + settings.maxBodyBytes() + " bytes");
        } catch (FeedFailure failure) {
            if (failure.status() == FeedStatus.TOO_LARGE) {
                throw new HttpProblem("413 Content Too Large", failure.getMessage());
            }
            // the scrapes in progress end within the feed timeout (RFC 9110 §10.2.3)
            throw new HttpProblem("503 Service Unavailable",
                    "the scraper is busy: too many URL lists in progress at once; try again later",
                    new Header("Retry-After", "5"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("cancelled while waiting to read the request body");
        }
    }

    /** OPTIONS: the methods the resource allows, and nothing else (RFC 9110 §9.3.7). */
    private static Iterable<byte[]> allowed(StartResponse startResponse, String allow) {
        startResponse.call("204 No Content", List.of(new Header("Allow", allow)));
        return List.of();
    }

    private static Iterable<byte[]> notAllowed(StartResponse startResponse, String allow) {
        startResponse.call("405 Method Not Allowed", List.of(
                new Header("Content-Type", "text/plain; charset=utf-8"), new Header("Allow", allow)));
        return List.of(("method not allowed; use " + allow + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static Iterable<byte[]> text(StartResponse startResponse, String status, String body) {
        return text(startResponse, status, body, List.of());
    }

    /** A one-line plain-text answer, with {@code extra} header fields. */
    private static Iterable<byte[]> text(StartResponse startResponse, String status, String body, List<Header> extra) {
        byte[] bytes = (body + "\n").getBytes(StandardCharsets.UTF_8);
        List<Header> headers = new ArrayList<>(extra);
        headers.add(new Header("Content-Type", "text/plain; charset=utf-8"));
        headers.add(new Header("Content-Length", Integer.toString(bytes.length)));
        startResponse.call(status, headers);
        return List.of(bytes);
    }

    private static Iterable<byte[]> respond(StartResponse startResponse, String status, String type, byte[] body) {
        startResponse.call(status, List.of(
                new Header("Content-Type", type), new Header("Content-Length", Integer.toString(body.length))));
        return List.of(body);
    }

    private static byte[] loadPage() {
        try (InputStream in = FeedScraperApp.class.getResourceAsStream("index.html")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
