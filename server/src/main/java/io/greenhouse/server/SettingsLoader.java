package io.greenhouse.server;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Lays the sources of settings over each other, later ones winning: built-in defaults, the
 * properties file ({@code conf/greenhouse.properties}), environment variables
 * ({@code GREENHOUSE_SERVER_IDLE_TIMEOUT} for {@code server.idle-timeout}), then the command
 * line. Every {@code GREENHOUSE_*} variable is a setting: the name the file or the defaults
 * know under that spelling, else the first word names the part and the rest the setting
 * ({@code GREENHOUSE_FEEDSCRAPER_POOL_SIZE} → {@code feedscraper.pool-size}), so an app's
 * setting reaches it even when no file names it.
 */
final class SettingsLoader {

    private static final String PREFIX = "GREENHOUSE_";
    /** Read by bin/serve and the container's health check, not settings. */
    private static final Set<String> LAUNCHER_VARIABLES =
            Set.of("GREENHOUSE_JAVA_NEEDS", "GREENHOUSE_JVM_DIRS", "GREENHOUSE_HEALTHCHECK_PORT");

    private final Map<String, String> merged = new LinkedHashMap<>(Settings.DEFAULTS);

    /** @throws IllegalArgumentException when the file cannot be read */
    SettingsLoader file(Path path) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read config file " + path + ": " + e.getMessage());
        }
        for (String name : properties.stringPropertyNames()) {
            merged.put(name, properties.getProperty(name).trim());
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
            }
        });
        return this;
    }

    SettingsLoader override(String name, String value) {
        merged.put(name, value);
        return this;
    }

    Map<String, String> values() {
        return merged;
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
