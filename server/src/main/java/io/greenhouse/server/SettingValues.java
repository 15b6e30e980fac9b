package io.greenhouse.server;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.time.Duration;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Reads typed values out of a settings map, naming the setting when a value is not valid. */
final class SettingValues {

    private final Map<String, String> values;

    SettingValues(Map<String, String> values) {
        this.values = values;
    }

    String string(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new InvalidSetting(name, "missing setting " + name);
        }
        return value.trim();
    }

    /**
     * Where a log goes: "stdout", "stderr", a file path, or "off" when {@code mayBeOff}. The error
     * log may not be off: a file named "off" would be opened instead, where nobody looks.
     */
    String logTarget(String name, boolean mayBeOff) {
        String value = string(name);
        String expected = mayBeOff ? "stdout, stderr, off or a file path" : "stderr, stdout or a file path (it cannot be off)";
        if (value.isEmpty() || (!mayBeOff && value.equals("off"))) {
            throw invalid(name, value, expected);
        }
        return value;
    }

    String oneOf(String name, String... choices) {
        String value = string(name);
        for (String choice : choices) {
            if (choice.equals(value)) {
                return value;
            }
        }
        throw invalid(name, value, "one of " + String.join(", ", choices));
    }

    int positiveInt(String name) {
        long value = positiveLong(name);
        if (value > Integer.MAX_VALUE) {
            throw invalid(name, string(name), "a whole number up to " + Integer.MAX_VALUE);
        }
        return (int) value;
    }

    long positiveLong(String name) {
        String value = string(name);
        try {
            long parsed = Long.parseLong(value.replace("_", ""));
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw invalid(name, value, "a whole number above 0");
    }

    /** The value as {@code parser} reads it; its IllegalArgumentException says what is wrong. */
    <T> T parsed(String name, Function<String, T> parser) {
        String value = string(name);
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidSetting(name, "setting " + name + " = '" + value + "' is not valid: " + e.getMessage(), e);
        }
    }

    /**
     * A number of bytes, or a share of the JVM's largest heap written as a percentage ("12%"),
     * so that a budget follows the heap it protects.
     */
    long bytesOrHeapShare(String name) {
        String value = string(name);
        if (!value.endsWith("%")) {
            return positiveLong(name);
        }
        try {
            double percent = Double.parseDouble(value.substring(0, value.length() - 1).trim());
            if (percent > 0 && percent <= 100) {
                return Math.max(1, (long) (Runtime.getRuntime().maxMemory() * percent / 100));
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw invalid(name, value, "a number of bytes, or a share of the heap above 0% and at most 100%");
    }

    /** File permissions written in octal, as chmod takes them ("666", "0660"). */
    Set<PosixFilePermission> fileMode(String name) {
        String value = string(name);
        int bits = value.length() >= 3 && value.length() <= 4 && value.chars().allMatch(c -> c >= '0' && c <= '7')
                ? Integer.parseInt(value, 8) : -1;
        if (bits < 0 || bits > 0777) {
            throw invalid(name, value, "permissions in octal, such as 660 or 0666");
        }
        Set<PosixFilePermission> mode = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] all = PosixFilePermission.values();  // owner read ... others execute: bits 8 to 0
        for (int i = 0; i < all.length; i++) {
            if ((bits & (1 << (all.length - 1 - i))) != 0) {
                mode.add(all[i]);
            }
        }
        return mode;
    }

    boolean bool(String name) {
        return Boolean.parseBoolean(oneOf(name, "true", "false"));
    }

    /** No timeout or grace needs more; and deadlines computed from longer ones overflow. */
    static final Duration MAX_DURATION = Duration.ofDays(365);

    /** "250ms", "20s", "5m", "1h", or a plain number of seconds; above 0, at most a year. */
    Duration duration(String name) {
        String value = string(name);
        try {
            Duration parsed = parseDuration(value);
            if (!parsed.isNegative() && !parsed.isZero() && parsed.compareTo(MAX_DURATION) <= 0) {
                return parsed;
            }
        } catch (NumberFormatException | ArithmeticException ignored) {
            // reported below
        }
        throw invalid(name, value, "a duration above 0 and at most a year (8760h), such as 250ms, 20s, 5m or 1h");
    }

    /**
     * "HOST:PORT", ":PORT" (all interfaces) or "[IPv6]:PORT", port 0 picking a free port; or
     * "unix:PATH" for a Unix domain socket.
     */
    SocketAddress address(String name) {
        String value = string(name);
        if (value.startsWith("unix:")) {
            String path = value.substring("unix:".length());
            if (path.isEmpty()) {
                throw invalid(name, value, "unix: followed by the socket file's path, such as unix:/run/greenhouse.sock");
            }
            return UnixDomainSocketAddress.of(path);
        }
        int colon = value.lastIndexOf(':');
        try {
            if (colon < 0) {
                throw new NumberFormatException();
            }
            String host = value.substring(0, colon);
            int port = Integer.parseInt(value.substring(colon + 1));
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
        } catch (NumberFormatException e) {
            throw invalid(name, value, "HOST:PORT, such as 127.0.0.1:9010 or 0.0.0.0:9010");
        }
    }

    private static Duration parseDuration(String value) {
        if (value.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2).trim()));
        }
        char unit = value.isEmpty() ? ' ' : value.charAt(value.length() - 1);
        String number = Character.isDigit(unit) ? value : value.substring(0, value.length() - 1).trim();
        long amount = Long.parseLong(number);
        return switch (unit) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            default -> {
                if (!Character.isDigit(unit)) {
                    throw new NumberFormatException();
                }
                yield Duration.ofSeconds(amount);
            }
        };
    }

    private static IllegalArgumentException invalid(String name, String value, String expected) {
        return new InvalidSetting(name, "setting " + name + " = '" + value + "' is not valid: expected " + expected);
    }
}
