package io.greenhouse.server;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The header fields by which a TLS-terminating proxy tells the server that its client used
 * https ({@code server.secure-scheme-headers}; by default those gunicorn reads:
 * {@code X-Forwarded-Proto: https}, {@code X-Forwarded-Ssl: on}, {@code X-Forwarded-Protocol: ssl}).
 * Each present field says https when its value is the one named, http otherwise; fields that
 * disagree are refused. Believed only from a trusted peer ({@code server.forwarded-allow-ips}).
 */
final class SchemeHeaders {

    /** Environ key of each header (HTTP_X_FORWARDED_PROTO) → the value that means https. */
    private final Map<String, String> secureValues;
    private final String names;

    private SchemeHeaders(Map<String, String> secureValues, String names) {
        this.secureValues = secureValues;
        this.names = names;
    }

    /**
     * {@code Name: value} pairs, comma-separated; empty for none.
     *
     * @throws IllegalArgumentException naming the pair that is not a field name and a value
     */
    static SchemeHeaders parse(String spec) {
        Map<String, String> secureValues = new LinkedHashMap<>();
        StringBuilder names = new StringBuilder();
        for (String pair : spec.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int colon = pair.indexOf(':');
            String name = colon < 0 ? "" : pair.substring(0, colon).trim();
            String value = colon < 0 ? "" : pair.substring(colon + 1).trim();
            if (!isToken(name) || value.isEmpty()) {
                throw new IllegalArgumentException("'" + pair.trim() + "' is not a header and the value that means https, such as X-Forwarded-Proto: https");
            }
            byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
            secureValues.put(EnvironKeys.of(bytes, 0, bytes.length), value);
            names.append(names.isEmpty() ? "" : ", ").append(name);
        }
        return new SchemeHeaders(Map.copyOf(secureValues), names.toString());
    }

    boolean isEmpty() {
        return secureValues.isEmpty();
    }

    /**
     * "https" or "http" as the request's scheme headers say, or {@code otherwise} when it has none.
     *
     * @throws HttpError 400 when two of them disagree
     */
    String schemeOf(HeaderFields fields, String otherwise) throws HttpError {
        String scheme = null;
        for (int i = 0; i < fields.size(); i++) {
            String secureValue = secureValues.get(fields.key(i));
            if (secureValue == null) {
                continue;
            }
            String said = fields.value(i).trim().equalsIgnoreCase(secureValue) ? "https" : "http";
            if (scheme != null && !scheme.equals(said)) {
                throw HttpError.badRequest("conflicting scheme headers (" + names + ")");
            }
            scheme = said;
        }
        return scheme != null ? scheme : otherwise;
    }

    private static boolean isToken(String name) {
        return !name.isEmpty() && name.chars().allMatch(Ascii::isTchar);
    }
}
