package io.greenhouse.feedscraper;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Downloads one feed with the shared JDK HttpClient: redirects followed by hand (so each hop's
 * scheme and address are checked), one deadline for the whole feed, the body capped, and gzip or
 * deflate undone.
 */
final class FeedFetcher {

    private static final String ACCEPT =
            "application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5";

    private final HttpClient client;
    private final AddressGuard guard;
    private final ScraperSettings settings;

    FeedFetcher(HttpClient client, AddressGuard guard, ScraperSettings settings) {
        this.client = client;
        this.guard = guard;
        this.settings = settings;
    }

    /** The one client all fetches share; redirects are ours to follow. */
    static HttpClient newClient(ScraperSettings settings) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(settings.connectTimeout())
                .executor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    /**
     * Fetches {@code uri}, asking only for a newer version when {@code known} has validators.
     *
     * @throws FeedFailure with the kind of failure and a one-line reason
     * @throws InterruptedException when the request is cancelled while waiting
     */
    FetchedFeed fetch(URI uri, Validators known) throws FeedFailure, InterruptedException {
        long deadline = System.nanoTime() + settings.feedTimeout().toNanos();
        URI current = uri;
        for (int hop = 0; ; hop++) {
            guard.check(current.getHost());
            HttpResponse<byte[]> response = send(request(current, known, deadline), deadline);
            int status = response.statusCode();
            if (isRedirect(status)) {
                if (hop >= settings.maxRedirects()) {
                    throw new FeedFailure(FeedStatus.TOO_MANY_REDIRECTS,
                            "more than " + settings.maxRedirects() + " redirects", status);
                }
                String location = response.headers().firstValue("Location")
                        .orElseThrow(() -> new FeedFailure(FeedStatus.TOO_MANY_REDIRECTS, "redirect without Location", status));
                current = FeedUrls.redirect(current, location);
                continue;
            }
            if (status == 304 && known != null) {
                return new FetchedFeed(new byte[0], null, status, known.etag(), known.lastModified());
            }
            if (status < 200 || status > 299) {
                throw new FeedFailure(FeedStatus.HTTP_ERROR, "feed server answered " + status, status);
            }
            byte[] body = ContentDecoder.decode(response.body(),
                    response.headers().firstValue("Content-Encoding").orElse(null), settings.maxFeedBytes());
            return new FetchedFeed(body, response.headers().firstValue("Content-Type").orElse(null), status,
                    response.headers().firstValue("ETag").orElse(null),
                    response.headers().firstValue("Last-Modified").orElse(null));
        }
    }

    private HttpRequest request(URI uri, Validators known, long deadline) throws FeedFailure {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofNanos(remaining(deadline)))
                .header("User-Agent", settings.userAgent())
                .header("Accept", ACCEPT)
                .header("Accept-Encoding", "gzip, deflate");
        if (known != null && known.etag() != null) {
            builder.header("If-None-Match", known.etag());
        }
        if (known != null && known.lastModified() != null) {
            builder.header("If-Modified-Since", known.lastModified());
        }
        return builder.GET().build();
    }

    private HttpResponse<byte[]> send(HttpRequest request, long deadline) throws FeedFailure, InterruptedException {
        CompletableFuture<HttpResponse<byte[]>> future = client.sendAsync(request, this::bodyFor);
        try {
            return future.get(remaining(deadline), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw timeout();
        } catch (InterruptedException e) {
            future.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            throw failure(e.getCause(), request.uri());
        }
    }

    // Only a 2xx body is worth reading; others are dropped as they arrive.
    private BodySubscriber<byte[]> bodyFor(HttpResponse.ResponseInfo info) {
        int status = info.statusCode();
        if (status >= 200 && status <= 299) {
            return new CappedBody(settings.maxFeedBytes());
        }
        return BodySubscribers.replacing(new byte[0]);
    }

    private FeedFailure failure(Throwable cause, URI uri) {
        if (cause instanceof CappedBody.TooLarge) {
            return new FeedFailure(FeedStatus.TOO_LARGE, cause.getMessage(), 200);
        }
        if (cause instanceof HttpConnectTimeoutException) {
            return new FeedFailure(FeedStatus.CONNECT_FAILED, "connect timed out to " + uri.getHost());
        }
        if (cause instanceof HttpTimeoutException) {
            return timeout();
        }
        if (cause instanceof ConnectException || cause instanceof UnresolvedAddressException) {
            return new FeedFailure(FeedStatus.CONNECT_FAILED, "cannot connect to " + authority(uri));
        }
        String why = cause instanceof IOException && cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
        return new FeedFailure(FeedStatus.FETCH_FAILED, "fetch failed: " + TitleFlattener.flatten(why));
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

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static String authority(URI uri) {
        return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    }
}
