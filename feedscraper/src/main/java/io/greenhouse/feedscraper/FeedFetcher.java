package io.greenhouse.feedscraper;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.StringJoiner;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.ClientProtocolException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.routing.RoutingSupport;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.MalformedChunkCodingException;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.ParseException;
import org.apache.hc.core5.http.TruncatedChunkException;
import org.apache.hc.core5.http.UnsupportedHttpVersionException;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * Downloads one feed with the shared HTTP client (Apache HttpClient 5, classic: blocking I/O,
 * which costs a virtual thread little): redirects followed by hand, so each hop's scheme is
 * checked; every connection made through the {@link AddressGuard}, so each hop's address is;
 * one deadline for the whole feed; the body capped; gzip or deflate undone, under the cap.
 */
final class FeedFetcher implements AutoCloseable {

    private static final String ACCEPT =
            "application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, application/feed+json;q=0.9, */*;q=0.5";

    /** The most bytes of an unwanted body read to keep its connection; past that, it is closed. */
    private static final int SMALL_BODY = 8192;

    /**
     * Each pooled connection has three buffers of this size (in, out, header line); the default,
     * 32 KiB, made a thousand idle connections hold 96 MiB. Bodies are read past the buffer.
     */
    private static final int CONNECTION_BUFFER_BYTES = 4096;

    /** Idle pooled connections are closed after this; servers often close theirs sooner. */
    private static final TimeValue IDLE_CONNECTION_LIFE = TimeValue.ofSeconds(30);

    /**
     * Ends, at its deadline, a fetch still connecting or reading, and sweeps idle connections:
     * one thread for all fetches.
     */
    private static final ScheduledThreadPoolExecutor DEADLINES = deadlineTimer();

    private final PoolingHttpClientConnectionManager connections;
    private final ScheduledFuture<?> idleSweep;
    private final CloseableHttpClient client;
    /** The same client over connections that serve one request each: see {@link #get}. */
    private final CloseableHttpClient freshClient;
    private final ScraperSettings settings;
    private final RequestConfig requestConfig;
    private final BodyBudget bodies;

    FeedFetcher(ScraperSettings settings, AddressGuard guard) {
        this.connections = newConnectionPool(settings, guard);
        this.idleSweep = DEADLINES.scheduleWithFixedDelay(() -> {
            connections.closeExpired();
            connections.closeIdle(IDLE_CONNECTION_LIFE);
        }, 10, 10, TimeUnit.SECONDS);
        this.client = HttpClients.createMinimal(connections);
        this.freshClient = HttpClients.createMinimal(newConnectionPool(settings, guard));
        this.settings = settings;
        this.bodies = new BodyBudget(settings.maxBytesInFlight());
        // The deadline's alarm bounds the whole feed; these only keep each wait within it.
        this.requestConfig = RequestConfig.custom()
                .setConnectionRequestTimeout(Timeout.of(settings.feedTimeout()))
                .setResponseTimeout(Timeout.of(settings.feedTimeout()))
                .build();
    }

