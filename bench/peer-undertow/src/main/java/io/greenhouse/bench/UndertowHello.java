package io.greenhouse.bench;

import io.undertow.Undertow;
import io.undertow.util.Headers;

/** Undertow hello world as in Undertow's getting-started: a plain HttpHandler, default options. */
public final class UndertowHello {

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        Undertow.builder()
                .addHttpListener(port, "127.0.0.1")
                .setHandler(exchange -> {
                    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
                    exchange.getResponseSender().send("Hello, World!");
                })
                .build()
                .start();
        System.out.println("undertow listening on " + port);
    }
}
