package io.greenhouse.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ChunkedBody over an in-memory connection (RFC 9112 §7.1). */
class ChunkedBodyTest {

    private static InputBuffer connection(String bytes) throws IOException {
        return new InputBuffer(new InMemoryClientSocket(bytes), () -> { }, new HeadBufferBudget(Long.MAX_VALUE),
                new FairShare(new NoOtherConnections(), System::nanoTime));
    }

    private static ChunkedBody body(InputBuffer in, String... settings) {
        Map<String, String> overrides = new java.util.HashMap<>();
        for (int i = 0; i < settings.length; i += 2) {
            overrides.put(settings[i], settings[i + 1]);
        }
        return new ChunkedBody(in, Settings.of(overrides));
    }

    private static String readAll(String wire) throws IOException {
        return new String(body(connection(wire)).readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    private static int refusal(String wire) {
        return assertThrows(HttpError.class, () -> readAll(wire)).status();
    }

    @Test
    void dechunks() throws IOException {
        assertEquals("hello, world", readAll("5\r\nhello\r\n7\r\n, world\r\n0\r\n\r\n"));
    }

    @Test
    void stopsAtTheEndOfTheBodyAndLeavesTheRestBuffered() throws IOException {
        InputBuffer in = connection("3\r\nabc\r\n0\r\nX-T: 1\r\n\r\nGET / HTTP/1.1\r\n");
        ChunkedBody body = body(in);
        assertArrayEquals("abc".getBytes(StandardCharsets.US_ASCII), body.readAllBytes());
        assertTrue(body.atEnd());
        assertEquals(-1, body.read());
        assertEquals('G', in.read(0));
    }

    @Test
    void readsOneByteAtATime() throws IOException {
        ChunkedBody body = body(connection("2\r\nab\r\n1\r\nc\r\n0\r\n\r\n"));
        StringBuilder read = new StringBuilder();
        for (int b; (b = body.read()) >= 0; ) {
            read.append((char) b);
        }
        assertEquals("abc", read.toString());
    }

    @Test
    void answersZeroForAnEmptyRead() throws IOException {
        assertEquals(0, body(connection("1\r\na\r\n0\r\n\r\n")).read(new byte[1], 0, 0));
    }

    @Test
    void acceptsExtensionsWithWhitespaceBeforeTheSemicolon() throws IOException {
        // RFC 9112 §7.1.1: BWS before ";" in chunk-ext
        assertEquals("abc", readAll("3 ;name=value\r\nabc\r\n0;last\r\n\r\n"));
    }

    @Test
    void parsesFifteenSignificantHexDigitsAfterLeadingZeros() {
        // the size is read (not refused as malformed), then refused as over the body limit
        assertEquals(413, refusal("0000fffffffffffffff\r\nab"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "1000000000000000\r\n",   // 16 significant digits: past 2^60
        "ffffffffffffffffff\r\n",
        "\r\n",
        ";ext\r\n",
        "+1\r\n",
        "-1\r\n",
        " 1\r\n",
        "1 \r\n",
        "1\t\r\n",
        "0x1\r\n",
        "1\n",
        "1;ext\0\r\n",
    })
    void refusesBadChunkSizeLines(String sizeLine) {
        assertEquals(400, refusal(sizeLine + "a\r\n0\r\n\r\n"));
    }

    @Test
    void refusesChunkDataLongerThanItsSize() {
        assertEquals(400, refusal("1\r\nab\r\n0\r\n\r\n"));
    }

    @Test
    void refusesABodyThatEndsEarly() {
        assertEquals(400, refusal("5\r\nab"));
        assertEquals(400, refusal("5\r\nhello\r\n"));
        assertEquals(400, refusal("5\r\nhello\r\n0\r\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Content-Length: 1", "content-length: 1", "Host: h", "Transfer-Encoding: chunked", "TE: x"})
    void refusesForbiddenTrailerFields(String field) {
        assertEquals(400, refusal("1\r\na\r\n0\r\n" + field + "\r\n\r\n"));
    }

    @Test
    void refusesMalformedTrailers() {
        assertEquals(400, refusal("1\r\na\r\n0\r\nX A: 1\r\n\r\n"));
        assertEquals(400, refusal("1\r\na\r\n0\r\nX-A: 1\0\r\n\r\n"));
        assertEquals(400, refusal("1\r\na\r\n0\r\nX-A 1\r\n\r\n"));
    }

    @Test
    void answers413WhenTheChunksAddUpPastTheLimit() throws IOException {
        ChunkedBody body = body(connection("5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"), "server.max-body-bytes", "10");
        assertEquals(413, assertThrows(HttpError.class, body::readAllBytes).status());
    }

    @Test
    void boundsChunkExtensionsOverTheWholeBodyByTheHeadLimit() throws IOException {
        // each size line is short, but neither the body limit nor the drain counts extensions:
        // together they are held to server.max-header-bytes (64 KiB), or a body could be
        // megabytes of extensions around a few bytes of data
        String chunk = "1;e=" + "x".repeat(1000) + "\r\na\r\n";
        assertEquals("a".repeat(60), readAll(chunk.repeat(60) + "0\r\n\r\n"));
        assertEquals(400, refusal(chunk.repeat(66) + "0\r\n\r\n"));
    }

    @Test
    void boundsLeadingZerosInChunkSizesByTheHeadLimit() throws IOException {
        assertEquals("a", readAll("0".repeat(1000) + "1\r\na\r\n0\r\n\r\n"));
        assertEquals(400, refusal("0".repeat(70_000) + "1\r\na\r\n0\r\n\r\n"));
    }
}