    /**
     * The connections of the one client all fetches share (Apache's minimal client, with none of
     * the exec chain's redirects, retries, authentication, cookies or decompression: redirects,
     * the one retry and decompression are ours, to check and to cap): as many as the fetch pool,
     * resolved and checked by {@code guard} alone, with no proxy.
     */
    private static PoolingHttpClientConnectionManager newConnectionPool(ScraperSettings settings, AddressGuard guard) {
        return PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(guard)
                .setConnectionFactory(ManagedHttpClientConnectionFactory.builder()
                        .http1Config(Http1Config.custom().setBufferSize(CONNECTION_BUFFER_BYTES).build())
                        .incomingContentLengthStrategy(ResponseFraming.INSTANCE)
                        .build())
                .setMaxConnTotal(settings.poolSize())
                .setMaxConnPerRoute(settings.poolSize())
                .setPoolConcurrencyPolicy(PoolConcurrencyPolicy.LAX)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(settings.connectTimeout()))
                        .setSocketTimeout(Timeout.of(settings.feedTimeout()))
                        .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                        .build())
                .build();
    }

    /** Stops sweeping and closes every pooled connection; fetches still running fail. */
    @Override
    public void close() {
        idleSweep.cancel(false);
        client.close(CloseMode.IMMEDIATE);
        freshClient.close(CloseMode.IMMEDIATE);
    }

    /**
     * The deadline ({@link System#nanoTime}) of a feed whose time started at {@code start}:
     * feedscraper.feed-timeout later.
     */
    long deadline(long start) {
        return start + settings.feedTimeout().toNanos();
    }

    /**
     * Fetches {@code uri} by {@code deadline} (see {@link #deadline}), asking only for a newer
     * version when {@code known} has validators; each hop takes its turn at its host from
     * {@code hosts}, the wait for it within the deadline, so that a redirect to another host
     * counts against that host's limit.
     *
     * @throws FeedFailure with the kind of failure and a one-line reason
     * @return the feed, whose body holds its bytes of the budget until it is closed
     * @throws InterruptedException when the request is cancelled while waiting
     */
    FetchedFeed fetch(URI uri, Validators known, long deadline, HostLimiter hosts) throws FeedFailure, InterruptedException {
        BodyBudget.Allowance held = bodies.allowance();
        boolean fetched = false;
        try {
            FetchedFeed feed = fetch(uri, known, held, deadline, hosts);
            fetched = true;
            return feed;
        } finally {
            if (!fetched) {
                held.close();  // whatever was thrown, an Error too
            }
        }
    }

    /** The budget every fetch's body is held under. */
    BodyBudget bodies() {
        return bodies;
    }

    private FetchedFeed fetch(URI uri, Validators known, BodyBudget.Allowance held, long deadline, HostLimiter hosts)
            throws FeedFailure, InterruptedException {
        HostLimiter.Turn turn = hosts.take(FeedUrls.host(uri), deadline);
        try {
            URI current = uri;
            for (int hop = 0; ; hop++) {
                Answer answer = get(current, known, held, deadline);
                int status = answer.feed().httpStatus();
                if (isRedirect(status) && answer.location() == null) {
                    throw new FeedFailure(FeedStatus.HTTP_ERROR, "feed server answered " + status + " without a Location", status);
                }
                if (isRedirect(status)) {
                    if (hop >= settings.maxRedirects()) {
                        throw new FeedFailure(FeedStatus.TOO_MANY_REDIRECTS,
                                "more than " + settings.maxRedirects() + " redirects", status);
                    }
                    current = FeedUrls.redirect(current, answer.location());
                    String next = FeedUrls.host(current);
                    if (!turn.isFor(next)) {
                        // one turn held at a time: a fetch holding one host's while waiting for
                        // another's could wait for ever on one doing the same the other way round
                        turn.close();
                        turn = null;
                        turn = hosts.take(next, deadline);
                    }
                    continue;
                }
                if (status == 304 && known != null) {
                    return new FetchedFeed(new byte[0], false, null, status, known.etag(), known.lastModified(), held, deadline);
                }
                if (status < 200 || status > 299) {
                    throw new FeedFailure(FeedStatus.HTTP_ERROR, "feed server answered " + status, status);
                }
                return answer.feed();
            }
        } finally {
            if (turn != null) {
                turn.close();
            }
        }
    }

    /** One hop's answer: the feed (its body read only for a 2xx) and where a redirect points. */
    private record Answer(FetchedFeed feed, String location) {
    }

    /**
     * One request and its answer; the body is read only for a 2xx.
     *
     * <p>A request that a kept-alive connection's server had closed got no answer, and is sent
     * once more on a new connection: sent on another pooled one, it may meet the same fate, as
     * does every connection that sat idle in the pool past the server's keep-alive timeout. The
     * pool cannot be told to skip its idle connections for one lease, and its check before reuse
     * (validate-after-inactivity) is no cure: made on every lease, it would cost each request a
     * read that waits 1 ms, and the server may still close the connection between the check and
     * the request. So the retry goes through a second pool that never holds an idle connection:
     * each of its requests says {@code Connection: close}, so none is kept for another.
     */
    private Answer get(URI uri, Validators known, BodyBudget.Allowance held, long deadline)
            throws FeedFailure, InterruptedException {
        try {
            return send(client, uri, known, held, deadline);
        } catch (StaleConnection e) {
            try {
                return send(freshClient, uri, known, held, deadline);
            } catch (StaleConnection again) {
                throw new FeedFailure(FeedStatus.FETCH_FAILED, "fetch failed: " + authority(uri) + " closed the connection without answering");
            }
        }
    }

    /** A kept-alive connection the server had closed: no answer, and nothing was sent to act on. */
    private static final class StaleConnection extends Exception {
        StaleConnection() {
            super(null, null, false, false);
        }
    }

    private Answer send(CloseableHttpClient through, URI uri, Validators known, BodyBudget.Allowance held, long deadline)
            throws FeedFailure, InterruptedException, StaleConnection {
        HttpGet request = new HttpGet(uri);
        if (through == freshClient) {
            request.setHeader("Connection", "close");  // the connection is not kept (RFC 9112 §9.6)
        }
        request.setConfig(requestConfig);
        request.setHeader("User-Agent", settings.userAgent());
        request.setHeader("Accept", ACCEPT);
        request.setHeader("Accept-Encoding", "gzip, deflate");
        if (known != null && known.etag() != null) {
            request.setHeader("If-None-Match", known.etag());
        }
        if (known != null && known.lastModified() != null) {
            request.setHeader("If-Modified-Since", known.lastModified());
        }
        ScheduledFuture<?> alarm = DEADLINES.schedule(request::cancel, remaining(deadline), TimeUnit.NANOSECONDS);
        ClassicHttpResponse response = null;
        boolean finished = false;
        try {
            response = through.executeOpen(RoutingSupport.determineHost(request), request, null);
            int status = response.getCode();
            boolean wanted = status >= 200 && status <= 299;
            BodyReader reader = new BodyReader(held, deadline);
            BodyReader.Read body = wanted ? readCapped(response.getEntity(), reader) : new BodyReader.Read(new byte[0], false);
            finished = wanted ? !body.cutOff() : skippedSmall(response.getEntity());  // a cut-off body's rest is not read
            BodyReader.Read decoded = wanted
                    ? ContentDecoder.decode(body, allValues(response, "Content-Encoding"), settings.maxFeedBytes(), reader)
                    : body;
            if (decoded != body) {
                reader.release(body.bytes());  // the compressed bytes are done with
            }
            FetchedFeed feed = new FetchedFeed(decoded.bytes(), decoded.cutOff(), header(response, "Content-Type"), status,
                    header(response, "ETag"), header(response, "Last-Modified"), held, deadline);
            return new Answer(feed, header(response, "Location"));
        } catch (NoHttpResponseException e) {
            if (Thread.currentThread().isInterrupted() || System.nanoTime() >= deadline) {
                throw failure(e, uri, deadline);
            }
            throw new StaleConnection();
        } catch (IOException e) {
            throw failure(e, uri, deadline);
        } catch (HttpException e) {
            throw new FeedFailure(FeedStatus.INVALID_URL, "no host to fetch from: " + TitleFlattener.flatten(e.getMessage()));
        } finally {
            alarm.cancel(false);
            if (!finished) {
                // Closing a response reads the rest of its body, to keep the connection; a body we
                // do not want (too large, a large error page) is not worth it: the connection goes.
                request.cancel();
            }
            closeQuietly(response);
        }
    }

    /**
     * The whole body, or its first feedscraper.max-feed-bytes (cut off) when it is longer: the
     * title of a large feed, a podcast's with years of episodes, is near its start. Reading to
     * its end hands the connection back to the pool.
     */
    private BodyReader.Read readCapped(HttpEntity entity, BodyReader reader) throws IOException, FeedFailure, InterruptedException {
        if (entity == null) {
            return new BodyReader.Read(new byte[0], false);
        }
        return reader.readAtMost(entity.getContent(), entity.getContentLength(), settings.maxFeedBytes());
    }

    /** Reads and drops a small body (a redirect's, an error page), so its connection can serve again. */
    private static boolean skippedSmall(HttpEntity entity) throws IOException {
        if (entity == null) {
            return true;
        }
        long length = entity.getContentLength();
        if (length < 0 || length > SMALL_BODY) {
            return false;
        }
        InputStream in = entity.getContent();
        in.skipNBytes(length);
        return in.read() == -1;
    }

    private FeedFailure failure(IOException cause, URI uri, long deadline) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("fetch of " + uri + " cancelled");
        }
        if (cause instanceof AddressGuard.RefusedAddress) {
            return new FeedFailure(FeedStatus.REFUSED_ADDRESS, cause.getMessage());
        }
        if (cause instanceof UnknownHostException) {
            return new FeedFailure(FeedStatus.UNKNOWN_HOST, "unknown host " + FeedUrls.host(uri));
        }
        if (cause instanceof ConnectTimeoutException && System.nanoTime() < deadline) {
            return new FeedFailure(FeedStatus.CONNECT_FAILED, "connect timed out to " + FeedUrls.host(uri));
        }
        if (System.nanoTime() >= deadline || cause instanceof SocketTimeoutException) {
            return timeout();  // the deadline's alarm closed the connection, or a read waited it out
        }
        if (cause instanceof ConnectException || cause instanceof NoRouteToHostException) {
            return new FeedFailure(FeedStatus.CONNECT_FAILED, "cannot connect to " + authority(uri));
        }
        if (cause instanceof ClientProtocolException) {
            return new FeedFailure(FeedStatus.FETCH_FAILED, "the feed server sent an invalid response" + invalidBecause(cause.getCause()));
        }
        if (cause instanceof MalformedChunkCodingException && !(cause instanceof TruncatedChunkException)) {
            return new FeedFailure(FeedStatus.FETCH_FAILED, "the feed server sent an invalid response: malformed chunked encoding");
        }
        String why = cause.getMessage() != null ? TitleFlattener.flatten(cause.getMessage()) : "the connection to " + authority(uri) + " failed";
        return new FeedFailure(FeedStatus.FETCH_FAILED, "fetch failed: " + why);
    }

    /**
     * Why the client refused a response (the HttpException its ClientProtocolException wraps),
     * as ": reason", or nothing when there is no telling it in the server's terms.
     */
    private static String invalidBecause(Throwable refusal) {
        return switch (refusal) {
            case ResponseFraming.InvalidFraming framing -> ": " + framing.getMessage();
            case ParseException malformed -> ": malformed status line or header field";
            case UnsupportedHttpVersionException version -> ": unsupported HTTP version";
            case null, default -> "";
        };
    }

    private FeedFailure timeout() {
        return new FeedFailure(FeedStatus.TIMEOUT, "no complete feed within " + settings.feedTimeout().toMillis() + " ms");
    }

    private long remaining(long deadline) throws FeedFailure {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw timeout();
        }
        return left;
    }

    private static String header(ClassicHttpResponse response, String name) {
        Header header = response.getFirstHeader(name);
        return header == null ? null : header.getValue();
    }

    /** Every field line of {@code name} as one comma-separated list (RFC 9110 §5.3); null when there is none. */
    private static String allValues(ClassicHttpResponse response, String name) {
        Header[] headers = response.getHeaders(name);
        if (headers.length == 0) {
            return null;
        }
        StringJoiner values = new StringJoiner(", ");
        for (Header header : headers) {
            values.add(header.getValue());
        }
        return values.toString();
    }

    private static void closeQuietly(ClassicHttpResponse response) {
        if (response != null) {
            try {
                response.close();
            } catch (IOException ignored) {
                // the connection is gone either way
            }
        }
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static String authority(URI uri) {
        return uri.getRawAuthority();
    }

    private static ScheduledThreadPoolExecutor deadlineTimer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name("feedscraper-deadlines").factory());
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }
}
