package io.greenhouse.feedscraper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The URLs a POST asks for, one per line, blank lines ignored, from a body that is plain text, a
 * form with a {@code urls} field, or a JSON array of strings. A "form" with a raw line break or
 * without a {@code urls} field is read as plain text: that is what {@code curl --data-binary
 * @feeds.txt} sends.
 */
final class RequestUrls {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RequestUrls() {
    }

    /**
     * @param contentType the request's Content-Type; null or empty reads as text
     * @throws HttpProblem 400 for a malformed JSON or form body, 413 over {@code maxUrls},
     *     415 for another content type
     */
    static List<String> read(byte[] body, String contentType, int maxUrls) throws HttpProblem {
        String text = new String(body, StandardCharsets.UTF_8);
        List<String> urls = switch (mediaType(contentType)) {
            case "", "text/plain" -> lines(text);
            case "text/uri-list" -> lines(text).stream().filter(line -> !line.startsWith("#")).toList();  // RFC 2483 comments
            case "application/x-www-form-urlencoded" -> formOrLines(text);
            case "application/json" -> jsonArray(text);
            default -> throw new HttpProblem("415 Unsupported Media Type",
                    "send the URLs as text/plain, application/x-www-form-urlencoded (field urls) or a JSON array");
        };
        if (urls.size() > maxUrls) {
            throw new HttpProblem("413 Content Too Large",
                    "too many URLs: " + urls.size() + " (at most " + maxUrls + " per request)");
        }
        return urls;
    }

    private static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
        return type.trim().toLowerCase(Locale.ROOT);
    }

    static List<String> lines(String text) {
        List<String> urls = new ArrayList<>();
        for (String line : text.split("\r\n|\r|\n")) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty()) {
                urls.add(trimmed);
            }
        }
        return urls;
    }

    // `curl --data-binary @feeds.txt` labels a plain list as a form. A form's body never holds a
    // raw line break (its values' are encoded), so a body with one is that list, whatever its URLs
    // hold (a query's "&urls="); so is a body without a urls field.
    private static List<String> formOrLines(String body) throws HttpProblem {
        if (body.indexOf('\n') >= 0 || body.indexOf('\r') >= 0) {
            return lines(body);
        }
        List<String> urls = formField(body, "urls");
        return urls == null ? lines(body) : urls;
    }

    /** The lines of every {@code name} field, or null when the form has none. */
    private static List<String> formField(String form, String name) throws HttpProblem {
        List<String> urls = null;
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            if (eq < 0 || !pair.substring(0, eq).equals(name)) {
                continue;
            }
            if (urls == null) {
                urls = new ArrayList<>();
            }
            urls.addAll(lines(decode(pair.substring(eq + 1))));
        }
        return urls;
    }

    private static String decode(String component) throws HttpProblem {
        try {
            return URLDecoder.decode(component, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new HttpProblem("400 Bad Request", "malformed form body: " + e.getMessage());
        }
    }

    private static List<String> jsonArray(String text) throws HttpProblem {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new HttpProblem("400 Bad Request", "malformed JSON body: " + TitleFlattener.flatten(e.getOriginalMessage()));
        }
        if (root == null || !root.isArray()) {
            throw new HttpProblem("400 Bad Request", "the JSON body must be an array of URL strings");
        }
        List<String> urls = new ArrayList<>();
        for (JsonNode element : root) {
            if (!element.isTextual()) {
                throw new HttpProblem("400 Bad Request", "the JSON body must be an array of URL strings");
            }
            String url = element.asText().strip();
            if (!url.isEmpty()) {
                urls.add(url);
            }
        }
        return urls;
    }
}
