package io.greenhouse.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.greenhouse.spi.App;
import io.greenhouse.spi.Header;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The launcher behind bin/serve, run as its own process the way an operator runs it. */
@Timeout(60)
class LauncherTest {

    /** An App for the launcher to load by name. */
    public static final class Greeter implements App {
        private final String greeting;

        public Greeter(Map<String, String> settings) {
            this.greeting = settings.getOrDefault("greeter.text", "hello");
        }

        @Override
        public Iterable<byte[]> call(Map<String, Object> environ, io.greenhouse.spi.StartResponse startResponse) {
            startResponse.call("200 OK", List.of(new Header("Content-Type", "text/plain")));
            return List.of(greeting.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** An App whose settings check fails, as the Feed Scraper's does on a bad value. */
    public static final class Picky implements App {
        public Picky(Map<String, String> settings) {
            String level = settings.get("picky.level");
            if (level == null || !level.matches("[0-9]+")) {
                throw new IllegalArgumentException("setting picky.level = '" + level + "' is not a whole number");
            }
        }

        @Override
        public Iterable<byte[]> call(Map<String, Object> environ, io.greenhouse.spi.StartResponse startResponse) {
            throw new UnsupportedOperationException();
        }
    }

    /** An App holding resources: on close it writes the file named by {@code closer.file}. */
    public static final class Closer implements App, AutoCloseable {
        private final Path file;

        public Closer(Map<String, String> settings) {
            this.file = Path.of(settings.get("closer.file"));
        }

        @Override
        public Iterable<byte[]> call(Map<String, Object> environ, io.greenhouse.spi.StartResponse startResponse) {
            startResponse.call("200 OK", List.of());
            return List.of();
        }

        @Override
        public void close() throws IOException {
            Files.writeString(file, "closed");
        }
    }

    /** An App whose close never returns. */
    public static final class StuckCloser implements App, AutoCloseable {
        public StuckCloser(Map<String, String> settings) {
        }

        @Override
        public Iterable<byte[]> call(Map<String, Object> environ, io.greenhouse.spi.StartResponse startResponse) {
            startResponse.call("200 OK", List.of());
            return List.of();
        }

        @Override
        public void close() {
            while (true) {
                try {
                    new java.util.concurrent.CountDownLatch(1).await();
                } catch (InterruptedException ignored) {
                    // as stubborn as the worst of them
                }
            }
        }
    }

    /**
     * Hangs every request, as {@link #HANGING_APP} does; its close waits for a line on its stdin
     * (the test's cue), then writes the file named by {@code closer.file}.
     */
    public static final class HangingCloser implements App, AutoCloseable {
        private final Path file;

        public HangingCloser(Map<String, String> settings) {
            this.file = Path.of(settings.get("closer.file"));
        }

        @Override
        public Iterable<byte[]> call(Map<String, Object> environ, io.greenhouse.spi.StartResponse startResponse) throws Exception {
            return HANGING_APP.call(environ, startResponse);
        }

        @Override
        public void close() throws IOException {
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            Files.writeString(file, "closed");
        }
    }

    /** For the pkg.Class::member form. */
    /** Sends its head at once, then never finishes: a request in flight for as long as it is let. */
    public static final App HANGING_APP = (environ, startResponse) -> {
        startResponse.call("200 OK", List.of()).write(new byte[0]);
        new java.util.concurrent.CountDownLatch(1).await();
        return List.of();
    };

    public static final App STATIC_APP = (environ, startResponse) -> {
        startResponse.call("200 OK", List.of());
        return List.of("static".getBytes(StandardCharsets.UTF_8));
    };

    @Test
    void servesANamedAppWithSettingsFromTheCommandLineAndStopsWithExitZeroOnSigterm() throws Exception {
        Process process = launch("--bind", "127.0.0.1:0", "--set", "greeter.text=bonjour",
                "--access-log", "off", Greeter.class.getName());
        int port = awaitListeningPort(process);
        try (RawClient client = RawClient.connect(port)) {
            RawClient.Response response = client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertEquals("bonjour", response.bodyText());
        }
        process.destroy();  // SIGTERM
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue());
    }

    @Test
    void anAppThatIsAutoCloseableIsClosedOnceTheServerHasStopped(@TempDir Path dir) throws Exception {
        Path marker = dir.resolve("closed");
        Process process = launch("--bind", "127.0.0.1:0", "--set", "closer.file=" + marker,
                "--access-log", "off", Closer.class.getName());
        awaitListeningPort(process);
        assertTrue(Files.notExists(marker), "closed while serving");
        process.destroy();  // SIGTERM
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue());
        assertEquals("closed", Files.readString(marker));
    }

