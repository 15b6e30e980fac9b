package io.greenhouse.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.greenhouse.spi.Environ;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The environ answers lookups from the parsed request until the app changes or walks it: what
 * a lookup finds must be what the built entries hold, key for key, before and after.
 */
class RequestEnvironTest {

    private static final List<String> ABSENT = List.of("HTTP_ABSENT", "wsgi.absent", "PATH", "http_host", "");

    private static RequestEnviron environ(String head) throws HttpError {
        byte[] b = head.getBytes(StandardCharsets.ISO_8859_1);
        RequestHead parsed = new RequestHeadParser().parse(b, 0, b.length);
        ClientOrigin client = new ClientOrigin("192.0.2.7", "50123", null);
        EnvironBuilder builder = new EnvironBuilder(client, new InMemoryClientSocket(""), Settings.of(Map.of("server.script-name", "/app")),
                new PrintStream(OutputStream.nullOutputStream()));
        return builder.build(parsed, new ByteArrayInputStream(new byte[0]));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "GET /app/a?b=c HTTP/1.1\r\nHost: example.org:8080\r\n\r\n",
        "GET /app HTTP/1.0\r\n\r\n",
        "POST /app/p HTTP/1.1\r\nHost: h\r\nContent-Type: text/plain\r\nContent-Length: 0\r\nX-Dup: 1\r\nX-Dup: 2\r\n"
                + "Cookie: a=1\r\nCookie: b=2\r\n\r\n",
        "GET http://target.example:81/app/x HTTP/1.1\r\nHost: ignored.example\r\n\r\n",
        "OPTIONS /app/ HTTP/1.1\r\nHost: [::1]\r\nAccept: a\r\nACCEPT: b\r\nUser-Agent: u\r\n\r\n"})
    void aLookupFindsWhatTheBuiltEntriesHold(String head) throws HttpError {
        Map<String, Object> built = new HashMap<>(environ(head));  // walking it builds the entries
        for (Map.Entry<String, Object> entry : built.entrySet()) {
            assertTrue(environ(head).containsKey(entry.getKey()), entry.getKey());
            Object value = environ(head).get(entry.getKey());
            if (value instanceof InputStream || value instanceof PrintStream) {  // each environ has its own
                assertEquals(entry.getValue().getClass(), value.getClass(), entry.getKey());
            } else {
                assertEquals(entry.getValue(), value, entry.getKey());
            }
        }
        for (String key : ABSENT) {
            assertNull(environ(head).get(key), key);
            assertFalse(environ(head).containsKey(key), key);
        }
        assertNull(environ(head).get(42));
        assertFalse(environ(head).containsKey(null));
    }

    // PEP 3333's CGI and wsgi keys, and ours: every request has each of them, found by a lookup
    // and among the built entries alike (the class names them in three places, kept apart for speed)
    @Test
    void everyRequestHasTheCgiAndWsgiKeys() throws HttpError {
        Set<String> keys = Set.of(Environ.REQUEST_METHOD, Environ.SCRIPT_NAME, Environ.PATH_INFO,
                Environ.QUERY_STRING, Environ.REQUEST_URI, Environ.SERVER_PROTOCOL, Environ.REMOTE_ADDR,
                Environ.REMOTE_PORT, Environ.SERVER_NAME, Environ.SERVER_PORT, Environ.WSGI_VERSION,
                Environ.WSGI_URL_SCHEME, Environ.WSGI_INPUT, Environ.WSGI_ERRORS, Environ.WSGI_MULTITHREAD,
                Environ.WSGI_MULTIPROCESS, Environ.WSGI_RUN_ONCE, Environ.GREENHOUSE_POSTHOOKS);
        String noFields = "GET /app HTTP/1.0\r\n\r\n";
        assertEquals(keys, environ(noFields).keySet());
        for (String key : keys) {
            RequestEnviron lookedUp = environ(noFields);
            assertTrue(lookedUp.containsKey(key), key);
            assertNotNull(lookedUp.get(key), key);
        }
    }

    @Test
    void repeatedFieldsAreJoinedWithCommasAndCookiesWithSemicolons() throws HttpError {
        RequestEnviron environ = environ("GET /app HTTP/1.1\r\nHost: h\r\nX-Dup: 1\r\nX-Dup: 2\r\nCookie: a=1\r\nCookie: b=2\r\n\r\n");
        assertEquals("1,2", environ.get("HTTP_X_DUP"));
        assertEquals("a=1; b=2", environ.get("HTTP_COOKIE"));
    }

    @Test
    void anAbsoluteFormTargetsAuthorityIsTheHost() throws HttpError {
        // RFC 9112 §3.2.2: a server MUST ignore Host when the target is in absolute-form
        RequestEnviron environ = environ("GET http://target.example:81/app/x HTTP/1.1\r\nHost: ignored.example\r\n\r\n");
        assertEquals("target.example:81", environ.get("HTTP_HOST"));
        assertEquals("target.example", environ.get(Environ.SERVER_NAME));
        assertEquals("81", environ.get(Environ.SERVER_PORT));
    }

    @Test
    void changesAreSeenByLaterLookups() throws HttpError {
        RequestEnviron environ = environ("GET /app/a HTTP/1.1\r\nHost: h\r\nAccept: x\r\n\r\n");
        assertEquals("/a", environ.put(Environ.PATH_INFO, "/b"));
        assertEquals("/b", environ.get(Environ.PATH_INFO));
        environ.remove("HTTP_ACCEPT");
        assertNull(environ.get("HTTP_ACCEPT"));
        assertFalse(environ.containsKey("HTTP_ACCEPT"));
        environ.put("app.key", 1);
        assertEquals(1, environ.get("app.key"));
        assertEquals(environ.size(), new HashMap<>(environ).size());
        assertEquals(new HashMap<>(environ), environ);
        assertEquals(environ, new HashMap<>(environ));
    }

    @Test
    void posthooksAddedBeforeTheEntriesAreBuiltAreKeptAndRun() throws HttpError {
        RequestEnviron environ = environ("GET /app HTTP/1.1\r\nHost: h\r\n\r\n");
        assertTrue(environ.posthooksToRun().isEmpty());
        Runnable hook = () -> { };
        Environ.addPosthook(environ, hook);
        Object list = environ.get(Environ.GREENHOUSE_POSTHOOKS);
        environ.put("app.key", "builds the entries");
        assertSame(list, environ.get(Environ.GREENHOUSE_POSTHOOKS));
        assertEquals(List.of(hook), environ.posthooksToRun());
    }

    @Test
    void posthooksReplacedByTheAppAreTheOnesRun() throws HttpError {
        RequestEnviron environ = environ("GET /app HTTP/1.1\r\nHost: h\r\n\r\n");
        Runnable hook = () -> { };
        environ.put(Environ.GREENHOUSE_POSTHOOKS, List.of(hook));
        assertEquals(List.of(hook), environ.posthooksToRun());
        environ.remove(Environ.GREENHOUSE_POSTHOOKS);
        assertTrue(environ.posthooksToRun().isEmpty());
    }
}
