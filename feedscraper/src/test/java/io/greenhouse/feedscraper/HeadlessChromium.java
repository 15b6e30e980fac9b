package io.greenhouse.feedscraper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's headless Chromium, driven over the DevTools protocol with the JDK's WebSocket: opens
 * one page and evaluates JavaScript in it. Installs the {@code chromium} package when it is
 * missing and this process may (root); {@link #find()} says null when it cannot be had.
 */
final class HeadlessChromium implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on (ws://\\S+)");

    private final Process browser;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> replies = new ConcurrentHashMap<>();
    private String sessionId;

    private HeadlessChromium(Process browser, Path profile, WebSocket socket) {
        this.browser = browser;
        this.profile = profile;
        this.socket = socket;
    }

    /** The chromium binary, installing Debian's package if need be; null when it cannot be had. */
    static Path find() {
        for (String candidate : new String[] {"/usr/bin/chromium", "/usr/bin/chromium-browser"}) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            return null;
        }
        try {
            Process install = new ProcessBuilder("apt-get", "install", "-y", "-q", "chromium")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (install.waitFor() != 0) {
                return null;
            }
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        return Files.isExecutable(Path.of("/usr/bin/chromium")) ? Path.of("/usr/bin/chromium") : null;
    }

    /** Starts the browser on about:blank and attaches to its page. */
    static HeadlessChromium start(Path binary) throws Exception {
        Path profile = Files.createTempDirectory("greenhouse-chromium");
        Process browser = new ProcessBuilder(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--user-data-dir=" + profile,
                "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "about:blank")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String endpoint = devtoolsEndpoint(browser);
        Listener listener = new Listener();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(endpoint), listener).join();
        HeadlessChromium chromium = new HeadlessChromium(browser, profile, socket);
        listener.owner = chromium;
        chromium.attach();
        return chromium;
    }

    private static String devtoolsEndpoint(Process browser) throws IOException {
        BufferedReader err = new BufferedReader(new InputStreamReader(browser.getErrorStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line; (line = err.readLine()) != null; ) {
            Matcher m = DEVTOOLS.matcher(line);
            if (m.find()) {
                Thread.ofVirtual().start(() -> drain(err)); // keep its stderr pipe from filling up
                return m.group(1);
            }
            seen.append(line).append('\n');
        }
        throw new IOException("chromium ended without a DevTools endpoint: " + seen);
    }

    private static void drain(BufferedReader err) {
        try {
            while (err.readLine() != null) {
                // discard
            }
        } catch (IOException ignored) {
            // the browser has gone
        }
    }

    private void attach() throws Exception {
        JsonNode targets = call(null, "Target.getTargets", Map.of());
        String targetId = null;
        for (JsonNode target : targets.path("targetInfos")) {
            if (target.path("type").asText().equals("page")) {
                targetId = target.path("targetId").asText();
            }
        }
        if (targetId == null) {
            targetId = call(null, "Target.createTarget", Map.of("url", "about:blank")).path("targetId").asText();
        }
        sessionId = call(null, "Target.attachToTarget", Map.of("targetId", targetId, "flatten", true)).path("sessionId").asText();
    }

    /** Loads {@code url} in the page and waits for its load event. */
    void open(String url) throws Exception {
        call(sessionId, "Page.enable", Map.of());
        call(sessionId, "Page.navigate", Map.of("url", url));
        evaluate("new Promise(r => document.readyState === 'complete' ? r(true) : addEventListener('load', () => r(true)))");
    }

    /** Evaluates {@code expression} in the page, awaiting it when it is a promise; its value as JSON. */
    JsonNode evaluate(String expression) throws Exception {
        JsonNode reply = call(sessionId, "Runtime.evaluate",
                Map.of("expression", expression, "awaitPromise", true, "returnByValue", true));
        if (reply.has("exceptionDetails")) {
            throw new AssertionError("page script failed: " + reply.path("exceptionDetails"));
        }
        return reply.path("result").path("value");
    }

    private JsonNode call(String session, String method, Map<String, Object> params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        replies.put(id, reply);
        Map<String, Object> message = new java.util.LinkedHashMap<>();
        message.put("id", id);
        message.put("method", method);
        message.put("params", params);
        if (session != null) {
            message.put("sessionId", session);
        }
        socket.sendText(JSON.writeValueAsString(message), true).join();
        JsonNode answer = reply.join();
        if (answer.has("error")) {
            throw new AssertionError(method + " failed: " + answer.path("error"));
        }
        return answer.path("result");
    }

    private void receive(String text) {
        try {
            JsonNode message = JSON.readTree(text);
            if (message.has("id")) {
                CompletableFuture<JsonNode> reply = replies.remove(message.path("id").asInt());
                if (reply != null) {
                    reply.complete(message);
                }
            }
        } catch (IOException e) {
            replies.values().forEach(r -> r.completeExceptionally(e));
        }
    }

    @Override
    public void close() throws IOException {
        socket.abort();
        browser.destroy();
        try {
            browser.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Collects WebSocket text frames into messages. */
    private static final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();
        volatile HeadlessChromium owner;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String message = partial.toString();
                partial.setLength(0);
                owner.receive(message);
            }
            webSocket.request(1);
            return null;
        }
    }
}
