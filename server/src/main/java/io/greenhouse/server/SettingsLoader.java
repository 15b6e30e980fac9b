package io.greenhouse.server;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Lays the sources of settings over each other, later ones winning: built-in defaults, the
 * properties file ({@code conf/greenhouse.properties}), environment variables
 * ({@code GREENHOUSE_SERVER_IDLE_TIMEOUT} for {@code server.idle-timeout}), then the command
 * line. Environment variables apply to every name the file or defaults know.
 */
final class SettingsLoader {

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
        for (String name : merged.keySet()) {
            String value = env.get(environmentName(name));
            if (value != null) {
                merged.put(name, value);
            }
        }
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
        return "GREENHOUSE_" + name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
