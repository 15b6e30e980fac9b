package io.greenhouse.server;

import static java.util.Map.entry;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.greenhouse.spi.App;
import io.greenhouse.spi.Environ;
import io.greenhouse.spi.Header;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * gunicorn's request-parsing corpus (src/test/resources/conformance/http-requests, see its
 * README) against a real server: every request file sent whole and byte by byte to an app that
 * echoes its environ as JSON. Valid files must come back as gunicorn parsed them, one response
 * per pipelined request; invalid ones must get the status a strict server answers, then a close.
 * Where Greenhouse answers differently on purpose, {@link #DECISIONS} says so and why.
 */
class GunicornCorpusTest {

    private static final String CORPUS = "/conformance/http-requests/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] HOST_LINE = "Host: example.com\r\n".getBytes(StandardCharsets.ISO_8859_1);

    /**
     * Greenhouse's deliberate differences from gunicorn, one line of reason each. Besides these,
     * one rule applies to every case: an HTTP/1.1 request without Host is refused with 400 (RFC
     * 9112 §3.2: a server MUST), and such a case is also run with "Host: example.com" inserted
     * after each request line, so that what it was written to test is tested too.
     */
    private static final Map<String, Decision> DECISIONS = Map.ofEntries(
            // Transfer codings Greenhouse cannot undo
            entry("valid/025", refuse(501, "gzip transfer coding: request bodies are not un-gzipped, and passing them on undeclared would corrupt them")),
            entry("valid/025_line", refuse(501, "gzip transfer coding: request bodies are not un-gzipped, and passing them on undeclared would corrupt them")),
            entry("valid/rfc9112_smuggle_gzip_chunked_01", refuse(501, "gzip transfer coding: request bodies are not un-gzipped, and passing them on undeclared would corrupt them")),
            // Framing that could be read two ways
            entry("valid/009", refuse(400, "Transfer-Encoding (even the obsolete 'identity') with Content-Length is refused: RFC 9112 §6.3 calls it a smuggling sign, and a peer may frame it either way")),
            // Header names with '_': dropped (gunicorn's default header_map=drop), never refused nor mapped
            entry("invalid/040", answerAs("valid/040", "a header name with '_' is dropped, not refused: Greenhouse has no header_map=refuse")),
            entry("invalid/chunked_07", answer(List.of(chunkedHelloWorld()), "a header name with '_' is dropped, not refused: Transfer_Encoding: gzip goes, the chunked body stays")),
            entry("valid/040_compat", answerAs("valid/040", "a header name with '_' is dropped: Greenhouse has no header_map=dangerous, which would let X_Foo pass for X-Foo")),
            // CONNECT
            entry("valid/rfc9112_target_authority_connect_01", answer(GunicornCorpusTest::emptyPath, "CONNECT authority-form has no path: PATH_INFO is \"\" (gunicorn's \"443\" is an artefact of its URL split)")),
            entry("valid/rfc9112_target_authority_ipv6_01", answer(GunicornCorpusTest::emptyPath, "CONNECT authority-form has no path: PATH_INFO is \"\" (gunicorn's \"443\" is an artefact of its URL split)")),
            // gunicorn options Greenhouse does not have
            entry("valid/compat_obs_fold", refuse(400, "obs-fold is always refused (RFC 9112 §5.2 lets a server reject it): no permit_obsolete_folding")),
            entry("valid/compat_obs_fold_huge", refuse(400, "obs-fold is always refused (RFC 9112 §5.2 lets a server reject it): no permit_obsolete_folding")),
            entry("invalid/013", refuse(400, "obs-fold is always refused, before its joined value could exceed the field limit: no permit_obsolete_folding")),
            entry("valid/028", refuse(400, "whitespace before ':' is always refused (RFC 9112 §5.1 MUST): no strip_header_spaces")),
            entry("valid/031compat", refuse(400, "lower-case methods are refused, as by gunicorn's default: methods are case-sensitive (RFC 9110 §9.1), so no casefold_http_method")),
            entry("valid/031compat2", refuse(400, "lower-case methods are refused, as by gunicorn's default: methods are case-sensitive (RFC 9110 §9.1) and no registered one is lower case")),
            // Where the corpus itself is wrong
            entry("valid/099", refuse(400, "corpus defect: the body is 8599 of the 17914 bytes its Content-Length declares, an incomplete message (RFC 9112 §8): the app's read fails")));

    /**
     * gunicorn options that map onto Greenhouse settings; any other option needs a decision
     * above. gunicorn's limit_request_field_size counts a field line with its CRLF, Greenhouse's
     * max-header-field-bytes without it, the way both count the request line: see {@link #setting}.
     */
    private static final Map<String, String> SETTING_FOR_OPTION = Map.of(
            "limit_request_line", "server.max-request-line-bytes",
            "limit_request_field_size", "server.max-header-field-bytes",
            "limit_request_fields", "server.max-header-count");

    /** The corpus was written against gunicorn's default limits (its limit_request_line is 4094; ours 8190). */
    private static final Map<String, Integer> GUNICORN_DEFAULT_LIMITS = Map.of(
            "limit_request_line", 4094,
            "limit_request_field_size", 8190,
            "limit_request_fields", 100);

    /**
     * Cases whose bytes end before the server can decide (an unfinished head or body): the test
     * half-closes after them, and the server must then answer or close. Every other case must be
     * answered from its bytes alone.
     */
    private static final Set<String> ENDS_UNFINISHED = Set.of(
            "valid/099",                                    // a body shorter than its Content-Length
            "invalid/001",                                  // a head cut off in a field line: close, no answer
            "invalid/rfc9112_chunked_missing_final_crlf_01"); // the last-chunk without its final CRLF

    /** Echoes what the app saw, as JSON. */
    private static final App ECHO = (environ, startResponse) -> {
        Map<String, Object> seen = new TreeMap<>();
        Map<String, Object> headers = new TreeMap<>();
        for (Map.Entry<String, Object> e : environ.entrySet()) {
            if (e.getKey().startsWith("HTTP_")) {
                headers.put(e.getKey(), e.getValue());
            }
        }
        seen.put("method", environ.get(Environ.REQUEST_METHOD));
        seen.put("uri", environ.get(Environ.REQUEST_URI));
        seen.put("path", environ.get(Environ.PATH_INFO));
        seen.put("query", environ.get(Environ.QUERY_STRING));
        seen.put("protocol", environ.get(Environ.SERVER_PROTOCOL));
        seen.put("headers", headers);
        seen.put("contentType", environ.get(Environ.CONTENT_TYPE));
        seen.put("contentLength", environ.get(Environ.CONTENT_LENGTH));
        seen.put("body", ((InputStream) environ.get(Environ.WSGI_INPUT)).readAllBytes());
        byte[] json = JSON.writeValueAsBytes(seen);
        startResponse.call("200 OK", List.of(new Header("Content-Type", "application/json"),
                new Header("Content-Length", Integer.toString(json.length))));
        return List.of(json);
    };

    @TestFactory
    Stream<DynamicNode> corpus() throws IOException {
        JsonNode expected = JSON.readTree(resource("expected.json"));
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        for (JsonNode c : expected.get("cases")) {
            byName.put(c.get("name").asText(), c);
        }
        return byName.values().stream().map(c -> container(c, byName));
    }

    private static DynamicContainer container(JsonNode c, Map<String, JsonNode> byName) {
        String name = c.get("name").asText();
        Decision decision = DECISIONS.get(name);
        byte[] bytes = resource(c.get("file").asText());
        String[] settings = settings(name, c.get("gunicorn_cfg"));
        List<Run> runs = new ArrayList<>();
        boolean valid = c.get("kind").asText().equals("valid");
        List<ExpectedRequest> requests = valid ? ExpectedRequest.listOf(c.get("requests")) : List.of();
        boolean hostless = valid ? requests.stream().anyMatch(ExpectedRequest::lacksHost) : lacksHost(bytes);
        boolean insertHost = hostless && !limitsFields(c.get("gunicorn_cfg"));
        runs.add(new Run(name, "", bytes, expected(c, requests, decision, byName, hostless, false)));
        if (insertHost) {
            byte[] withHost = valid ? withHosts(bytes, requests) : withHostAfterFirstLine(bytes);
            runs.add(new Run(name, "with Host, ", withHost, expected(c, requests, decision, byName, hostless, true)));
        }
        boolean halfClose = ENDS_UNFINISHED.contains(name);
        Stream<DynamicTest> tests = runs.stream().flatMap(run -> Stream.of(
                DynamicTest.dynamicTest(run.label() + "whole", () -> exchange(run, settings, halfClose, false)),
                DynamicTest.dynamicTest(run.label() + "byte by byte", () -> exchange(run, settings, halfClose, true))));
        return DynamicContainer.dynamicContainer(name, tests);
    }

    private static List<Outcome> expected(JsonNode c, List<ExpectedRequest> requests, Decision decision,
                                          Map<String, JsonNode> byName, boolean hostless, boolean hostInserted) {
        boolean parses = c.get("kind").asText().equals("valid") || decision instanceof Answer || decision instanceof AnswerAs;
        return parses
                ? outcomes(requests, decision, byName, hostInserted)
                : List.of(refusal(c, decision, hostless && !hostInserted));
    }

    /**
     * What the server must answer to each request in turn; a refusal is the last answer. A
     * request without Host that has another defect too may be refused for either.
     */
    private static List<Outcome> outcomes(List<ExpectedRequest> requests, Decision decision,
                                          Map<String, JsonNode> byName, boolean hostInserted) {
        List<ExpectedRequest> parsed = switch (decision) {
            case Answer answer -> answer.adapt().apply(requests);
            case AnswerAs as -> ExpectedRequest.listOf(byName.get(as.name()).get("requests"));
            case null, default -> requests;
        };
        List<Outcome> outcomes = new ArrayList<>();
        for (ExpectedRequest r : parsed) {
            boolean missingHost = r.lacksHost() && !hostInserted;
            if (decision instanceof Refuse refuse) {
                outcomes.add(missingHost ? new Refused(400, refuse.status()) : new Refused(refuse.status()));
                return outcomes;
            }
            if (missingHost) {
                outcomes.add(new Refused(400));  // RFC 9112 §3.2
                return outcomes;
            }
            outcomes.add(new Parsed(hostInserted && r.lacksHost() ? r.withHost() : r));
        }
        return outcomes;
    }

    /** An invalid case's refusal: the corpus's status or the decision's, or 400 for a missing Host. */
    private static Refused refusal(JsonNode c, Decision decision, boolean missingHost) {
        JsonNode status = c.get("expected_status");
        if (decision instanceof Refuse refuse) {
            return missingHost ? new Refused(400, refuse.status()) : new Refused(refuse.status());
        }
        if (status.isNull()) {
            return new Refused();
        }
        return missingHost ? new Refused(400, status.asInt()) : new Refused(status.asInt());
    }

    private static void exchange(Run run, String[] settings, boolean halfClose, boolean byteByByte) throws IOException {
        try (TestServer server = TestServer.start(ECHO, settings); RawClient client = server.connect()) {
            send(client, run.bytes(), byteByByte);
            if (halfClose) {
                client.shutdownOutput();
            }
            for (int i = 0; i < run.outcomes().size(); i++) {
                Outcome outcome = run.outcomes().get(i);
                if (outcome instanceof Refused refused && refused.statuses().isEmpty()) {
                    break;  // closed without an answer
                }
                RawClient.Response response = client.read();
                String which = run.name() + ", " + run.label() + "response " + (i + 1) + ": " + response.statusLine()
                        + " " + abbreviate(response.bodyText());
                switch (outcome) {
                    case Refused refused -> assertTrue(refused.statuses().contains(response.status()),
                            "expected " + refused.statuses() + ", got " + which);
                    case Parsed parsed -> parsed.request().check(response, which);
                }
            }
            boolean refused = run.outcomes().getLast().isRefusal();
            if (!refused && !halfClose) {
                client.shutdownOutput();  // kept alive after the last answer: end it to see no more follow
            }
            assertTrue(client.closedByServer(), run.name() + ", " + run.label() + (refused
                    ? "the server must close the connection after refusing a request"
                    : "no more responses expected"));
        }
    }

    /** Sends the bytes; a server that refused early may close before it has them all. */
    private static void send(RawClient client, byte[] bytes, boolean byteByByte) {
        try {
            if (byteByByte) {
                client.sendByteByByte(bytes);
            } else {
                client.send(bytes);
            }
        } catch (UncheckedIOException e) {
            // the server already closed: what it answered is still to be read
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }

    private static String[] settings(String name, JsonNode cfg) {
        Map<String, Integer> limits = new LinkedHashMap<>(GUNICORN_DEFAULT_LIMITS);
        if (cfg != null) {
            cfg.properties().forEach(option -> {
                if (option.getKey().equals("proxy_protocol") || option.getKey().equals("forwarded_allow_ips")) {
                    return;  // become server.proxy-protocol and server.forwarded-allow-ips, below
                }
                if (SETTING_FOR_OPTION.containsKey(option.getKey())) {
                    int value = option.getValue().asInt();
                    limits.put(option.getKey(), value == 0 ? GUNICORN_DEFAULT_LIMITS.get(option.getKey()) : value);
                } else if (!DECISIONS.containsKey(name)) {
                    fail(name + ": gunicorn option " + option.getKey() + " has no Greenhouse setting and no decision");
                }
            });
        }
        List<String> settings = new ArrayList<>();
        limits.forEach((option, value) -> {
            settings.add(SETTING_FOR_OPTION.get(option));
            settings.add(Integer.toString(setting(option, value)));
        });
        settings.add("server.proxy-protocol");
        settings.add(cfg != null && cfg.path("proxy_protocol").asBoolean() ? "on" : "off");
        if (cfg != null && cfg.has("forwarded_allow_ips")) {
            settings.add("server.forwarded-allow-ips");
            settings.add(cfg.get("forwarded_allow_ips").asText());
        }
        return settings.toArray(String[]::new);
    }

    /** A gunicorn limit in Greenhouse's unit. */
    private static int setting(String option, int value) {
        return option.equals("limit_request_field_size") ? value - "\r\n".length() : value;
    }

    /** Whether the case sets a limit that an inserted Host field would count against. */
    private static boolean limitsFields(JsonNode cfg) {
        return cfg != null && (cfg.has("limit_request_field_size") || cfg.has("limit_request_fields"));
    }

    /** The bytes with a Host field inserted after the request line of each request without one. */
    private static byte[] withHosts(byte[] bytes, List<ExpectedRequest> requests) {
        if (requests.size() == 1) {
            return withHostAfterFirstLine(bytes);  // also where gunicorn rewrote the request line (method case-folding)
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int from = 0;
        for (ExpectedRequest r : requests) {
            int lineEnd = indexOf(bytes, r.requestLine(), from) + r.requestLine().length;
            out.write(bytes, from, lineEnd - from);
            if (r.lacksHost()) {
                out.writeBytes(HOST_LINE);
            }
            from = lineEnd;
        }
        out.write(bytes, from, bytes.length - from);
        return out.toByteArray();
    }

    private static byte[] withHostAfterFirstLine(byte[] bytes) {
        byte[] crlf = "\r\n".getBytes(StandardCharsets.ISO_8859_1);
        boolean proxied = new String(bytes, 0, Math.min(6, bytes.length), StandardCharsets.ISO_8859_1).equals("PROXY ");
        int requestLine = proxied ? indexOf(bytes, crlf, 0) + 2 : 0;  // after a PROXY protocol v1 line
        int lineEnd = indexOf(bytes, crlf, requestLine) + 2;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(bytes, 0, lineEnd);
        out.writeBytes(HOST_LINE);
        out.write(bytes, lineEnd, bytes.length - lineEnd);
        return out.toByteArray();
    }

    /** An HTTP/1.1 request line, and no Host field in the head. */
    private static boolean lacksHost(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int headEnd = text.indexOf("\r\n\r\n");
        String head = (headEnd < 0 ? text : text.substring(0, headEnd)).toLowerCase(Locale.ROOT);
        int lineEnd = head.indexOf("\r\n");
        String requestLine = lineEnd < 0 ? head : head.substring(0, lineEnd);
        return requestLine.endsWith(" http/1.1") && !head.contains("\r\nhost:");
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("request line not found in the case's bytes");
    }

    private static byte[] resource(String path) {
        try (InputStream in = GunicornCorpusTest.class.getResourceAsStream(CORPUS + path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + CORPUS + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<ExpectedRequest> emptyPath(List<ExpectedRequest> requests) {
        return requests.stream().map(r -> r.withPath("")).toList();
    }

    private static ExpectedRequest chunkedHelloWorld() {
        return new ExpectedRequest("POST", "/chunked_ambiguous_header_mapping", "/chunked_ambiguous_header_mapping", "", "HTTP/1.1",
                Map.of("HTTP_TRANSFER_ENCODING", "chunked"), null, null,
                "hello world".getBytes(StandardCharsets.US_ASCII), new byte[0]);
    }

    // --- the decisions ---

    private sealed interface Decision permits Refuse, Answer, AnswerAs {
        String reason();
    }

    /** Refused with this status instead. */
    private record Refuse(int status, String reason) implements Decision {
    }

    /** Parsed, as gunicorn's expectation adapted by {@code adapt}. */
    private record Answer(UnaryOperator<List<ExpectedRequest>> adapt, String reason) implements Decision {
    }

    /** Parsed as another case's requests. */
    private record AnswerAs(String name, String reason) implements Decision {
    }

    private static Decision refuse(int status, String reason) {
        return new Refuse(status, reason);
    }

    private static Decision answer(UnaryOperator<List<ExpectedRequest>> adapt, String reason) {
        return new Answer(adapt, reason);
    }

    private static Decision answer(List<ExpectedRequest> requests, String reason) {
        return new Answer(ignored -> requests, reason);
    }

    private static Decision answerAs(String name, String reason) {
        return new AnswerAs(name, reason);
    }

    // --- what a run expects ---

    private record Run(String name, String label, byte[] bytes, List<Outcome> outcomes) {
    }

    private sealed interface Outcome permits Refused, Parsed {
        default boolean isRefusal() {
            return this instanceof Refused;
        }
    }

    /** Refused with one of these statuses, or closed without an answer when there is none. */
    private record Refused(List<Integer> statuses) implements Outcome {
        Refused(Integer... statuses) {
            this(List.of(statuses));
        }
    }

    private record Parsed(ExpectedRequest request) implements Outcome {
    }

    /**
     * One request as the app must see it.
     *
     * @param uri REQUEST_URI: the request-target as sent
     * @param headers the HTTP_* keys: repeats joined with ","; without Content-Type and
     *     Content-Length (they have their own keys) and names with '_' (dropped)
     */
    private record ExpectedRequest(String method, String uri, String path, String query, String protocol,
                                   Map<String, String> headers, String contentType, String contentLength,
                                   byte[] body, byte[] requestLine) {

        static List<ExpectedRequest> listOf(JsonNode requests) {
            List<ExpectedRequest> list = new ArrayList<>();
            for (JsonNode r : requests) {
                list.add(of(r));
            }
            return list;
        }

        static ExpectedRequest of(JsonNode r) {
            Map<String, String> headers = new TreeMap<>();
            String contentType = null;
            String contentLength = null;
            for (JsonNode field : r.get("headers")) {
                String name = field.get(0).asText();
                String value = field.get(1).asText();
                if (name.contains("_")) {
                    continue;
                }
                switch (name) {
                    case "CONTENT-TYPE" -> contentType = contentType == null ? value : contentType + "," + value;
                    case "CONTENT-LENGTH" -> contentLength = contentLength == null ? value : contentLength + "," + value;
                    default -> headers.merge("HTTP_" + name.replace('-', '_'), value, (a, b) -> a + "," + b);
                }
            }
            String protocol = "HTTP/" + r.get("version").get(0).asInt() + "." + r.get("version").get(1).asInt();
            String method = r.get("method").asText();
            String uri = r.get("uri_raw").asText();
            String requestLine = method + " " + uri + " " + protocol + "\r\n";
            return new ExpectedRequest(method, uri, pathInfo(r.get("path").asText()), r.get("query").asText(), protocol,
                    headers, contentType, contentLength, Base64.getDecoder().decode(r.get("body_base64").asText()),
                    requestLine.getBytes(StandardCharsets.ISO_8859_1));
        }

        /** {@code path} holds the raw bytes read as Latin-1: percent-decode them, read as UTF-8. */
        private static String pathInfo(String raw) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (int i = 0; i < raw.length(); i++) {
                char c = raw.charAt(i);
                if (c == '%' && i + 2 < raw.length()) {
                    bytes.write(Integer.parseInt(raw.substring(i + 1, i + 3), 16));
                    i += 2;
                } else {
                    bytes.write(c);
                }
            }
            return bytes.toString(StandardCharsets.UTF_8);
        }

        boolean lacksHost() {
            return protocol.equals("HTTP/1.1") && !headers.containsKey("HTTP_HOST");
        }

        ExpectedRequest withHost() {
            Map<String, String> withHost = new TreeMap<>(headers);
            withHost.put("HTTP_HOST", "example.com");
            return new ExpectedRequest(method, uri, path, query, protocol, withHost, contentType, contentLength, body, requestLine);
        }

        ExpectedRequest withPath(String newPath) {
            return new ExpectedRequest(method, uri, newPath, query, protocol, headers, contentType, contentLength, body, requestLine);
        }

        void check(RawClient.Response response, String which) throws IOException {
            assertEquals(200, response.status(), which);
            JsonNode seen = JSON.readTree(response.body());
            assertEquals(method, seen.get("method").asText(), "REQUEST_METHOD, " + which);
            assertEquals(uri, seen.get("uri").asText(), "REQUEST_URI, " + which);
            assertEquals(path, seen.get("path").asText(), "PATH_INFO, " + which);
            assertEquals(query, seen.get("query").asText(), "QUERY_STRING, " + which);
            assertEquals(protocol, seen.get("protocol").asText(), "SERVER_PROTOCOL, " + which);
            assertEquals(headers, JSON.convertValue(seen.get("headers"), Map.class), "HTTP_* keys, " + which);
            assertEquals(contentType, textOrNull(seen.get("contentType")), "CONTENT_TYPE, " + which);
            assertEquals(contentLength, textOrNull(seen.get("contentLength")), "CONTENT_LENGTH, " + which);
            assertArrayEquals(body, seen.get("body").binaryValue(), "body, " + which);
        }

        private static String textOrNull(JsonNode node) {
            return node == null || node.isNull() ? null : node.asText();
        }
    }
}
