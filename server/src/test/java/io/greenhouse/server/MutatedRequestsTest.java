package io.greenhouse.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.greenhouse.spi.App;
import io.greenhouse.spi.Environ;
import io.greenhouse.spi.Header;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whatever bytes a client sends, the server answers each request with a well-formed response or
 * closes the connection, and never fails inside: no exception escapes a connection, nothing is
 * written to the error log, no request is answered 500, and a connection that ends has given
 * back the room its large head took. The inputs are the corpus's valid
 * requests and a few hand-written ones, each mutated many times at random (seeded, so a failure
 * reproduces), run through a whole {@link Connection} in memory: head reader, parser, framing,
 * bodies, 100-continue, environ and response. The app also checks that the environ's lookups
 * agree with its entries.
 */
class MutatedRequestsTest {

    private static final int MUTANTS_PER_REQUEST = 300;
    private static final Path CORPUS = Path.of("src/test/resources/conformance/http-requests/valid");

    /** Requests that reach what the corpus does not: continue, chunk extensions, absolute-form, PROXY. */
    private static final List<String> HAND_WRITTEN = List.of(
            "POST /up?x=1 HTTP/1.1\r\nHost: a:8080\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\nhello",
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5;name=\"v\\\"al\";x\r\nhello\r\n0\r\nX-Trailer: t\r\n\r\n",
            "GET http://user@[::1]:81/p%20q?r#frag HTTP/1.1\r\nHost: ignored\r\n\r\n",
            "CONNECT a.example:443 HTTP/1.1\r\nHost: a.example:443\r\n\r\n",
            "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a\r\nX-Forwarded-Proto: https\r\nCookie: a=1\r\nCookie: b=2\r\n\r\n"
                    + "GET /second HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
            "PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\nGET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
            "HEAD /h HTTP/1.1\r\nHost: a\r\n\r\nDELETE /d HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n");

    /** Whole lines a mutation may splice in at a line start: the fields that decide framing and more. */
    private static final List<String> LINES = List.of(
            "Content-Length: 5\r\n", "Content-Length: 0\r\n", "Content-Length: 99999999999999999999\r\n",
            "Content-Length: 1, 1\r\n", "Transfer-Encoding: chunked\r\n", "Transfer-Encoding: gzip, chunked\r\n",
            "Transfer-Encoding: chunked, identity\r\n", "Expect: 100-continue\r\n", "Connection: close\r\n",
            "Connection: keep-alive, upgrade\r\n", "Host: [::1]:80\r\n", "Host: a b\r\n", "X-Forwarded-Proto: https\r\n",
            "X-Forwarded-Ssl: on\r\n", "Trailer: X\r\n", "\r\n", "0\r\n\r\n", "5\r\nhello\r\n", " folded\r\n");

    private static final byte[] INTERESTING = bytes("\r\n \t:;,=\"\\-+x/?#%@[]*0159AFaf\u0000\u007f\u0080\u00ff\u00c3");

    private static final Pattern STATUS_LINE = Pattern.compile("(?:^|\n)(HTTP/1\\.[01]) (\\d{3}) ");

    /** Keys an app may look up, whose values must not change when the environ's entries are built. */
    private static final List<String> LOOKED_UP = List.of(Environ.REQUEST_METHOD, Environ.SCRIPT_NAME,
            Environ.PATH_INFO, Environ.QUERY_STRING, Environ.REQUEST_URI, Environ.SERVER_NAME, Environ.SERVER_PORT,
            Environ.SERVER_PROTOCOL, Environ.REMOTE_ADDR, Environ.REMOTE_PORT, Environ.WSGI_URL_SCHEME,
            Environ.CONTENT_TYPE, Environ.CONTENT_LENGTH, "HTTP_HOST", "HTTP_COOKIE", "HTTP_CONNECTION",
            "HTTP_TRANSFER_ENCODING", "HTTP_EXPECT", "HTTP_X_FORWARDED_PROTO", "HTTP_TRAILER", "HTTP_ABSENT");

