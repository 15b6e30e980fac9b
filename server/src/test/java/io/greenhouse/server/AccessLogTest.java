package io.greenhouse.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The access log: Apache combined format, then the duration in microseconds; one line per exchange. */
class AccessLogTest {

    private static final Pattern COMBINED = Pattern.compile(
            "^(\\S+) - - \\[(\\d{2}/\\w{3}/\\d{4}:\\d{2}:\\d{2}:\\d{2} [+-]\\d{4})\\] \"(.*?)\" (\\d{3}) (\\S+) \"(.*?)\" \"(.*?)\" (\\d+)$");

    @Test
    void logsEachExchangeInCombinedFormatWithItsDuration(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("access.log");
        try (TestServer server = TestServer.start(ServerSmokeTest.HELLO, "server.access-log", log.toString());
             RawClient client = server.connect()) {
            client.send("GET /a?b=c HTTP/1.1\r\nHost: x\r\nReferer: http://r/\r\nUser-Agent: test \"agent\"\r\n\r\n").read();
            client.send("HEAD / HTTP/1.1\r\nHost: x\r\n\r\n").read(true);
        }
        List<String> lines = Files.readAllLines(log);
        assertEquals(2, lines.size(), lines.toString());
        Matcher get = COMBINED.matcher(lines.get(0));
        assertTrue(get.matches(), lines.get(0));
        assertEquals("127.0.0.1", get.group(1));
        assertEquals("GET /a?b=c HTTP/1.1", get.group(3));
        assertEquals("200", get.group(4));
        assertEquals("13", get.group(5));
        assertEquals("http://r/", get.group(6));
        assertEquals("test \\\"agent\\\"", get.group(7));
        Matcher head = COMBINED.matcher(lines.get(1));
        assertTrue(head.matches(), lines.get(1));
        assertEquals("-", head.group(5));
    }

    @Test
    void logsRefusedRequestsWithTheirStatus(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("access.log");
        try (TestServer server = TestServer.start(ServerSmokeTest.HELLO, "server.access-log", log.toString());
             RawClient client = server.connect()) {
            assertEquals(400, client.send("GET / HTTP/1.1\r\n\r\n").read().status());
        }
        List<String> lines = Files.readAllLines(log);
        assertEquals(1, lines.size());
        Matcher refused = COMBINED.matcher(lines.get(0));
        assertTrue(refused.matches(), lines.get(0));
        assertEquals("400", refused.group(4));
    }

    @Test
    void showsWhatARequestRefusedBeforeParsingBeganWith(@TempDir Path dir) throws Exception {
        // as nginx does for its 400s: an operator can see what was malformed
        Path log = dir.resolve("access.log");
        try (TestServer server = TestServer.start(ServerSmokeTest.HELLO, "server.access-log", log.toString())) {
            try (RawClient client = server.connect()) {
                assertEquals(505, client.send("GET /x?a=1 HTTP/9.9\r\nHost: x\r\n\r\n").read().status());
            }
            try (RawClient client = server.connect()) {
                assertEquals(400, client.send("GET /\"quoted\" HTTP/1.1 \r\nHost: x\r\n\r\n").read().status());
            }
        }
        // each line is written once its answer has gone out: the two connections' may come in either order
        List<String> lines = Files.readAllLines(log);
        assertEquals(2, lines.size());
        assertTrue(lines.stream().anyMatch(line -> line.contains("\"GET /x?a=1 HTTP/9.9\" 505 ")), lines.toString());
        assertTrue(lines.stream().anyMatch(line -> line.contains("\"GET /\\\"quoted\\\" HTTP/1.1 \" 400 ")), lines.toString());
    }

    @Test
    void bytesAboveAsciiInHeaderValuesAndTheTargetAreEscapedAsNginxDoes(@TempDir Path dir) throws Exception {
        // the log stays ASCII: a byte above 0x7F shows as \xNN, not as whatever it decodes to
        Path log = dir.resolve("access.log");
        try (TestServer server = TestServer.start(ServerSmokeTest.HELLO, "server.access-log", log.toString());
             RawClient client = server.connect()) {
            client.send(latin1("GET /caf\u00c3\u00a9 HTTP/1.1\r\nHost: x\r\nReferer: http://r/\u00a0\u00ff\r\n"
                    + "User-Agent: caf\u00c3\u00a9\tbot\r\n\r\n")).read();
        }
        byte[] written = Files.readAllBytes(log);
        assertAscii(written);
        String line = new String(written, StandardCharsets.US_ASCII).strip();
        Matcher get = COMBINED.matcher(line);
        assertTrue(get.matches(), line);
        assertEquals("GET /caf\\xc3\\xa9 HTTP/1.1", get.group(3));
        assertEquals("http://r/\\xa0\\xff", get.group(6));
        assertEquals("caf\\xc3\\xa9\\x09bot", get.group(7));
    }

    @Test
    void aRefusedRequestsFirstLineIsEscapedTheSameWay(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("access.log");
        try (TestServer server = TestServer.start(ServerSmokeTest.HELLO, "server.access-log", log.toString());
             RawClient client = server.connect()) {
            assertEquals(400, client.send(latin1("GET /\u00ff\u0001\u00e9 HTTP/1.1\r\nHost: x\r\n\r\n")).read().status());
        }
        byte[] written = Files.readAllBytes(log);
        assertAscii(written);
        assertTrue(new String(written, StandardCharsets.US_ASCII).contains("\"GET /\\xff\\x01\\xe9 HTTP/1.1\" 400 "),
                new String(written, StandardCharsets.ISO_8859_1));
    }

    /** The bytes a client sends, one per character. */
    private static byte[] latin1(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void assertAscii(byte[] written) {
        for (byte b : written) {
            assertTrue(b >= 0, () -> "not ASCII: " + new String(written, StandardCharsets.ISO_8859_1));
        }
    }

    @Test
    void controlCharactersCannotForgeLogLines(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("access.log");
        try (TestServer server = TestServer.start(ServerSmokeTest.HELLO, "server.access-log", log.toString());
             RawClient client = server.connect()) {
            client.send("GET / HTTP/1.1\r\nHost: x\r\nUser-Agent: a\u0085\tb\r\n\r\n").read();
        }
        List<String> lines = Files.readAllLines(log);
        assertEquals(1, lines.size());
        assertTrue(lines.get(0).contains("a\\x85\\x09b"), lines.get(0));
    }
}
