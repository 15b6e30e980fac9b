package io.greenhouse.feedscraper;

import java.util.Locale;

/**
 * How much a request's {@code Accept} field wants a media type (RFC 9110 §12.5.1): the weight of
 * the most specific range that matches it, and how specific that range is.
 */
final class AcceptHeader {

    /**
     * @param q the type's weight, 0 when it is not acceptable
     * @param specificity of the range the weight came from: 2 the type named, 1 its type with any
     *     subtype, 0 any type at all, -1 no range
     */
    record Preference(double q, int specificity) {
    }

    private AcceptHeader() {
    }

    /** How much {@code accept} (null or blank: anything) wants {@code type}, a lower-case type/subtype. */
    static Preference of(String accept, String type) {
        if (accept == null || accept.isBlank()) {
            return new Preference(1, 0);
        }
        Preference best = new Preference(0, -1);
        for (String element : accept.split(",")) {
            String[] parts = element.split(";");
            String range = parts[0].trim().toLowerCase(Locale.ROOT);
            int specificity = specificity(range, type);
            if (specificity > best.specificity()) {
                best = new Preference(weight(parts), specificity);
            }
        }
        return best;
    }

    private static int specificity(String range, String type) {
        if (range.equals(type)) {
            return 2;
        }
        if (range.equals("*/*")) {
            return 0;
        }
        return range.endsWith("/*") && type.startsWith(range.substring(0, range.length() - 1)) ? 1 : -1;
    }

    /** The q parameter; 1 when absent, 0 when not a weight (a client that garbles it gets nothing by it). */
    private static double weight(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim();
            if (parameter.length() > 2 && parameter.substring(0, 2).equalsIgnoreCase("q=")) {
                try {
                    double q = Double.parseDouble(parameter.substring(2).trim());
                    return q >= 0 && q <= 1 ? q : 0;
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }
}
