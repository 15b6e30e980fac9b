package io.greenhouse.feedscraper;

import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves a URI reference (a redirect's Location) against the URI it came from, by RFC 3986
 * §5.2, as browsers and urllib3 do: {@link URI#resolve} follows RFC 2396, which keeps a leading
 * {@code /..}, drops the base's last segment for a query-only reference, and removes no dot
 * segments from an absolute reference. HttpClient's {@code URIUtils.resolve} (5.6) fails 7 of RFC
 * 3986 §5.4's examples the same ways ({@code /../g}, {@code ../../../g}, {@code http://h/x/../ok}).
 */
final class ReferenceResolution {

    /** RFC 3986 Appendix B: scheme, authority, path, query, fragment; every string matches. */
    private static final Pattern PARTS = Pattern.compile("(?:([^:/?#]+):)?(?://([^/?#]*))?([^?#]*)(?:\\?([^#]*))?(?:#(.*))?", Pattern.DOTALL);

    private ReferenceResolution() {
    }

    /** The target of {@code reference} from {@code base} (an absolute, hierarchical URI), as a string. */
    static String resolve(URI base, String reference) {
        Matcher parts = PARTS.matcher(reference);
        if (!parts.matches()) {
            throw new IllegalStateException("every string matches RFC 3986's pattern");
        }
        String scheme = parts.group(1);
        String authority = parts.group(2);
        String path = parts.group(3);
        String query = parts.group(4);
        if (scheme == null && authority == null) {  // §5.2.2, "else" branches
            authority = base.getRawAuthority();
            if (path.isEmpty()) {
                path = nullToEmpty(base.getRawPath());
                query = query != null ? query : base.getRawQuery();
            } else {
                path = removeDotSegments(path.startsWith("/") ? path : merge(base, path));
            }
        } else {
            path = removeDotSegments(path);
        }
        return compose(scheme != null ? scheme : base.getScheme(), authority, path, query, parts.group(5));
    }

    /** §5.2.3: the reference's path appended to the base's directory. */
    private static String merge(URI base, String path) {
        String basePath = nullToEmpty(base.getRawPath());
        if (base.getRawAuthority() != null && basePath.isEmpty()) {
            return "/" + path;
        }
        return basePath.substring(0, basePath.lastIndexOf('/') + 1) + path;
    }

    /** §5.2.4, reading the input once. */
    static String removeDotSegments(String path) {
        StringBuilder out = new StringBuilder(path.length());
        int n = path.length();
        int at = 0;
        while (at < n) {
            if (path.startsWith("../", at)) {
                at += 3;
            } else if (path.startsWith("./", at) || path.startsWith("/./", at)) {
                at += 2;
            } else if (at + 2 == n && path.startsWith("/.", at)) {
                out.append('/');
                at = n;
            } else if (path.startsWith("/../", at)) {
                removeLastSegment(out);
                at += 3;
            } else if (at + 3 == n && path.startsWith("/..", at)) {
                removeLastSegment(out);
                out.append('/');
                at = n;
            } else if (at + 1 == n && path.charAt(at) == '.' || at + 2 == n && path.startsWith("..", at)) {
                at = n;
            } else {
                int next = path.indexOf('/', path.charAt(at) == '/' ? at + 1 : at);
                next = next < 0 ? n : next;
                out.append(path, at, next);
                at = next;
            }
        }
        return out.toString();
    }

    private static void removeLastSegment(StringBuilder out) {
        out.setLength(Math.max(out.lastIndexOf("/"), 0));
    }

    /** §5.3. */
    private static String compose(String scheme, String authority, String path, String query, String fragment) {
        StringBuilder uri = new StringBuilder();
        if (scheme != null) {
            uri.append(scheme).append(':');
        }
        if (authority != null) {
            uri.append("//").append(authority);
        }
        uri.append(path);
        if (query != null) {
            uri.append('?').append(query);
        }
        if (fragment != null) {
            uri.append('#').append(fragment);
        }
        return uri.toString();
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }
}