    @Test
    void theEnvironmentOverridesTheConfigFileAndTheCommandLineOverridesBoth(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("greenhouse.properties");
        Files.writeString(config, "greeter.text = from-file\nserver.access-log = off\n");
        assertEquals("from-file", greetingWith(config, Map.of()));
        assertEquals("from-env", greetingWith(config, Map.of("GREENHOUSE_GREETER_TEXT", "from-env")));
        assertEquals("from-cli", greetingWith(config, Map.of("GREENHOUSE_GREETER_TEXT", "from-env"), "--set", "greeter.text=from-cli"));
    }

    @Test
    void aSecondTermCutsOffTheRequestsInFlightAtOnce() throws Exception {
        // with an hour's grace, only the second signal can end this before the test's timeout
        Process process = launch("--bind", "127.0.0.1:0", "--access-log", "off", "--shutdown-grace", "1h",
                LauncherTest.class.getName() + "::HANGING_APP");
        BufferedReader output = outputOf(process);
        try (RawClient client = RawClient.connect(portIn(awaitLine(output, LISTENING)))) {
            client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").readUntil("\r\n\r\n");  // in flight now
            signal(process, "TERM");
            // a TERM sent while the first is still pending is merged into it by the kernel
            awaitLine(output, Pattern.compile("stopping: "));
            Thread.ofVirtual().start(() -> drain(output));
            signal(process, "TERM");
            assertEquals(0, process.waitFor(), "exit status after the second TERM");
        } finally {
            process.destroyForcibly();  // a no-op once it has exited; no process outlives a failure
        }
    }

    @Test
    void aSecondTermCutsOffTheRequestsInFlightAndTheAppIsStillClosed(@TempDir Path dir) throws Exception {
        // the second signal's interrupt, kept by Server.stop, ended the wait for the app's close
        // at once: the process exited without closing it, and without a word
        Path marker = dir.resolve("closed");
        Process process = launch("--bind", "127.0.0.1:0", "--access-log", "off", "--shutdown-grace", "1h",
                "--set", "closer.file=" + marker, HangingCloser.class.getName());
        BufferedReader output = outputOf(process);
        try (RawClient client = RawClient.connect(portIn(awaitLine(output, LISTENING)))) {
            client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").readUntil("\r\n\r\n");  // in flight now
            signal(process, "TERM");
            awaitLine(output, Pattern.compile("stopping: "));
            signal(process, "TERM");
            awaitLine(output, Pattern.compile("closing the app "));  // said once it waits for the close
            Thread.ofVirtual().start(() -> drain(output));
            try (Writer cue = process.outputWriter()) {
                cue.write("close now\n");
            }
            assertEquals(0, process.waitFor(), "exit status after the app closed");
            assertEquals("closed", Files.readString(marker));
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void aHupStopsAsGracefullyAsATermClosingTheApp(@TempDir Path dir) throws Exception {
        // the JVM's default for HUP (a closed terminal, an operator used to reloads) ended the
        // process at once: requests in flight were cut off and the app never closed
        assumeFalse(hupIgnoredHere(), "HUP is ignored in this process (nohup), and so in the server it starts");
        Path marker = dir.resolve("closed");
        Process process = launch("--bind", "127.0.0.1:0", "--set", "closer.file=" + marker,
                "--access-log", "off", Closer.class.getName());
        BufferedReader output = outputOf(process);
        try (RawClient client = RawClient.connect(portIn(awaitLine(output, LISTENING)))) {
            signal(process, "HUP");
            awaitLine(output, Pattern.compile("SIGHUP: Greenhouse does not reload its settings; stopping"));
            Thread.ofVirtual().start(() -> drain(output));
            assertEquals(0, process.waitFor(), "exit status after HUP");
            assertEquals("closed", Files.readString(marker));
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void anAppThatNeverClosesDoesNotKeepTheProcessAlive() throws Exception {
        // its close is given the shutdown grace too; the process then exits without it
        Process process = launch("--bind", "127.0.0.1:0", "--access-log", "off", "--shutdown-grace", "1s",
                StuckCloser.class.getName());
        BufferedReader output = outputOf(process);
        try {
            awaitLine(output, LISTENING);
            signal(process, "TERM");
            awaitLine(output, Pattern.compile("the app did not close within 1 s; exiting without it"));
            Thread.ofVirtual().start(() -> drain(output));
            assertEquals(0, process.waitFor());
        } finally {
            process.destroyForcibly();
        }
    }

    /** Whether this process ignores SIGHUP, as a child then does: bit 0 of SigIgn in /proc/self/status. */
    private static boolean hupIgnoredHere() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return false;
        }
        return Files.readAllLines(status).stream().filter(line -> line.startsWith("SigIgn:"))
                .anyMatch(line -> (Long.parseLong(line.substring(7).trim(), 16) & 1) != 0);
    }

    private static void signal(Process process, String name) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start().waitFor());
    }

