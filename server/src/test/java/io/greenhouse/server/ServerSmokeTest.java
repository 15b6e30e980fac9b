package io.greenhouse.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.greenhouse.spi.App;
import io.greenhouse.spi.Header;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerSmokeTest {

    static final App HELLO = (environ, startResponse) -> {
        startResponse.call("200 OK", List.of(new Header("Content-Type", "text/plain")));
        return List.of("Hello, World!".getBytes(StandardCharsets.UTF_8));
    };

    @Test
    void answersAGetWithTheAppsBody() {
        try (TestServer server = TestServer.start(HELLO); RawClient client = server.connect()) {
            RawClient.Response response = client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertEquals(200, response.status());
            assertEquals("Hello, World!", response.bodyText());
            assertEquals("13", response.header("Content-Length"));
            assertEquals("Greenhouse", response.header("Server"));
            assertTrue(response.header("Date").endsWith(" GMT"));
        }
    }
}
