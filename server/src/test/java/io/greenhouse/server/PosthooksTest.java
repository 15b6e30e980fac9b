package io.greenhouse.server;

import static io.greenhouse.server.TestApps.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.greenhouse.spi.App;
import io.greenhouse.spi.Environ;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** greenhouse.posthooks: run after the response was fully sent, whatever became of it. */
@Timeout(30)
class PosthooksTest {

    private static final String GET = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";

    @Test
    void runsHooksOnlyAfterTheResponseReachedTheClient() throws InterruptedException {
        CountDownLatch clientHasResponse = new CountDownLatch(1);
        CountDownLatch hookRan = new CountDownLatch(1);
        App app = (environ, startResponse) -> {
            // the hook waits for the client to have the whole response: a hook run before the
            // response is flushed would wait in vain
            Environ.addPosthook(environ, () -> {
                try {
                    if (clientHasResponse.await(10, TimeUnit.SECONDS)) {
                        hookRan.countDown();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            startResponse.call("200 OK", List.of());
            return ClosingBody.of("chunk one, ", "chunk two");
        };
        try (TestServer server = TestServer.start(app); RawClient client = server.connect()) {
            assertEquals("chunk one, chunk two", client.send(GET).read().bodyText());
            clientHasResponse.countDown();
            assertTrue(hookRan.await(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void runsHooksAfterAFailedResponse() throws InterruptedException {
        CountDownLatch hookRan = new CountDownLatch(1);
        App app = (environ, startResponse) -> {
            Environ.addPosthook(environ, hookRan::countDown);
            throw new IllegalStateException("app failed");
        };
        try (TestServer server = TestServer.start(app)) {
            assertEquals(500, TestApps.exchange(server, GET).status());
            assertTrue(hookRan.await(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void runsHooksAfterAResponseCutShortByTheApp() throws InterruptedException {
        CountDownLatch hookRan = new CountDownLatch(1);
        App app = (environ, startResponse) -> {
            Environ.addPosthook(environ, hookRan::countDown);
            startResponse.call("200 OK", List.of());
            return ClosingBody.failingAfter("partial");
        };
        try (TestServer server = TestServer.start(app); RawClient client = server.connect()) {
            client.send(GET).readToClose();
            assertTrue(hookRan.await(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void runsEveryHookInOrderEvenWhenOneThrows() throws InterruptedException {
        StringBuffer order = new StringBuffer();
        CountDownLatch allRan = new CountDownLatch(1);
        App app = (environ, startResponse) -> {
            Environ.addPosthook(environ, () -> order.append("1"));
            Environ.addPosthook(environ, () -> {
                order.append("2");
                throw new IllegalStateException("hook failed");
            });
            Environ.addPosthook(environ, () -> {
                order.append("3");
                allRan.countDown();
            });
            startResponse.call("200 OK", List.of());
            return List.of(bytes("ok"));
        };
        try (TestServer server = TestServer.start(app); RawClient client = server.connect()) {
            assertEquals(200, client.send(GET).read().status());
            assertTrue(allRan.await(10, TimeUnit.SECONDS));
            assertEquals("123", order.toString());
            // a failing hook does not cost the connection
            assertEquals(200, client.send(GET).read().status());
        }
    }
    @Test
    void runsAHookAddedByAHookAndKeepsTheConnectionServing() throws InterruptedException {
        CountDownLatch innerRan = new CountDownLatch(1);
        App app = (environ, startResponse) -> {
            if (environ.get("PATH_INFO").equals("/nested")) {
                Environ.addPosthook(environ, () -> Environ.addPosthook(environ, innerRan::countDown));
            }
            startResponse.call("200 OK", List.of());
            return List.of(bytes("ok"));
        };
        try (TestServer server = TestServer.start(app); RawClient client = server.connect()) {
            client.send("GET /nested HTTP/1.1\r\nHost: x\r\n\r\nGET /next HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(200, client.read().status());
            assertEquals(200, client.read().status());
            assertTrue(innerRan.await(10, TimeUnit.SECONDS));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void skipsWhatIsNotARunnableAndRunsTheRest() throws InterruptedException {
        CountDownLatch hookRan = new CountDownLatch(1);
        App app = (environ, startResponse) -> {
            ((List<Object>) environ.get(Environ.GREENHOUSE_POSTHOOKS)).add("not a hook");
            Environ.addPosthook(environ, hookRan::countDown);
            startResponse.call("200 OK", List.of());
            return List.of(bytes("ok"));
        };
        try (TestServer server = TestServer.start(app); RawClient client = server.connect()) {
            assertEquals(200, client.send(GET).read().status());
            assertTrue(hookRan.await(10, TimeUnit.SECONDS));
            assertEquals(200, client.send(GET).read().status());
        }
    }
}