    @Test
    void anAppSettingInTheEnvironmentReachesTheAppEvenWhenNoFileNamesIt(@TempDir Path dir) throws Exception {
        // GREENHOUSE_GREETER_TEXT is greeter.text by its spelling: the file need not know the name
        Path config = dir.resolve("greenhouse.properties");
        Files.writeString(config, "server.access-log = off\n");
        assertEquals("from-env", greetingWith(config, Map.of("GREENHOUSE_GREETER_TEXT", "from-env")));
    }

    @Test
    void aMisspelledServerSettingIsOneLineAndExitStatusTwo() throws Exception {
        assertFailsWithOneLine("unknown setting server.idle-timout", "--set", "server.idle-timout=5s", STATIC_APP_NAME);
    }

    @Test
    void aDurationBeyondAYearIsOneLineAndExitStatusTwo() throws Exception {
        // it once overflowed the shutdown deadline, and SIGTERM then hung the process for good
        assertFailsWithOneLine("server.shutdown-grace", "--set", "server.shutdown-grace=999999999999h", STATIC_APP_NAME);
        assertFailsWithOneLine("server.idle-timeout", "--set", "server.idle-timeout=99999999999999999h", STATIC_APP_NAME);
    }

    @Test
    void theErrorLogCannotBeOffNorALogEmpty() throws Exception {
        // "off" is the access log's; for the error log it opened a file named "off", where nobody looks
        assertFailsWithOneLine("setting server.error-log = 'off' is not valid: expected stderr, stdout or a file path (it cannot be off)",
                "--bind", "127.0.0.1:0", "--error-log", "off", STATIC_APP_NAME);
        assertFailsWithOneLine("setting server.access-log = '' is not valid: expected stdout, stderr, off or a file path",
                "--bind", "127.0.0.1:0", "--access-log", "", STATIC_APP_NAME);
    }

    @Test
    void aLogFileThatCannotBeOpenedIsOneLineAndExitStatusTwo() throws Exception {
        assertFailsWithOneLine("cannot open access log /nonexistent/dir/access.log: No such file or directory", "--bind", "127.0.0.1:0", "--access-log", "/nonexistent/dir/access.log", STATIC_APP_NAME);
    }

    @Test
    void aHostNameThatDoesNotResolveIsOneLineThatSaysSo() throws Exception {
        assertFailsWithOneLine("cannot listen on nosuchhost.invalid:18402: the host name does not resolve",
                "--bind", "nosuchhost.invalid:18402", STATIC_APP_NAME);
    }

