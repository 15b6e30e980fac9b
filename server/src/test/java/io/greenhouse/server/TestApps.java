package io.greenhouse.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.greenhouse.spi.App;
import io.greenhouse.spi.Environ;
import io.greenhouse.spi.Header;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Small apps and exchanges shared by the protocol tests. */
final class TestApps {

    private TestApps() {
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Answers 200 with "ok", never reading the body. */
    static final App OK = (environ, startResponse) -> {
        startResponse.call("200 OK", List.of(new Header("Content-Type", "text/plain")));
        return List.of(bytes("ok"));
    };

    /** Answers 200 with the request body it read, and the path as X-Path. */
    static final App ECHO = (environ, startResponse) -> {
        byte[] body = Environ.input(environ).readAllBytes();
        startResponse.call("200 OK", List.of(new Header("X-Path", (String) environ.get(Environ.PATH_INFO))));
        return List.of(body);
    };

    /**
     * Records a copy of each request's environ, with the body it read under "test.body"
     * (ISO-8859-1), and answers 200 "ok". A body that fails to read fails the app.
     */
    static final class Recorder implements App {
        private final BlockingQueue<Map<String, Object>> seen = new LinkedBlockingQueue<>();

        @Override
        public Iterable<byte[]> call(Map<String, Object> environ, io.greenhouse.spi.StartResponse startResponse)
                throws Exception {
            Map<String, Object> copy = new HashMap<>(environ);
            copy.put("test.body", new String(Environ.input(environ).readAllBytes(), StandardCharsets.ISO_8859_1));
            seen.add(copy);
            startResponse.call("200 OK", List.of());
            return List.of(bytes("ok"));
        }

        /** The next request's environ; fails after 10 s without one. */
        Map<String, Object> next() throws InterruptedException {
            Map<String, Object> environ = seen.poll(10, TimeUnit.SECONDS);
            if (environ == null) {
                throw new AssertionError("the app saw no request");
            }
            return environ;
        }

        boolean sawNothing() {
            return seen.isEmpty();
        }
    }

    /** Sends {@code request} on a fresh connection and reads one response. */
    static RawClient.Response exchange(TestServer server, String request) {
        try (RawClient client = server.connect()) {
            return client.send(request).read();
        }
    }

    /**
     * Sends {@code request} on a fresh connection and checks that the server refuses it with
     * {@code status}, says it closes, and does close.
     */
    static RawClient.Response assertRefused(TestServer server, String request, int status) {
        return assertRefused(server, bytes(request), status);
    }

    static RawClient.Response assertRefused(TestServer server, byte[] request, int status) {
        try (RawClient client = server.connect()) {
            RawClient.Response response = client.send(request).read();
            assertEquals(status, response.status(), () -> "status for " + new String(request, StandardCharsets.ISO_8859_1));
            assertEquals("close", response.header("Connection"));
            assertTrue(client.closedByServer(), "connection closed after the refusal");
            return response;
        }
    }
}