    /**
     * Looks keys up, reads the whole body, walks the environ (which builds its entries) and
     * checks the lookups again, then answers 200 with a fixed body.
     */
    private static final App READS_EVERYTHING = (environ, startResponse) -> {
        List<Object> before = new ArrayList<>();
        LOOKED_UP.forEach(key -> before.add(environ.get(key)));
        byte[] body = Environ.input(environ).readAllBytes();
        int length = body.length;
        for (Map.Entry<String, Object> entry : environ.entrySet()) {
            length += String.valueOf(entry.getValue()).length();
        }
        for (int i = 0; i < LOOKED_UP.size(); i++) {
            if (!Objects.equals(before.get(i), environ.get(LOOKED_UP.get(i)))) {
                throw new AssertionError(LOOKED_UP.get(i) + " was " + before.get(i) + ", then " + environ.get(LOOKED_UP.get(i)));
            }
        }
        startResponse.call("200 OK", List.of(new Header("Content-Type", "text/plain"), new Header("X-Seen", Integer.toString(length))));
        return List.of(bytes("ok"));
    };

    static Stream<Arguments> settings() {
        return Stream.of(
                Arguments.of("defaults", Map.of()),
                Arguments.of("PROXY protocol, a mount point",
                        Map.of("server.proxy-protocol", "on", "server.script-name", "/up")),
                Arguments.of("small limits", Map.of("server.max-request-line-bytes", "40",
                        "server.max-header-field-bytes", "40", "server.max-header-count", "3",
                        "server.max-header-bytes", "120", "server.max-body-bytes", "4")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settings")
    void everyMutatedRequestIsAnsweredOrClosedAndNothingFailsInside(String name, Map<String, String> overrides) {
        Settings settings = Settings.of(overrides);
        Map<Integer, Integer> statuses = new TreeMap<>();
        List<byte[]> requests = requests();
        for (int r = 0; r < requests.size(); r++) {
            for (int m = 0; m < MUTANTS_PER_REQUEST; m++) {
                long seed = r * 1_000_003L + m;
                byte[] mutant = mutate(requests.get(r), new Random(seed));
                for (int status : serve(mutant, settings, seed)) {
                    statuses.merge(status, 1, Integer::sum);
                }
            }
        }
        // the mutants must reach the app as well as the refusals, or this test proves little
        assertTrue(statuses.getOrDefault(200, 0) > 50, "too few mutants reached the app: " + statuses);
        assertTrue(statuses.getOrDefault(400, 0) > 1000, "too few mutants were refused: " + statuses);
    }

    /** Runs one connection over {@code input}; returns the statuses it answered with, after checking them. */
    private static List<Integer> serve(byte[] input, Settings settings, long seed) {
        RecordingContext server = new RecordingContext();
        InMemoryClientSocket socket = new InMemoryClientSocket(input);
        try {
            new Connection(socket, READS_EVERYTHING, settings, server).run();
        } catch (Throwable t) {
            fail("connection failed inside (seed " + seed + ") on " + escaped(input), t);
        }
        String written = new String(socket.written(), StandardCharsets.ISO_8859_1);
        String errors = server.errorText();
        if (!errors.isEmpty()) {
            fail("error log written (seed " + seed + ") on " + escaped(input) + ":\n" + errors);
        }
        if (!written.isEmpty() && !written.startsWith("HTTP/1.")) {
            fail("not a response (seed " + seed + ") on " + escaped(input) + ":\n" + written);
        }
        List<Integer> statuses = new ArrayList<>();
        Matcher status = STATUS_LINE.matcher(written);
        while (status.find()) {
            int code = Integer.parseInt(status.group(2));
            if (code >= 500 && code != 501 && code != 505) {
                fail("answered " + code + " (seed " + seed + ") on " + escaped(input) + ":\n" + written);
            }
            statuses.add(code);
        }
        assertEquals(1, server.closed, "the connection ended once");
        assertEquals(0, server.heads.held(), () -> "head buffer bytes not given back (seed " + seed + ") on " + escaped(input));
        return statuses;
    }

    private static List<byte[]> requests() {
        List<byte[]> requests = new ArrayList<>();
        try (Stream<Path> files = Files.list(CORPUS)) {
            files.filter(f -> f.toString().endsWith(".bin")).sorted().forEach(f -> requests.add(readAll(f)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertTrue(requests.size() > 50, "corpus not found at " + CORPUS.toAbsolutePath());
        HAND_WRITTEN.forEach(s -> requests.add(bytes(s)));
        return requests;
    }

    /** One to four random edits: bytes replaced, inserted, deleted, repeated, lines spliced in, or a cut. */
    private static byte[] mutate(byte[] original, Random random) {
        List<Byte> b = new ArrayList<>(original.length + 64);
        for (byte x : original) {
            b.add(x);
        }
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits && !b.isEmpty(); e++) {
            int at = random.nextInt(b.size());
            switch (random.nextInt(7)) {
                case 0 -> b.set(at, INTERESTING[random.nextInt(INTERESTING.length)]);
                case 1 -> b.add(at, INTERESTING[random.nextInt(INTERESTING.length)]);
                case 2 -> b.subList(at, Math.min(b.size(), at + 1 + random.nextInt(8))).clear();
                case 3 -> b.addAll(random.nextInt(b.size()),
                        new ArrayList<>(b.subList(at, Math.min(b.size(), at + 1 + random.nextInt(16)))));
                case 4 -> b.subList(at, b.size()).clear();
                case 5 -> b.set(at, (byte) random.nextInt(256));
                default -> {
                    int lineStart = nextLineStart(b, at);
                    for (byte x : bytes(LINES.get(random.nextInt(LINES.size())))) {
                        b.add(lineStart++, x);
                    }
                }
            }
        }
        byte[] out = new byte[b.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.get(i);
        }
        return out;
    }

    private static int nextLineStart(List<Byte> b, int from) {
        for (int i = from; i < b.size(); i++) {
            if (b.get(i) == '\n') {
                return i + 1;
            }
        }
        return b.size();
    }

    private static byte[] readAll(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String escaped(byte[] input) {
        StringBuilder s = new StringBuilder("\"");
        for (byte x : input) {
            int c = x & 0xff;
            switch (c) {
                case '\r' -> s.append("\\r");
                case '\n' -> s.append("\\n");
                case '"', '\\' -> s.append('\\').append((char) c);
                default -> s.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\x%02x", c));
            }
        }
        return s.append('"').toString();
    }

    /** The server side a connection reports to, recording what it is told. */
    private static final class RecordingContext extends NoOtherConnections implements ServerContext {
        private final ByteArrayOutputStream errorBytes = new ByteArrayOutputStream();
        private final ErrorLog errors = new ErrorLog(new PrintStream(errorBytes, true, StandardCharsets.UTF_8));
        private final BufferPool buffers = BufferPool.forWriters(ResponseWriter.BUFFER_SIZE);
        private final HeadBufferBudget heads = new HeadBufferBudget(Long.MAX_VALUE);
        private int closed;

        String errorText() {
            return errorBytes.toString(StandardCharsets.UTF_8);
        }

        @Override
        public ErrorLog errors() {
            return errors;
        }

        @Override
        public BufferPool writeBuffers() {
            return buffers;
        }

        @Override
        public HeadBufferBudget headBuffers() {
            return heads;
        }

        @Override
        public boolean draining() {
            return false;
        }

        @Override
        public void access(String remoteAddr, RequestHead request, int status, long bodyBytes, long durationNanos) {
            // the statuses are read from the wire instead
        }

        @Override
        public void refused(String remoteAddr, String received, int status, long bodyBytes, long durationNanos) {
            // likewise
        }

        @Override
        public void closed(Connection connection) {
            closed++;
        }
    }
}
