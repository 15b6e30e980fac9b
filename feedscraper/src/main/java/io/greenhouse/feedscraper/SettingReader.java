package io.greenhouse.feedscraper;

import java.time.Duration;
import java.util.Map;

/** Typed reads of text settings, each failing with a one-line reason that names the setting. */
final class SettingReader {

    private final Map<String, String> values;

    SettingReader(Map<String, String> values) {
        this.values = values;
    }

    String string(String name) {
        String value = values.get(name);
        if (value == null || value.isBlank()) {
            throw invalid(name, "must not be empty");
        }
        return value;
    }

    int positiveInt(String name) {
        int value = nonNegativeInt(name);
        if (value == 0) {
            throw invalid(name, "must be at least 1");
        }
        return value;
    }

    int nonNegativeInt(String name) {
        try {
            int value = Integer.parseInt(string(name));
            if (value < 0) {
                throw invalid(name, "must not be negative");
            }
            return value;
        } catch (NumberFormatException e) {
            throw invalid(name, "is not a whole number");
        }
    }

    long positiveLong(String name) {
        try {
            long value = Long.parseLong(string(name));
            if (value < 1) {
                throw invalid(name, "must be at least 1");
            }
            return value;
        } catch (NumberFormatException e) {
            throw invalid(name, "is not a whole number");
        }
    }

    /**
     * A number of bytes, or a share of the JVM's largest heap written as a percentage ("25%"), so
     * that a budget follows the heap it protects; a share is never less than {@code atLeast}.
     */
    long bytesOrHeapShare(String name, long atLeast) {
        String text = string(name);
        if (!text.endsWith("%")) {
            return positiveLong(name);
        }
        try {
            double percent = Double.parseDouble(text.substring(0, text.length() - 1).trim());
            if (percent > 0 && percent <= 100) {
                return Math.max(atLeast, (long) (Runtime.getRuntime().maxMemory() * percent / 100));
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw invalid(name, "is neither a number of bytes nor a share of the heap above 0% and at most 100%");
    }

    /** Fails naming {@code name} unless {@code holds}: for a rule between settings. */
    void require(boolean holds, String name, String why) {
        if (!holds) {
            throw invalid(name, why);
        }
    }

    boolean bool(String name) {
        return switch (string(name)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(name, "must be true or false");
        };
    }

    /** A duration such as {@code 500ms}, {@code 20s}, {@code 5m} or {@code 1h}. */
    Duration duration(String name) {
        String text = string(name);
        int split = 0;
        while (split < text.length() && Character.isDigit(text.charAt(split))) {
            split++;
        }
        if (split == 0) {
            throw invalid(name, "is not a duration such as 500ms, 20s, 5m or 1h");
        }
        long amount;
        try {
            amount = Long.parseLong(text.substring(0, split));
        } catch (NumberFormatException e) {
            throw invalid(name, "is too large");
        }
        Duration duration;
        try {
            duration = switch (text.substring(split)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s", "" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> throw invalid(name, "is not a duration such as 500ms, 20s, 5m or 1h");
            };
        } catch (ArithmeticException e) {
            throw invalid(name, "is too large");
        }
        if (duration.compareTo(MAX_DURATION) > 0) {
            throw invalid(name, "is too large: at most a year (8760h)");  // deadlines computed from it would overflow
        }
        return duration;
    }

    private static final Duration MAX_DURATION = Duration.ofDays(365);

    private IllegalArgumentException invalid(String name, String why) {
        return new IllegalArgumentException("setting " + name + " = '" + values.get(name) + "' " + why);
    }
}
