package io.greenhouse.feedscraper;

import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Turns a client's line, or a redirect's Location, into a URI we are willing to fetch. */
final class FeedUrls {

    /** The longest host name DNS has, its final dot aside (RFC 1035 §2.3.4, RFC 1123 §2.1). */
    private static final int MAX_HOST_NAME_LENGTH = 253;
    /** The longest label of a host name (RFC 1035 §2.3.4). */
    private static final int MAX_LABEL_LENGTH = 63;

    private FeedUrls() {
    }

    /** @throws FeedFailure INVALID_URL or REFUSED_SCHEME, with the reason */
    static URI parse(String text) throws FeedFailure {
        if (text.isBlank()) {
            throw new FeedFailure(FeedStatus.INVALID_URL, "empty URL");
        }
        if (!WellFormedText.isWellFormed(text)) {
            // UTF-8 has no bytes for it: encoded, it would become a '?' and end the path there
            throw new FeedFailure(FeedStatus.INVALID_URL, "not a URL: it holds an unpaired UTF-16 surrogate, which is no character");
        }
        URI uri;
        try {
            uri = new URI(asAscii(text));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new FeedFailure(FeedStatus.INVALID_URL, "not a URL: " + reason(e));
        }
        return check(uri);
    }

    /** Resolves a redirect's Location against the URL that gave it (RFC 3986 §5.2). */
    static URI redirect(URI from, String location) throws FeedFailure {
        try {
            return check(new URI(ReferenceResolution.resolve(from, asAscii(location.trim()))));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new FeedFailure(FeedStatus.INVALID_URL, "the redirect's Location is not a valid URL: " + reason(e));
        }
    }

    /**
     * The URL as a browser would send it: an internationalized host name in its ASCII (punycode)
     * form, and spaces, non-ASCII characters and the ASCII ones a URI may not hold ({@code |},
     * {@code {}, {@code "}, ...) elsewhere percent-encoded as UTF-8; the rest, percent-escapes
     * included, is left as it is.
     *
     * @throws IllegalArgumentException when the host is not a valid internationalized name
     */
    static String asAscii(String url) {
        if (url.chars().allMatch(FeedUrls::allowedAsIs)) {
            return url;
        }
        int authorityStart = url.indexOf("://");
        if (authorityStart < 0) {
            return encodeOthers(url);
        }
        authorityStart += 3;
        int authorityEnd = authorityStart;
        while (authorityEnd < url.length() && "/?#".indexOf(url.charAt(authorityEnd)) < 0) {
            authorityEnd++;
        }
        return url.substring(0, authorityStart) + asciiAuthority(url.substring(authorityStart, authorityEnd))
                + encodeOthers(url.substring(authorityEnd));
    }

    private static String asciiAuthority(String authority) {
        int at = authority.lastIndexOf('@');
        String userInfo = at < 0 ? "" : encodeOthers(authority.substring(0, at + 1));
        String hostPort = authority.substring(at + 1);
        if (hostPort.startsWith("[")) {
            return userInfo + hostPort;  // an IPv6 literal: ASCII or invalid, either way the URI parser's to judge
        }
        int colon = hostPort.lastIndexOf(':');
        String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
        String port = colon < 0 ? "" : hostPort.substring(colon);
        return userInfo + IDN.toASCII(host, IDN.ALLOW_UNASSIGNED) + port;
    }

