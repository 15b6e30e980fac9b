package io.greenhouse.feedscraper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The container, short of Docker (not available here): runs the Dockerfile's own build-stage
 * assembly on the real jars, then its ENTRYPOINT and HEALTHCHECK commands as written, with the
 * settings passed the container's way (environment variables), and stops it with SIGTERM.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ContainerLayoutIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern SERVING = Pattern.compile("Greenhouse serving \\S+ on http://[^:]+:(\\d+)");

    @Test
    void theImageLayoutServesTheFeedScraperAndStopsCleanly() throws Exception {
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        assertTrue(dockerfile.contains("sh feedscraper/docker/assemble.sh /src /opt/greenhouse"), "the build stage assembles with the script this test runs");
        Path image = Files.createTempDirectory("greenhouse-image");
        run(List.of("sh", ROOT.resolve("feedscraper/docker/assemble.sh").toString(), ROOT.toString(), image.toString()));

        List<String> command = entrypoint(dockerfile, image);
        try (FeedServer feeds = FeedServer.start().rss("/a", "Alpha", 1)) {
            ProcessBuilder builder = new ProcessBuilder(command).directory(image.toFile());
            builder.environment().put("GREENHOUSE_SERVER_BIND", "127.0.0.1:0");
            builder.environment().put("GREENHOUSE_SERVER_ACCESS_LOG", "off");
            builder.environment().put("GREENHOUSE_FEEDSCRAPER_ALLOW_PRIVATE_NETWORKS", "true");
            builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            Process server = builder.start();
            // One thread reads the log as it comes, so none of it is lost when the process ends.
            BlockingQueue<String> log = new LinkedBlockingQueue<>();
            Thread reader = Thread.ofVirtual().start(() -> readLines(server, log));
            try {
                int port = awaitPort(log);
                assertEquals(0, healthcheck(image, port), "HEALTHCHECK on a running server");
                assertEquals("Alpha\n", post(port, feeds.url("/a")));

                // SIGTERM, as docker stop sends (Process.destroy would also close our end of the log)
                run(List.of("kill", "-TERM", Long.toString(server.pid())));
                assertEquals(0, server.waitFor(), "exit status after SIGTERM");
                reader.join();
                assertTrue(log.stream().anyMatch(line -> line.endsWith("stopped")), "graceful stop logged: " + log);
                assertNotEquals(0, healthcheck(image, port), "HEALTHCHECK once stopped");
            } finally {
                server.destroyForcibly();
            }
        }
    }

    /** The ENTRYPOINT's exec form, its /opt/greenhouse paths moved to the assembled directory. */
    private static List<String> entrypoint(String dockerfile, Path image) {
        Matcher m = Pattern.compile("(?m)^ENTRYPOINT \\[(.*)]$").matcher(dockerfile);
        assertTrue(m.find(), "an exec-form ENTRYPOINT");
        List<String> command = new ArrayList<>();
        for (String part : m.group(1).split(",\\s*")) {
            String arg = part.trim().replaceAll("^\"|\"$", "").replace("/opt/greenhouse", image.toString());
            command.add(arg.equals("java") ? Path.of(System.getProperty("java.home"), "bin", "java").toString() : arg);
        }
        assertTrue(Files.isDirectory(image.resolve("lib")));
        assertTrue(Files.isRegularFile(image.resolve("conf/greenhouse.properties")));
        return command;
    }

    private static final String END = "\u0000end of log";

    private static void readLines(Process server, BlockingQueue<String> log) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(server.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                log.add(line);
            }
        } catch (IOException e) {
            log.add("reading the log failed: " + e);
        }
        log.add(END);
    }

    private static int awaitPort(BlockingQueue<String> log) throws InterruptedException {
        List<String> seen = new ArrayList<>();
        for (String line; !(line = log.take()).equals(END); ) {
            seen.add(line);
            Matcher m = SERVING.matcher(line);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("the server ended without serving: " + seen);
    }

    private static int healthcheck(Path image, int port) throws IOException, InterruptedException {
        ProcessBuilder check = new ProcessBuilder(image.resolve("bin/healthcheck").toString()).redirectErrorStream(true);
        check.environment().put("GREENHOUSE_HEALTHCHECK_PORT", Integer.toString(port));
        check.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        return check.start().waitFor();
    }

    private static String post(int port, String url) throws IOException, InterruptedException {
        var client = java.net.http.HttpClient.newHttpClient();
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(url)).build();
        return client.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).inheritIO().start();
        assertEquals(0, process.waitFor(), "exit status of " + command);
    }
}
