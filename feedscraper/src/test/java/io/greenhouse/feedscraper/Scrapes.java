package io.greenhouse.feedscraper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/** Posts URL lists to a scraper with the JDK client, for tests that read the response as it streams. */
final class Scrapes {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private Scrapes() {
    }

    /** Posts {@code urls} and returns the response's lines, each available as soon as it arrives. */
    static Iterator<String> streamLines(ScraperServer scraper, List<String> urls) {
        return streamLines(scraper, urls, "text/plain");
    }

    /** The same, asking for {@code accept}. */
    static Iterator<String> streamLines(ScraperServer scraper, List<String> urls, String accept) {
        try {
            HttpRequest request = HttpRequest.newBuilder(post(scraper, urls), (name, value) -> true).header("Accept", accept).build();
            HttpResponse<Stream<String>> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofLines());
            if (response.statusCode() != 200) {
                throw new AssertionError("status " + response.statusCode());
            }
            return response.body().iterator();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Posts {@code urls} in the background; completes with the whole text body. */
    static CompletableFuture<String> postAsync(ScraperServer scraper, List<String> urls) {
        return CLIENT.sendAsync(post(scraper, urls), HttpResponse.BodyHandlers.ofString()).thenApply(HttpResponse::body);
    }

    private static HttpRequest post(ScraperServer scraper, List<String> urls) {
        return HttpRequest.newBuilder(URI.create(scraper.url() + "/"))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(String.join("\n", urls)))
                .build();
    }
}
