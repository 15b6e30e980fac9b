package io.greenhouse.server;

import static io.greenhouse.server.TestApps.assertRefused;
import static io.greenhouse.server.TestApps.exchange;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * server.script-name mounts the app under a path (PEP 3333: SCRIPT_NAME is "the initial portion
 * of the request URL's path that corresponds to the application object", PATH_INFO "the
 * remainder"): what a proxy forwarding /app/... unchanged needs.
 */
class ScriptNameTest {

    private static TestServer server;
    private static TestApps.Recorder app;

    @BeforeAll
    static void start() {
        app = new TestApps.Recorder();
        server = TestServer.start(app, "server.script-name", "/app");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Map<String, Object> environOf(String target) throws InterruptedException {
        RawClient.Response response = exchange(server, "GET " + target + " HTTP/1.1\r\nHost: h\r\n\r\n");
        assertEquals(200, response.status(), response.bodyText());
        return app.next();
    }

    @Test
    void splitsThePathAtTheMountPoint() throws InterruptedException {
        Map<String, Object> environ = environOf("/app/feeds/1?x=y");
        assertEquals("/app", environ.get("SCRIPT_NAME"));
        assertEquals("/feeds/1", environ.get("PATH_INFO"));
        assertEquals("x=y", environ.get("QUERY_STRING"));
        assertEquals("/app/feeds/1?x=y", environ.get("REQUEST_URI"), "the target as sent");
    }

    @Test
    void theMountPointItselfHasAnEmptyPathInfo() throws InterruptedException {
        assertEquals("", environOf("/app").get("PATH_INFO"));
        assertEquals("/", environOf("/app/").get("PATH_INFO"));
    }

    @Test
    void splitsTheDecodedPath() throws InterruptedException {
        Map<String, Object> environ = environOf("/app/caf%C3%A9");
        assertEquals("/app", environ.get("SCRIPT_NAME"));
        assertEquals("/caf\u00e9", environ.get("PATH_INFO"));
    }

    @Test
    void anAbsoluteFormTargetIsSplitToo() throws InterruptedException {
        Map<String, Object> environ = environOf("http://example.com/app/x");
        assertEquals("/app", environ.get("SCRIPT_NAME"));
        assertEquals("/x", environ.get("PATH_INFO"));
    }

    @Test
    void anAsteriskTargetIsTheServersNotUnderTheMountPoint() throws InterruptedException {
        exchange(server, "OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n");
        Map<String, Object> environ = app.next();
        assertEquals("", environ.get("SCRIPT_NAME"));
        assertEquals("*", environ.get("PATH_INFO"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/other", "/apple", "/ap", "/APP/x"})
    void aPathOutsideTheMountPointIs404WithoutCallingTheApp(String target) {
        RawClient.Response response = assertRefused(server, "GET " + target + " HTTP/1.1\r\nHost: h\r\n\r\n", 404);
        assertEquals("HTTP/1.1 404 Not Found", response.statusLine());  // was "404 Error"
        assertEquals("not found: the app is at /app/\n", response.bodyText());
        assertTrue(app.sawNothing());
    }

    @Test
    void aTrailingSlashInTheSettingIsDropped() throws InterruptedException {
        TestApps.Recorder own = new TestApps.Recorder();
        try (TestServer slash = TestServer.start(own, "server.script-name", "/app/")) {
            exchange(slash, "GET /app/x HTTP/1.1\r\nHost: h\r\n\r\n");
            Map<String, Object> environ = own.next();
            assertEquals("/app", environ.get("SCRIPT_NAME"));
            assertEquals("/x", environ.get("PATH_INFO"));
        }
    }

    @Test
    void byDefaultTheAppIsAtTheRoot() throws InterruptedException {
        TestApps.Recorder own = new TestApps.Recorder();
        try (TestServer root = TestServer.start(own)) {
            exchange(root, "GET /app/x HTTP/1.1\r\nHost: h\r\n\r\n");
            Map<String, Object> environ = own.next();
            assertEquals("", environ.get("SCRIPT_NAME"));
            assertEquals("/app/x", environ.get("PATH_INFO"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"app", "/app?x=1", "/a b", "/app#top", "/a%2Fb", "//app"})
    void aSettingThatIsNotAPlainAbsolutePathIsRefused(String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Settings.of(Map.of("server.script-name", value)));
        assertTrue(e.getMessage().startsWith("setting server.script-name = '" + value + "' is not valid"), e.getMessage());
    }
}
