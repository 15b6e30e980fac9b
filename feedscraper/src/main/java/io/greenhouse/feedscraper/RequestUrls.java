package io.greenhouse.feedscraper;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The URLs a POST asks for, one per line, blank lines ignored, from a body that is plain text, a
 * form with a {@code urls} field, or a JSON array of strings (every element one URL, blank or
 * not). A "form" that begins with a URL, holds a raw line break or has no {@code urls} field is
 * read as plain text: that is what {@code curl --data-binary} sends.
 */
final class RequestUrls {

    private static final JsonFactory JSON = new JsonFactory();
    private static final String NOT_AN_ARRAY = "the JSON body must be an array of URL strings";
    /** A scheme (RFC 3986 §3.1) and "://", after any white space. */
    private static final Pattern LEADING_URL = Pattern.compile("\\s*[A-Za-z][A-Za-z0-9+.-]*://");

    private RequestUrls() {
    }

    /**
     * @param contentType the request's Content-Type; null or empty reads as text
     * @throws HttpProblem 400 for a malformed JSON or form body, or bytes not valid in the body's
     *     charset; 413 over {@code maxUrls}; 415 for another content type or an unknown charset
     */
    static List<String> read(byte[] body, String contentType, int maxUrls) throws HttpProblem {
        List<String> urls = switch (mediaType(contentType)) {
            case "", "text/plain" -> lines(text(body, contentType));
            case "text/uri-list" -> lines(text(body, contentType)).stream().filter(line -> !line.startsWith("#")).toList();  // RFC 2483 comments
            case "application/x-www-form-urlencoded" -> formOrLines(text(body, contentType));
            case "application/json" -> jsonArray(BodyText.decode(body, StandardCharsets.UTF_8));  // RFC 8259 §8.1, whatever the charset says
            default -> throw new HttpProblem("415 Unsupported Media Type", "send the URLs as text/plain, text/uri-list, "
                    + "application/x-www-form-urlencoded (field urls) or application/json (an array of strings)");
        };
        if (urls.size() > maxUrls) {
            throw new HttpProblem("413 Content Too Large",
                    "too many URLs: " + urls.size() + " (at most " + maxUrls + " per request)");
        }
        return urls;
    }

    /** A text body in the charset its Content-Type names; UTF-8 when it names none. */
    private static String text(byte[] body, String contentType) throws HttpProblem {
        return BodyText.decode(body, BodyText.charset(contentType, StandardCharsets.UTF_8));
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

    // `curl --data-binary` labels a plain list as a form. A form's body never holds a raw line
    // break (its values' are encoded), nor begins with a URL (it begins with a field name, and
    // "://" is no name), so a body that does is that list, whatever its URLs hold (a query's
    // "&urls="); so is a body without a urls field.
    private static List<String> formOrLines(String body) throws HttpProblem {
        if (body.indexOf('\n') >= 0 || body.indexOf('\r') >= 0 || LEADING_URL.matcher(body).lookingAt()) {
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
            // what the decoder throws for a '%' not followed by two hex digits, and for nothing else
            throw new HttpProblem("400 Bad Request", "malformed form body: bad percent-encoding");
        }
    }

    /**
     * The strings of a JSON array, read token by token: an element that is not a string ends the
     * reading there, so a deep nest of arrays is refused at its second bracket, never parsed to
     * the parser's depth limit. A blank string is kept, to get its result (an invalid URL) in its
     * place: results line up with the array's elements.
     */
    private static List<String> jsonArray(String text) throws HttpProblem {
        try (JsonParser parser = JSON.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new HttpProblem("400 Bad Request", NOT_AN_ARRAY);
            }
            List<String> urls = new ArrayList<>();
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                if (token != JsonToken.VALUE_STRING) {
                    throw new HttpProblem("400 Bad Request", NOT_AN_ARRAY);
                }
                urls.add(parser.getText().strip());
            }
            requireEnd(parser);
            return urls;
        } catch (StreamConstraintsException e) {
            // the parser's limits on a number's or a string's length; it gives no place
            throw malformedJson("a value too long", null);
        } catch (JsonProcessingException e) {
            throw malformedJson(null, e.getLocation());
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);  // reading a string fails only as malformed JSON
        }
    }

    /** Refuses anything but white space after the array, well-formed or not. */
    private static void requireEnd(JsonParser parser) throws HttpProblem, IOException {
        JsonLocation after = parser.currentLocation();
        try {
            if (parser.nextToken() == null) {
                return;
            }
            after = parser.currentTokenLocation();
        } catch (JsonProcessingException e) {
            after = e.getLocation() != null ? e.getLocation() : after;
        }
        throw malformedJson("content after the array", after);
    }

    /** A 400 for JSON that cannot be read: why, when there is more to say than where. */
    private static HttpProblem malformedJson(String why, JsonLocation where) {
        StringBuilder reason = new StringBuilder("malformed JSON body");
        if (why != null) {
            reason.append(": ").append(why);
        }
        if (where != null && where.getLineNr() > 0) {
            reason.append(" at line ").append(where.getLineNr()).append(" column ").append(where.getColumnNr());
        }
        return new HttpProblem("400 Bad Request", reason.toString());
    }
}
