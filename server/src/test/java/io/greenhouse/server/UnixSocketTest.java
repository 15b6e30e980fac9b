package io.greenhouse.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * server.bind = unix:PATH: the server listens on a Unix domain socket, for a proxy on the same
 * host (nginx's {@code proxy_pass http://unix:PATH:}), as gunicorn's {@code --bind unix:PATH}.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class UnixSocketTest {

    private static TestServer serve(TestApps.Recorder app, Path socket, String... more) {
        String[] settings = new String[more.length + 2];
        settings[0] = "server.bind";
        settings[1] = "unix:" + socket;
        System.arraycopy(more, 0, settings, 2, more.length);
        return TestServer.start(app, settings);
    }

    /** Sends {@code request} and reads until the server closes (the last request says Connection: close). */
    private static String exchange(Path socket, String request) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.ISO_8859_1)));
            InputStream in = Channels.newInputStream(channel);
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void servesRequestsOverTheSocketKeepingItAlive(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("gh.sock");
        TestApps.Recorder app = new TestApps.Recorder();
        try (TestServer server = serve(app, socket)) {
            assertEquals("unix:" + socket, server.server().url());
            assertEquals(-1, server.port());
            String responses = exchange(socket, "GET /one HTTP/1.1\r\nHost: example.org\r\n\r\n"
                    + "GET /two HTTP/1.1\r\nHost: example.org\r\nConnection: close\r\n\r\n");
            assertEquals(2, responses.split("HTTP/1.1 200 OK", -1).length - 1, responses);
            Map<String, Object> first = app.next();
            assertEquals("/one", first.get("PATH_INFO"));
            assertEquals("", first.get("REMOTE_ADDR"), "a Unix domain socket's peer has no address");
            assertEquals("example.org", first.get("SERVER_NAME"));
            assertEquals("80", first.get("SERVER_PORT"));
            assertEquals("/two", app.next().get("PATH_INFO"));
        }
    }

    @Test
    void withoutHostTheServerNameIsLocalhost(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("gh.sock");
        TestApps.Recorder app = new TestApps.Recorder();
        try (TestServer server = serve(app, socket)) {
            exchange(socket, "GET / HTTP/1.0\r\n\r\n");
            Map<String, Object> environ = app.next();
            assertEquals("localhost", environ.get("SERVER_NAME"));
            assertEquals("80", environ.get("SERVER_PORT"));
        }
    }

    @Test
    void aPeerOnTheSocketIsTrustedWithSchemeHeaders(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("gh.sock");
        TestApps.Recorder app = new TestApps.Recorder();
        try (TestServer server = serve(app, socket, "server.forwarded-allow-ips", "")) {
            exchange(socket, "GET / HTTP/1.1\r\nHost: h\r\nX-Forwarded-Proto: https\r\nConnection: close\r\n\r\n");
            assertEquals("https", app.next().get("wsgi.url_scheme"), "only a process on this host can connect");
        }
    }

    @Test
    void theSocketFileGoesWhenTheServerStops(@TempDir Path dir) {
        Path socket = dir.resolve("gh.sock");
        try (TestServer server = serve(new TestApps.Recorder(), socket)) {
            assertTrue(Files.exists(socket));
        }
        assertFalse(Files.exists(socket));
    }

    @Test
    void aSocketFileLeftByAnEarlierRunIsReplaced(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("gh.sock");
        try (var stale = java.nio.channels.ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            stale.bind(UnixDomainSocketAddress.of(socket));  // bound and never removed, as after a crash
        }
        assertTrue(Files.exists(socket));
        TestApps.Recorder app = new TestApps.Recorder();
        try (TestServer server = serve(app, socket)) {
            assertTrue(exchange(socket, "GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n").startsWith("HTTP/1.1 200 OK"));
        }
    }

    @Test
    void aSocketAServerStillListensOnIsNotTakenOver(@TempDir Path dir) throws Exception {
        // replacing its file would leave the first server running, unreachable; refused as a port in use is
        Path socket = dir.resolve("gh.sock");
        TestApps.Recorder app = new TestApps.Recorder();
        try (TestServer first = serve(app, socket)) {
            java.io.UncheckedIOException e = assertThrows(java.io.UncheckedIOException.class,
                    () -> serve(new TestApps.Recorder(), socket));
            assertTrue(e.getMessage().contains("is in use: a server is listening on it"), e.getMessage());
            assertTrue(exchange(socket, "GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n").startsWith("HTTP/1.1 200 OK"),
                    "the first server is still reached");
        }
    }

    @Test
    void anyOtherFileAtThePathIsLeftAloneAndNamed(@TempDir Path dir) throws Exception {
        Path notASocket = Files.writeString(dir.resolve("notes.txt"), "keep me");
        java.io.UncheckedIOException e = assertThrows(java.io.UncheckedIOException.class,
                () -> serve(new TestApps.Recorder(), notASocket));
        assertTrue(e.getMessage().contains("exists and is not a socket"), e.getMessage());
        assertEquals("keep me", Files.readString(notASocket));
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void anyoneOnTheHostMayConnectByDefaultAsToALoopbackPort(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("gh.sock");
        try (TestServer server = serve(new TestApps.Recorder(), socket)) {
            assertEquals(PosixFilePermissions.fromString("rw-rw-rw-"), Files.getPosixFilePermissions(socket));
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void theSocketFilesModeIsASetting(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("gh.sock");
        try (TestServer server = serve(new TestApps.Recorder(), socket, "server.unix-socket-mode", "0660")) {
            assertEquals(PosixFilePermissions.fromString("rw-rw----"), Files.getPosixFilePermissions(socket));
        }
        for (String bad : new String[] {"66", "888", "rw-rw-rw-", "01777"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Settings.of(Map.of("server.unix-socket-mode", bad)));
            assertTrue(e.getMessage().startsWith("setting server.unix-socket-mode = '" + bad + "' is not valid"), e.getMessage());
        }
    }

    @Test
    void anEmptyPathIsNotABindAddress() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Settings.of(Map.of("server.bind", "unix:")));
        assertTrue(e.getMessage().startsWith("setting server.bind = 'unix:' is not valid"), e.getMessage());
    }
}
