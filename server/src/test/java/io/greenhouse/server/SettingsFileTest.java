package io.greenhouse.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The settings file: one {@code name = value} a line, comments and blank lines; anything else names its line. */
class SettingsFileTest {

    @TempDir
    Path dir;

    @Test
    void readsNameEqualsValueLinesSkippingCommentsAndBlankLines() throws Exception {
        Path file = write("# a comment\r\n\r\n! another\r\nserver.bind = 0.0.0.0:9010\r\n  server.script-name =\r\n");
        assertEquals(List.of(new SettingsFile.Entry("server.bind", "0.0.0.0:9010", 4),
                        new SettingsFile.Entry("server.script-name", "", 5)),
                SettingsFile.read(file));
    }

    @Test
    void theValueIsTheRestOfTheLineEqualsSignsAndColonsIncluded() throws Exception {
        Path file = write("server.secure-scheme-headers = X-Forwarded-Proto: https\napp.query = a=b");
        assertEquals(List.of(new SettingsFile.Entry("server.secure-scheme-headers", "X-Forwarded-Proto: https", 1),
                        new SettingsFile.Entry("app.query", "a=b", 2)),
                SettingsFile.read(file));
    }

    @Test
    void aByteOrderMarkIsNotPartOfTheFirstName() throws Exception {
        Path file = write("\uFEFFserver.bind = :9010\n");
        assertEquals("server.bind", SettingsFile.read(file).get(0).name());
    }

    @Test
    void aLineWithoutEqualsSignIsRefusedWithItsNumber() throws Exception {
        Path file = write("server.bind = :9010\nserver.idle-timeout 5s\n");
        assertEquals("config file " + file + " line 2: expected NAME = VALUE, not 'server.idle-timeout 5s'", refusal(file));
    }

    @Test
    void aNameWithASpaceOrNoNameIsRefused() throws Exception {
        Path spaced = write("server idle-timeout = 5s\n");
        assertEquals("config file " + spaced + " line 1: 'server idle-timeout' is not a setting name (names have no spaces)",
                refusal(spaced));
        Path nameless = write(" = 5s\n");
        assertEquals("config file " + nameless + " line 1: no setting name before '='", refusal(nameless));
    }

    private Path write(String text) throws Exception {
        Path file = dir.resolve("greenhouse.properties");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private static String refusal(Path file) {
        return assertThrows(IllegalArgumentException.class, () -> SettingsFile.read(file)).getMessage();
    }
}