    /** Percent-encodes, as UTF-8, every character not {@link #allowedAsIs}. */
    private static String encodeOthers(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (allowedAsIs(c)) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /**
     * Visible ASCII but for what RFC 3986 allows in no part of a URI ({@code " < > \ ^ ` { | }}),
     * which feed URLs hold now and then ({@code |} in a query most often) and browsers encode.
     */
    private static boolean allowedAsIs(int c) {
        return c > 0x20 && c < 0x7F && "\"<>\\^`{|}".indexOf(c) < 0;
    }

    private static String reason(Exception e) {
        return e instanceof URISyntaxException syntax ? syntax.getReason() : "invalid host name";
    }

    private static URI check(URI given) throws FeedFailure {
        URI uri = withoutEmptyPort(given);
        String scheme = uri.getScheme();
        if (scheme == null) {
            throw new FeedFailure(FeedStatus.INVALID_URL, "not an absolute URL (http:// or https:// expected)");
        }
        String lower = scheme.toLowerCase(Locale.ROOT);
        if (!lower.equals("http") && !lower.equals("https")) {
            throw new FeedFailure(FeedStatus.REFUSED_SCHEME, "scheme " + lower + ": is not fetched; only http and https are");
        }
        if (uri.getHost() == null) {
            checkNamedAuthority(uri.getRawAuthority());
        } else {
            checkLength(uri.getHost());
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            throw portOutOfRange(Integer.toString(uri.getPort()));
        }
        if (uri.getRawUserInfo() != null) {
            throw new FeedFailure(FeedStatus.INVALID_URL, "URLs with user info are not fetched");
        }
        return uri;
    }

    /** "http://h:/" is "http://h/": an empty port means the scheme's (RFC 3986 §3.2.3, §6.2.3). */
    private static URI withoutEmptyPort(URI uri) {
        String authority = uri.getRawAuthority();
        if (authority == null || !authority.endsWith(":")) {
            return uri;
        }
        String rest = uri.toString().substring(uri.getScheme().length() + 3 + authority.length());
        return URI.create(uri.getScheme() + "://" + authority.substring(0, authority.length() - 1) + rest);
    }

    /** The host a checked URL names; java.net.URI gives none for a name with '_'. */
    static String host(URI uri) {
        if (uri.getHost() != null) {
            return uri.getHost();
        }
        return hostOf(uri.getRawAuthority());
    }

    /** The host of an authority without user info: all before its last ':', if it has one. */
    private static String hostOf(String authority) {
        int colon = authority.lastIndexOf(':');
        return colon < 0 ? authority : authority.substring(0, colon);
    }

    /** An authority java.net.URI could not read as host and port: fetched if it is a DNS name and a port. */
    private static void checkNamedAuthority(String authority) throws FeedFailure {
        if (authority == null || authority.isEmpty()) {
            throw new FeedFailure(FeedStatus.INVALID_URL, "URL has no host");
        }
        if (authority.contains("@")) {
            throw new FeedFailure(FeedStatus.INVALID_URL, "URLs with user info are not fetched");
        }
        String host = hostOf(authority);
        String port = host.length() == authority.length() ? "" : authority.substring(host.length() + 1);
        checkLength(host);
        if (!isDnsName(host)) {
            throw new FeedFailure(FeedStatus.INVALID_URL, "not a valid host name: " + host);
        }
        if (!port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new FeedFailure(FeedStatus.INVALID_URL, "not a valid port: " + port);
        }
        if (!port.isEmpty() && (port.length() > 5 || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535)) {
            throw portOutOfRange(port);
        }
    }

    /** No DNS name is longer; nor is any label. Bracketed IP literals are short enough. */
    private static void checkLength(String host) throws FeedFailure {
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (name.length() > MAX_HOST_NAME_LENGTH) {
            throw new FeedFailure(FeedStatus.INVALID_URL,
                    "host name is longer than " + MAX_HOST_NAME_LENGTH + " characters (" + name.length() + ")");
        }
        int labelStart = 0;
        for (int i = 0; i <= name.length(); i++) {
            if (i == name.length() || name.charAt(i) == '.') {
                if (i - labelStart > MAX_LABEL_LENGTH) {
                    throw new FeedFailure(FeedStatus.INVALID_URL, "host name has a label longer than " + MAX_LABEL_LENGTH + " characters");
                }
                labelStart = i + 1;
            }
        }
    }

    /**
     * A host name as DNS has them, '_' included: java.net.URI refuses '_' in a host (RFC 3986
     * has none in a DNS name) but such names resolve, and curl, browsers and our HTTP client
     * fetch them. Non-empty labels of letters, digits, '-' and '_', and perhaps a final dot:
     * read in a loop, as a regex repeating a group per label recursed once per label and
     * overflowed the stack on a name of a few thousand.
     */
    private static boolean isDnsName(String host) {
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        boolean labelEmpty = true;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '.') {
                if (labelEmpty) {
                    return false;
                }
                labelEmpty = true;
            } else if (c < 0x80 && (Character.isLetterOrDigit(c) || c == '-' || c == '_')) {
                labelEmpty = false;
            } else {
                return false;
            }
        }
        return !labelEmpty;
    }

    private static FeedFailure portOutOfRange(String port) {
        return new FeedFailure(FeedStatus.INVALID_URL, "port " + port + " is out of range (1 to 65535)");
    }

    /**
     * The key a checked URL's result is cached under: scheme and host in lower case, the
     * scheme's default port and the fragment (never sent) dropped, an empty path as "/"
     * (RFC 9110 §4.2.3); so one feed written several ways is fetched once.
     */
    static String cacheKey(URI uri) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        String authority = uri.getRawAuthority().toLowerCase(Locale.ROOT);
        String defaultPort = scheme.equals("https") ? ":443" : ":80";
        if (authority.endsWith(defaultPort)) {
            authority = authority.substring(0, authority.length() - defaultPort.length());
        } else if (authority.endsWith(":")) {
            authority = authority.substring(0, authority.length() - 1);
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return scheme + "://" + authority + path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }
}