    @Test
    void anAppsOwnSettingsErrorIsOneLineThatSaysIt() throws Exception {
        assertFailsWithOneLine("app " + Picky.class.getName() + " failed to start: setting picky.level = 'abc' is not a whole number",
                "--bind", "127.0.0.1:0", "--set", "picky.level=abc", Picky.class.getName());
    }

    @Test
    void anAppsOwnSettingsErrorNamesTheConfigFileLineTheValueCameFrom(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("greenhouse.properties");
        Files.writeString(config, "server.access-log = off\npicky.level = abc\n");
        assertFailsWithOneLine("failed to start: config file " + config + " line 2: setting picky.level = 'abc' is not a whole number",
                "--config", config.toString(), "--bind", "127.0.0.1:0", Picky.class.getName());
    }

    @Test
    void anAppsOwnSettingsErrorNamesTheEnvironmentVariableTheValueCameFrom() throws Exception {
        ProcessBuilder builder = builder("--bind", "127.0.0.1:0", Picky.class.getName());
        builder.environment().put("GREENHOUSE_PICKY_LEVEL", "abc");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, process.waitFor());
        assertTrue(output.contains("failed to start: environment variable GREENHOUSE_PICKY_LEVEL: setting picky.level = 'abc'"), output);
    }

    @Test
    void aBadSettingInTheEnvironmentNamesTheSetting() throws Exception {
        ProcessBuilder builder = builder("--bind", "127.0.0.1:0", STATIC_APP_NAME);
        builder.environment().put("GREENHOUSE_SERVER_IDLE_TIMEOUT", "bogus");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, process.waitFor());
        assertTrue(output.contains("environment variable GREENHOUSE_SERVER_IDLE_TIMEOUT: setting server.idle-timeout = 'bogus' is not valid"), output);
    }

    @Test
    void aConfigLineThatIsNoSettingNamesTheFileAndTheLine(@TempDir Path dir) throws Exception {
        // java.util.Properties read this line as a setting named "this"
        assertConfigFileFails(dir, "# settings\nserver.access-log = off\nthis line is garbage\n",
                "line 3: expected NAME = VALUE, not 'this line is garbage'");
    }

    @Test
    void aBadValueInTheConfigFileNamesTheFileTheLineTheSettingAndWhy(@TempDir Path dir) throws Exception {
        assertConfigFileFails(dir, "server.access-log = off\n\nserver.idle-timeout = bogus\n",
                "line 3: setting server.idle-timeout = 'bogus' is not valid: expected a duration");
    }

    @Test
    void aMisspelledServerSettingInTheConfigFileNamesTheLine(@TempDir Path dir) throws Exception {
        assertConfigFileFails(dir, "server.idle-timout = 5s\n", "line 1: unknown setting server.idle-timout");
    }

    @Test
    void aConfigLineThatIsNotUtf8NamesTheLine(@TempDir Path dir) throws Exception {
        assertConfigFileFails(dir, "a=1\nb=\u00ff\n", "line 2: not UTF-8 text");
    }

    /** Starting with {@code content} as the config file fails with one line: "config file PATH " + {@code expected}. */
    private static void assertConfigFileFails(Path dir, String content, String expected) throws Exception {
        Path config = dir.resolve("greenhouse.properties");
        Files.write(config, content.getBytes(StandardCharsets.ISO_8859_1));  // one byte per char: \u00ff is the byte 0xff
        assertFailsWithOneLine("config file " + config + " " + expected, "--config", config.toString(), "--bind", "127.0.0.1:0", STATIC_APP_NAME);
    }

    @Test
    void aConfigFileThatCannotBeReadSaysWhy(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("missing.properties");
        assertFailsWithOneLine("cannot read config file " + missing + ": no such file", "--config", missing.toString(), STATIC_APP_NAME);
        assertFailsWithOneLine("cannot read config file " + dir + ": Is a directory", "--config", dir.toString(), STATIC_APP_NAME);
    }

    private static String greetingWith(Path config, Map<String, String> env, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("--config", config.toString(), "--bind", "127.0.0.1:0"));
        args.addAll(List.of(extra));
        args.add(Greeter.class.getName());
        ProcessBuilder builder = builder(args.toArray(String[]::new));
        builder.environment().putAll(env);
        Process process = builder.start();
        try (RawClient client = RawClient.connect(awaitListeningPort(process))) {
            return client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read().bodyText();
        } finally {
            process.destroy();
            process.waitFor();
        }
    }

    private static final String STATIC_APP_NAME = LauncherTest.class.getName() + "::STATIC_APP";

    @Test
    void servesAStaticMemberApp() throws Exception {
        Process process = launch("--bind", "127.0.0.1:0", "--access-log", "off", STATIC_APP_NAME);
        int port = awaitListeningPort(process);
        try (RawClient client = RawClient.connect(port)) {
            assertEquals("static", client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read().bodyText());
        } finally {
            process.destroy();
            process.waitFor();
        }
    }

    @Test
    void anUnknownOptionIsOneLineAndExitStatusTwo() throws Exception {
        assertFailsWithOneLine("unknown option --frobnicate", "--frobnicate", "3");
    }

    @Test
    void anAppThatCannotBeLoadedIsOneLineAndExitStatusTwo() throws Exception {
        assertFailsWithOneLine("cannot load app class no.such.App", "--bind", "127.0.0.1:0", "no.such.App");
    }

    @Test
    void aBadSettingValueNamesTheSetting() throws Exception {
        assertFailsWithOneLine("server.max-connections", "--max-connections", "lots", STATIC_APP_NAME);
    }

    @Test
    void helpListsEverySettingWithItsDefault() throws Exception {
        Process process = launch("--help");
        String help = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor());
        for (Map.Entry<String, String> setting : Settings.DEFAULTS.entrySet()) {
            assertTrue(Pattern.compile(Pattern.quote(setting.getKey()) + "\\s+" + Pattern.quote(setting.getValue())).matcher(help).find(),
                    "--help shows " + setting.getKey());
        }
    }

    private static void assertFailsWithOneLine(String expected, String... args) throws Exception {
        Process process = launch(args);
        try {
            // its line fits in the pipe: waiting for the exit first means a launcher that serves
            // instead fails the test rather than hanging it
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "still running, not refused: " + String.join(" ", args));
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertEquals(2, process.exitValue(), output);
            assertEquals(1, output.lines().count(), output);
            assertTrue(output.startsWith("greenhouse: ") && output.contains(expected), output);
        } finally {
            process.destroyForcibly();  // a no-op once it has exited; no process outlives a failure
        }
    }

    private static Process launch(String... args) throws IOException {
        return builder(args).start();
    }

    private static ProcessBuilder builder(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Launcher.class.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true);
    }

    private static final Pattern LISTENING = Pattern.compile("on http://[^ ]+:(\\d+) ");

    /** Reads the launcher's output until it says where it listens. */
    private static int awaitListeningPort(Process process) throws IOException {
        BufferedReader output = outputOf(process);
        int port = portIn(awaitLine(output, LISTENING));
        Thread.ofVirtual().start(() -> drain(output));
        return port;
    }

    private static BufferedReader outputOf(Process process) {
        return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    private static int portIn(Matcher listening) {
        return Integer.parseInt(listening.group(1));
    }

    /** Reads the launcher's output up to the first line where {@code pattern} is found. */
    private static Matcher awaitLine(BufferedReader output, Pattern pattern) throws IOException {
        StringBuilder seen = new StringBuilder();
        for (String line; (line = output.readLine()) != null; ) {
            seen.append(line).append('\n');
            Matcher m = pattern.matcher(line);
            if (m.find()) {
                return m;
            }
        }
        throw new AssertionError("launcher ended without a line like /" + pattern + "/:\n" + seen);
    }

    private static void drain(BufferedReader reader) {
        try {
            while (reader.readLine() != null) {
                // keep the pipe from filling
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }
}
