package io.greenhouse.server;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Lays the sources of settings over each other, later ones winning: built-in defaults, the
 * properties file ({@code conf/greenhouse.properties}), environment variables
 * ({@code GREENHOUSE_SERVER_IDLE_TIMEOUT} for {@code server.idle-timeout}), then the command
 * line. Every {@code GREENHOUSE_*} variable is a setting: the name the file or the defaults
 * know under that spelling, else the first word names the part and the rest the setting
 * ({@code GREENHOUSE_FEEDSCRAPER_POOL_SIZE} → {@code feedscraper.pool-size}), so an app's
 * setting reaches it even when no file names it. A value that is not valid is reported with
 * where it came from: the file and line, or the variable.
 */
final class SettingsLoader {

    private static final String PREFIX = "GREENHOUSE_";
    /** Read by bin/serve and the container's health check, not settings. */
    private static final Set<String> LAUNCHER_VARIABLES =
            Set.of("GREENHOUSE_JAVA_NEEDS", "GREENHOUSE_JVM_DIRS", "GREENHOUSE_HEALTHCHECK_PORT");

    private final Map<String, String> merged = new LinkedHashMap<>(Settings.DEFAULTS);
    /** Where a value that is not a default came from; none for the command line, where it was just typed. */
    private final Map<String, String> origins = new HashMap<>();

    /** @throws IllegalArgumentException when the file cannot be read, or a line is not a setting */
    SettingsLoader file(Path path) {
        for (SettingsFile.Entry entry : SettingsFile.read(path)) {
            merged.put(entry.name(), entry.value());
            origins.put(entry.name(), SettingsFile.origin(path, entry.line()));
        }
        return this;
    }

    SettingsLoader environment(Map<String, String> env) {
        Map<String, String> known = new HashMap<>();
        merged.keySet().forEach(name -> known.put(environmentName(name), name));
        env.forEach((variable, value) -> {
            if (LAUNCHER_VARIABLES.contains(variable) || !variable.startsWith(PREFIX)) {
                return;
            }
            String name = known.getOrDefault(variable, settingName(variable));
            if (name != null) {
                merged.put(name, value);
                origins.put(name, "environment variable " + variable);
            }
        });
        return this;
    }

    SettingsLoader override(String name, String value) {
        merged.put(name, value);
        origins.remove(name);
        return this;
    }

    /**
     * The server's settings from all sources.
     *
     * @throws IllegalArgumentException naming the setting at fault, why, and where its value came from
     */
    Settings settings() {
        try {
            return Settings.of(merged);
        } catch (InvalidSetting e) {
            String origin = origins.get(e.name());
            if (origin == null) {
                throw e;
            }
            throw new IllegalArgumentException(origin + ": " + e.getMessage(), e);
        }
    }

    /**
     * Where the settings named in an app's error {@code message} came from, such as
     * "config file conf/greenhouse.properties line 31"; null when it names none that came from
     * a file or the environment. An app checks its own settings and does not know their source.
     */
    String originOfSettingsIn(String message) {
        List<String> named = origins.keySet().stream().filter(name -> names(message, name)).sorted().toList();
        return switch (named.size()) {
            case 0 -> null;
            case 1 -> origins.get(named.get(0));
            default -> named.stream().map(name -> name + " from " + origins.get(name)).collect(Collectors.joining(", "));
        };
    }

    /** Whether {@code message} has {@code name} as a whole word: not a.b in a.b-c or xa.b. */
    private static boolean names(String message, String name) {
        for (int at = message.indexOf(name); at >= 0; at = message.indexOf(name, at + 1)) {
            int end = at + name.length();
            if ((at == 0 || !isNameChar(message.charAt(at - 1))) && (end == message.length() || !isNameChar(message.charAt(end)))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_';
    }

    /** {@code server.idle-timeout} → {@code GREENHOUSE_SERVER_IDLE_TIMEOUT}. */
    static String environmentName(String name) {
        return PREFIX + name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** {@code GREENHOUSE_FEEDSCRAPER_POOL_SIZE} → {@code feedscraper.pool-size}; null when it has no second word. */
    static String settingName(String variable) {
        String rest = variable.substring(PREFIX.length()).toLowerCase(Locale.ROOT);
        int split = rest.indexOf('_');
        if (split <= 0 || split == rest.length() - 1) {
            return null;
        }
        return rest.substring(0, split) + "." + rest.substring(split + 1).replace('_', '-');
    }
}
