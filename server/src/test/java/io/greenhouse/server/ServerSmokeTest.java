package io.greenhouse.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.greenhouse.spi.App;
import io.greenhouse.spi.Header;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerSmokeTest {

    static final App HELLO = (environ, startResponse) -> {
        startResponse.call("200 OK", List.of(new Header("Content-Type", "text/plain")));
        return List.of("Hello, World!".getBytes(StandardCharsets.UTF_8));
    };

    @Test
    void answersAGetWithTheAppsBody() {
        try (TestServer server = TestServer.start(HELLO); RawClient client = server.connect()) {
            RawClient.Response response = client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertEquals(200, response.status());
            assertEquals("Hello, World!", response.bodyText());
            assertEquals("13", response.header("Content-Length"));
            assertEquals("Greenhouse", response.header("Server"));
            assertTrue(response.header("Date").endsWith(" GMT"));
        }
    }

    @Test
    void aServerThatCannotListenLeavesNothingOpen() throws IOException {
        Path openFiles = Path.of("/proc/self/fd");
        assumeTrue(Files.isDirectory(openFiles), "needs /proc (Linux)");
        try (TestServer taken = TestServer.start(HELLO)) {
            Settings sameAddress = Settings.of(Map.of("server.bind", "127.0.0.1:" + taken.port()));
            assertThrows(IOException.class, () -> Server.start(HELLO, sameAddress));  // classes loaded, logs open
            int attempts = 20;
            long before = count(openFiles);
            for (int i = 0; i < attempts; i++) {
                assertThrows(IOException.class, () -> Server.start(HELLO, sameAddress));
            }
            // not to the one: sockets of earlier tests may close meanwhile
            long left = count(openFiles) - before;
            assertTrue(left < attempts, left + " descriptors left open by " + attempts + " servers that could not listen");
        }
    }

    @Test
    void aServerThatCannotListenLeavesNoLogFileOpen(@TempDir Path dir) throws IOException {
        assumeTrue(OpenDescriptors.countable(), "needs /proc (Linux)");
        try (TestServer taken = TestServer.start(HELLO)) {
            Settings sameAddress = Settings.of(Map.of("server.bind", "127.0.0.1:" + taken.port(),
                    "server.access-log", dir.resolve("access.log").toString(),
                    "server.error-log", dir.resolve("error.log").toString()));
            for (int i = 0; i < 5; i++) {
                assertThrows(IOException.class, () -> Server.start(HELLO, sameAddress));
            }
            assertEquals(0, OpenDescriptors.on(dir), "descriptors left open on the log files");
        }
    }

    @Test
    void aServerWhoseAccessLogCannotBeOpenedLeavesNoErrorLogOpen(@TempDir Path dir) throws IOException {
        assumeTrue(OpenDescriptors.countable(), "needs /proc (Linux)");
        Settings noAccessLog = Settings.of(Map.of("server.bind", "127.0.0.1:0",
                "server.access-log", dir.resolve("no-such-directory").resolve("access.log").toString(),
                "server.error-log", dir.resolve("error.log").toString()));
        assertThrows(UncheckedIOException.class, () -> Server.start(HELLO, noAccessLog));
        assertEquals(0, OpenDescriptors.on(dir), "descriptors left open on the error log");
    }

    private static long count(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.count();
        }
    }
}
