package io.greenhouse.bench;

import io.helidon.http.HeaderValues;
import io.helidon.webserver.WebServer;

/** Helidon SE 4 webserver hello world: one virtual thread per connection, its defaults. */
public final class HelidonHello {

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        WebServer.builder()
                .host("127.0.0.1")
                .port(port)
                .routing(routing -> routing.get("/", (req, res) -> {
                    res.header(HeaderValues.CONTENT_TYPE_TEXT_PLAIN);
                    res.send("Hello, World!");
                }))
                .build()
                .start();
        System.out.println("helidon listening on " + port);
    }
}
