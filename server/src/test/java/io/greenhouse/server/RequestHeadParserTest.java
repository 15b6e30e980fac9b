package io.greenhouse.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RequestHeadParser on complete heads, as the reader hands them over (CRLF-terminated, size-checked). */
class RequestHeadParserTest {

    private final RequestHeadParser parser = new RequestHeadParser();

    private RequestHead parse(String head) throws HttpError {
        byte[] b = head.getBytes(StandardCharsets.ISO_8859_1);
        return parser.parse(b, 0, b.length);
    }

    private int refusal(String head) {
        return assertThrows(HttpError.class, () -> parse(head)).status();
    }

    @Test
    void parsesTheRequestLineAndFields() throws HttpError {
        RequestHead head = parse("POST /a?b HTTP/1.1\r\nHost: h\r\nX-A: 1\r\nContent-Length: 3\r\n\r\n");
        assertEquals("POST", head.method());
        assertEquals("/a?b", head.target());
        assertTrue(head.http11());
        assertEquals("h", head.host());
        assertEquals(3, head.bodyLength());
        assertEquals("1", head.fields().first("HTTP_X_A"));
        assertEquals("3", head.fields().first("CONTENT_LENGTH"));
        assertEquals(3, head.fields().size());
    }

    @Test
    void parsesAHeadInTheMiddleOfABuffer() throws HttpError {
        String head = "GET / HTTP/1.0\r\nX-B: 2\r\n\r\n";
        byte[] b = ("junk" + head + "GET /next").getBytes(StandardCharsets.ISO_8859_1);
        RequestHead parsed = parser.parse(b, 4, 4 + head.length());
        assertEquals("GET", parsed.method());
        assertFalse(parsed.http11());
        assertEquals("2", parsed.fields().first("HTTP_X_B"));
        assertEquals(1, parsed.fields().size());
    }

    @Test
    void isReusableAfterARefusal() throws HttpError {
        assertEquals(400, refusal("GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"));
        RequestHead head = parse("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        assertEquals(0, head.bodyLength());
    }

    @Test
    void marksAChunkedBody() throws HttpError {
        assertEquals(RequestHead.CHUNKED, parse("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n").bodyLength());
    }

    @Test
    void readsConnectionOptions() throws HttpError {
        assertFalse(parse("GET / HTTP/1.1\r\nHost: h\r\n\r\n").connectionClose());
        assertTrue(parse("GET / HTTP/1.1\r\nHost: h\r\nConnection: TE, close\r\n\r\n").connectionClose());
        assertTrue(parse("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").clientKeepsAlive());
        assertFalse(parse("GET / HTTP/1.0\r\n\r\n").clientKeepsAlive());
        assertFalse(parse("GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n").clientKeepsAlive());
    }

    @Test
    void expectsContinueOnlyOnHttp11() throws HttpError {
        assertTrue(parse("POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-Continue\r\n\r\n").expectContinue());
        assertFalse(parse("POST / HTTP/1.0\r\nExpect: 100-continue\r\n\r\n").expectContinue());
        // RFC 9110 §10.1.1: an HTTP/1.0 client cannot know the field; whatever it says is ignored
        assertFalse(parse("POST / HTTP/1.0\r\nExpect: something-else\r\n\r\n").expectContinue());
    }

    @Test
    void dropsFieldsWithUnderscoresButStillChecksThem() throws HttpError {
        assertNull(parse("GET / HTTP/1.1\r\nHost: h\r\nX_A: 1\r\n\r\n").fields().first("HTTP_X_A"));
        assertEquals(400, refusal("GET / HTTP/1.1\r\nHost: h\r\nX_A: 1\0\r\n\r\n"));
    }

    @Test
    void keysContentTypeAndLengthWithoutPrefix() throws HttpError {
        RequestHead head = parse("POST / HTTP/1.1\r\nHost: h\r\ncontent-type: a/b\r\nCONTENT-LENGTH: 0\r\n\r\n");
        assertEquals("a/b", head.fields().first("CONTENT_TYPE"));
        assertEquals("0", head.fields().first("CONTENT_LENGTH"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "get / HTTP/1.1\\r\\nHost: h\\r\\n\\r\\n|400",
        "GET  / HTTP/1.1\\r\\nHost: h\\r\\n\\r\\n|400",
        "GET / HTTP/1.1\\r\\n\\r\\n|400",
        "GET / HTTP/1.1\\r\\nHost: a\\r\\nHost: b\\r\\n\\r\\n|400",
        "GET / HTTP/1.1\\r\\nHost: a:99x\\r\\n\\r\\n|400",
        "GET / HTTP/1.1\\r\\nHost: a:65536\\r\\n\\r\\n|400",
        "GET / HTTP/1.1\\r\\nHost: ::1\\r\\n\\r\\n|400",
        "POST / HTTP/1.1\\r\\nHost: h\\r\\nExpect: 100-continue-please\\r\\n\\r\\n|417",
        "POST / HTTP/1.1\\r\\nHost: h\\r\\nExpect: 100-continue, x=y\\r\\n\\r\\n|417",
        "GET / HTTP/1.1\\r\\nHost : h\\r\\n\\r\\n|400",
        "GET / HTTP/1.1\\r\\nHost: h\\r\\n x\\r\\n\\r\\n|400",
        "GET / HTTP/1.1\\r\\nHost: h\\r\\nX: a\\rb\\r\\n\\r\\n|400",
        "GET / HTTP/1.1\\r\\nHost: h\\r\\nContent-Length: +1\\r\\n\\r\\n|400",
        "GET / HTTP/1.1\\r\\nHost: h\\r\\nContent-Length: 1\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n|400",
        "GET / HTTP/1.1\\r\\nHost: h\\r\\nTransfer-Encoding: chunked, gzip\\r\\n\\r\\n|400",
        "GET / HTTP/1.1\\r\\nHost: h\\r\\nTransfer-Encoding: gzip, chunked\\r\\n\\r\\n|501",
        "GET / HTTP/1.0\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n|400",
        "GET / HTTP/2.0\\r\\nHost: h\\r\\n\\r\\n|505",
        "GET / HTTP/1.1x\\r\\nHost: h\\r\\n\\r\\n|505",
        "GET / XTTP/1.1\\r\\nHost: h\\r\\n\\r\\n|505",
    })
    void refuses(String head, int status) {
        assertEquals(status, refusal(head.replace("\\r", "\r").replace("\\n", "\n")));
    }
}
