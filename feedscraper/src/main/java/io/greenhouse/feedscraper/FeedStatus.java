package io.greenhouse.feedscraper;

import java.util.Locale;

/** What happened to one feed URL: {@code ok}, or the kind of failure. */
public enum FeedStatus {
    OK,
    /** The line is not a URL. */
    INVALID_URL,
    /** The URL's scheme is not http or https. */
    REFUSED_SCHEME,
    /** The host resolves to a loopback, private, link-local or metadata address. */
    REFUSED_ADDRESS,
    /** The host name does not resolve. */
    UNKNOWN_HOST,
    /** The connection could not be made (refused, unreachable, or its timeout passed). */
    CONNECT_FAILED,
    /** The feed did not arrive in full within the feed timeout. */
    TIMEOUT,
    /** The feed server answered with a status other than 2xx or a redirect, or a redirect without Location. */
    HTTP_ERROR,
    /** More redirects than allowed. */
    TOO_MANY_REDIRECTS,
    /**
     * The feed is larger than allowed (feedscraper.max-feed-bytes) and the part read has no
     * title, or its compressed body alone is larger.
     */
    TOO_LARGE,
    /** The response is not a feed that can be parsed. */
    NOT_A_FEED,
    /**
     * The scraper already held all the feed bytes it may at once (feedscraper.max-bytes-in-flight)
     * and could not make room for this one: the feed may well be fine a little later.
     */
    BUSY,
    /** Anything else that went wrong on the way (connection reset, bad encoding, ...). */
    FETCH_FAILED,
    /** The client went away before this feed was done. */
    CANCELLED;

    /** The name clients see: lower case, such as {@code "timeout"}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
