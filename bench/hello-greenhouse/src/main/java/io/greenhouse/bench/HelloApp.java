package io.greenhouse.bench;

import io.greenhouse.spi.App;
import io.greenhouse.spi.Header;
import io.greenhouse.spi.StartResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** The benchmark's hello world as a Greenhouse App: every request gets 200 "Hello, World!". */
public final class HelloApp implements App {

    private static final byte[] HELLO = "Hello, World!".getBytes(StandardCharsets.US_ASCII);
    private static final List<Header> HEADERS = List.of(new Header("Content-Type", "text/plain"));

    @Override
    public Iterable<byte[]> call(Map<String, Object> environ, StartResponse startResponse) {
        startResponse.call("200 OK", HEADERS);
        return List.of(HELLO);
    }
}
