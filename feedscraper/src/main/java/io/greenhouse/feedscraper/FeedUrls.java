package io.greenhouse.feedscraper;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** Turns a client's line, or a redirect's Location, into a URI we are willing to fetch. */
final class FeedUrls {

    private FeedUrls() {
    }

    /** @throws FeedFailure INVALID_URL or REFUSED_SCHEME, with the reason */
    static URI parse(String text) throws FeedFailure {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new FeedFailure(FeedStatus.INVALID_URL, "not a URL: " + e.getReason());
        }
        return check(uri);
    }

    /** Resolves a redirect's Location against the URL that gave it. */
    static URI redirect(URI from, String location) throws FeedFailure {
        try {
            return check(from.resolve(new URI(location)));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new FeedFailure(FeedStatus.TOO_MANY_REDIRECTS, "redirect to an invalid URL");
        }
    }

    private static URI check(URI uri) throws FeedFailure {
        String scheme = uri.getScheme();
        if (scheme == null) {
            throw new FeedFailure(FeedStatus.INVALID_URL, "not an absolute URL (http:// or https:// expected)");
        }
        String lower = scheme.toLowerCase(Locale.ROOT);
        if (!lower.equals("http") && !lower.equals("https")) {
            throw new FeedFailure(FeedStatus.REFUSED_SCHEME, "scheme " + lower + ": is not fetched; only http and https are");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new FeedFailure(FeedStatus.INVALID_URL, "URL has no host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new FeedFailure(FeedStatus.INVALID_URL, "URLs with user info are not fetched");
        }
        return uri;
    }
}
