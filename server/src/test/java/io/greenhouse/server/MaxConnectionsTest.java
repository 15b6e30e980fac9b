package io.greenhouse.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** server.max-connections: past it, new clients wait in the listen backlog, and the error log says so. */
@Timeout(30)
class MaxConnectionsTest {

    private static final String GET = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";

    @Test
    void aClientPastTheLimitWaitsUntilAConnectionClosesAndTheErrorLogSaysWhy(@TempDir Path dir) throws Exception {
        // reaching the limit was silent: to an operator, a server that no longer answered
        Path log = dir.resolve("error.log");
        try (TestServer server = TestServer.start(TestApps.OK, "server.max-connections", "2", "server.error-log", log.toString());
             RawClient first = server.connect(); RawClient second = server.connect()) {
            assertEquals(200, first.send(GET).read().status());
            assertEquals(200, second.send(GET).read().status());
            awaitLine(log, "server.max-connections (2) reached: new connections wait in the listen backlog");
            try (RawClient third = server.connect()) {
                third.send(GET);
                first.close();  // its slot goes to the client waiting in the backlog
                assertEquals(200, third.read().status());
            }
        }
    }

    private static void awaitLine(Path log, String line) throws Exception {
        while (!Files.exists(log) || !Files.readString(log).contains(line)) {
            Thread.onSpinWait();
        }
    }
}
