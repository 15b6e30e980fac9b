package io.greenhouse.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Log rotation: once logrotate (or an operator) has moved the log files away, SIGUSR1 makes
 * bin/serve write to new files under the configured names, as nginx and gunicorn do.
 */
@EnabledOnOs(OS.LINUX)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LogRotationTest {

    @Test
    void sigusr1OpensTheLogFilesAgainUnderTheirNames(@TempDir Path dir) throws Exception {
        Path access = dir.resolve("access.log");
        Path errors = dir.resolve("error.log");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Launcher.class.getName(), "--bind", "127.0.0.1:0",
                "--set", "server.access-log=" + access, "--set", "server.error-log=" + errors,
                LauncherTest.class.getName() + "::STATIC_APP")
                .redirectErrorStream(true).redirectOutput(dir.resolve("output").toFile()).start();
        try {
            Matcher serving = Pattern.compile("on http://[^ ]+:(\\d+) ").matcher(awaitLine(errors, "Greenhouse serving"));
            assertTrue(serving.find());
            int port = Integer.parseInt(serving.group(1));
            get(port, "/before");
            awaitLine(access, "GET /before");

            Files.move(access, dir.resolve("access.log.1"));
            Files.move(errors, dir.resolve("error.log.1"));
            assertEquals(0, new ProcessBuilder("kill", "-USR1", Long.toString(process.pid())).start().waitFor());
            awaitLine(errors, "reopened the log files");
            get(port, "/after");
            awaitLine(access, "GET /after");

            String rotated = Files.readString(dir.resolve("access.log.1"), StandardCharsets.UTF_8);
            assertTrue(rotated.contains("GET /before"), rotated);
            assertFalse(rotated.contains("GET /after"), "written to the new file only: " + rotated);
        } finally {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static void get(int port, String path) {
        try (RawClient client = RawClient.connect(port)) {
            assertEquals("static", client.send("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n").read().bodyText());
        }
    }

    /** The first line of {@code file} containing {@code text}, once the server has written it. */
    private static String awaitLine(Path file, String text) throws IOException {
        while (true) {
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (line.contains(text)) {
                        return line;
                    }
                }
            }
            Thread.onSpinWait();
        }
    }
}
