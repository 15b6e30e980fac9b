package io.greenhouse.server;

import static io.greenhouse.server.TestApps.assertRefused;
import static io.greenhouse.server.TestApps.exchange;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Where a request body ends: Content-Length, chunked, trailers (RFC 9112 §6, §7). */
class BodyFramingTest {

    private static final String POST = "POST /p HTTP/1.1\r\nHost: x\r\n";
    private static final String CHUNKED = POST + "Transfer-Encoding: chunked\r\n\r\n";

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(TestApps.ECHO);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void readsContentLengthBody() {
        assertEquals("hello", exchange(server, POST + "Content-Length: 5\r\n\r\nhello").bodyText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"05", "0000000000000000000000005"})
    void acceptsLeadingZerosInContentLengthHoweverMany(String value) {
        // RFC 9110 §8.6: Content-Length = 1*DIGIT; the zeros change nothing, so they count to no limit
        assertEquals("hello", exchange(server, POST + "Content-Length: " + value + "\r\n\r\nhello").bodyText());
    }

    @Test
    void acceptsRepeatedIdenticalContentLength() {
        // RFC 9110 §8.6: identical repeated values may be taken as one
        assertEquals("hello", exchange(server, POST + "Content-Length: 5\r\nContent-Length: 5\r\n\r\nhello").bodyText());
    }

    @Test
    void readsNoBodyWithoutContentLengthOrTransferEncoding() {
        // RFC 9112 §6.3: a request with neither has a body of length zero
        assertEquals("", exchange(server, POST + "\r\n").bodyText());
    }

    @Test
    void dechunksChunkedBody() {
        assertEquals("hello, world", exchange(server, CHUNKED + "5\r\nhello\r\n7\r\n, world\r\n0\r\n\r\n").bodyText());
    }

    @Test
    void acceptsUpperCaseHexAndLeadingZerosInChunkSizes() {
        assertEquals("0123456789", exchange(server, CHUNKED + "00A\r\n0123456789\r\n000\r\n\r\n").bodyText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"5;a=b;c=\"d\"", "5 ; a = b ;c", "5;q=\"semi; colon \\\" quote\"", "5;n=\"\""})
    void ignoresChunkExtensions(String sizeLine) {
        assertEquals("hello", exchange(server, CHUNKED + sizeLine + "\r\nhello\r\n0;e\r\n\r\n").bodyText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"5;", "5;=x", "5;a=b c", "5;a=", "5;a=\"unclosed", "5;a=\"x\"y", "5;a b", "5;(a)", "5;a;"})
    void rejectsChunkExtensionsThatAreNotNameAndTokenOrQuotedString(String sizeLine) {
        // RFC 9112 §7.1.1: chunk-ext = *( BWS ";" BWS ext-name [ BWS "=" BWS ext-val ] ),
        // ext-name = token, ext-val = token / quoted-string
        assertRefused(server, CHUNKED + sizeLine + "\r\nhello\r\n0\r\n\r\n", 400);
    }

    @Test
    void dropsAllowedTrailerFields() {
        assertEquals("hello", exchange(server, CHUNKED + "5\r\nhello\r\n0\r\nX-Checksum: 1\r\nX-B: 2\r\n\r\n").bodyText());
    }

    @Test
    void acceptsChunkedTransferEncodingInAnyCase() {
        assertEquals("hi", exchange(server, POST + "Transfer-Encoding: Chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n").bodyText());
    }

    @Test
    void rejectsContentLengthWithTransferEncoding() {
        // RFC 9112 §6.3: both present is a smuggling attempt; we refuse rather than pick one
        assertRefused(server, POST + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"identity", "", ",", "chunked, identity", "identity, chunked"})
    void rejectsContentLengthWithAnyTransferEncoding(String codings) {
        // RFC 9112 §6.1: a sender MUST NOT send Content-Length with Transfer-Encoding, whatever its value
        assertRefused(server, POST + "Transfer-Encoding: " + codings + "\r\nContent-Length: 5\r\n\r\nhello", 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"identity", "chunked, identity", ""})
    void rejectsTransferEncodingThatDoesNotEndInChunked(String codings) {
        // RFC 9112 §6.3: a request whose final coding is not chunked has no reliable length
        assertRefused(server, POST + "Transfer-Encoding: " + codings + "\r\n\r\n0\r\n\r\n", 400);
    }

    @Test
    void ignoresFramingFieldsSpelledWithUnderscores() {
        // dropped like every name with '_': a proxy may read Transfer_Encoding otherwise
        assertEquals("hello", exchange(server, POST + "Transfer_Encoding: chunked\r\nContent_Length: 1\r\n"
                + "Content-Length: 5\r\n\r\nhello").bodyText());
    }

    @Test
    void rejectsConflictingContentLengths() {
        assertRefused(server, POST + "Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!", 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"+1", "-1", "1,1", "0 1", "0x1", "1.0", "", "a", "99999999999999999999"})
    void rejectsMalformedContentLength(String value) {
        // RFC 9112 §6.3: an invalid Content-Length is an unrecoverable framing error
        assertRefused(server, POST + "Content-Length: " + value + "\r\n\r\n", 400);
    }

    @Test
    void rejectsContentLengthWithInnerWhitespace() {
        assertRefused(server, POST + "Content-Length:  0 1\r\n\r\n", 400);
    }

    @Test
    void rejectsTransferEncodingInHttp10() {
        // RFC 9112 §6.1: a server MAY treat it as faulty framing; a 1.0 peer cannot mean chunked
        assertRefused(server, "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"chunked, gzip", "chunked, chunked", "gzip", "chunked\r\nTransfer-Encoding: chunked"})
    void rejectsChunkedNotLastOrTwice(String codings) {
        // RFC 9112 §6.3: chunked must be the final coding of a request, applied once
        assertRefused(server, POST + "Transfer-Encoding: " + codings + "\r\n\r\n0\r\n\r\n", 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip, chunked", "deflate,chunked", "x-custom, chunked"})
    void answers501ForUnsupportedTransferCodings(String codings) {
        // RFC 9112 §6.1: a server receiving a transfer coding it does not understand SHOULD answer 501
        assertRefused(server, POST + "Transfer-Encoding: " + codings + "\r\n\r\n0\r\n\r\n", 501);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "10000000000000000\r\n",  // 17 hex digits: overflows a long
        "\r\n",                   // missing
        "+5\r\n",
        "-5\r\n",
        " 5\r\n",
        "5 \r\n",
        "0x5\r\n",
        "g\r\n",
        "5\n",
        "5\r\r\n",
    })
    void rejectsBadChunkSizes(String sizeLine) {
        assertRefused(server, CHUNKED + sizeLine + "hello\r\n0\r\n\r\n", 400);
    }

    @Test
    void rejectsChunkDataLongerThanItsSize() {
        assertRefused(server, CHUNKED + "3\r\nhello\r\n0\r\n\r\n", 400);
    }

    @Test
    void rejectsChunkDataNotFollowedByCrlf() {
        assertRefused(server, CHUNKED + "5\r\nhello0\r\n\r\n", 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Content-Length: 5", "Host: evil", "Transfer-Encoding: chunked"})
    void rejectsForbiddenTrailerFields(String field) {
        // RFC 9110 §6.5.1: framing and routing fields must not come in trailers
        assertRefused(server, CHUNKED + "5\r\nhello\r\n0\r\n" + field + "\r\n\r\n", 400);
    }

    @Test
    void rejectsMalformedTrailerField() {
        assertRefused(server, CHUNKED + "5\r\nhello\r\n0\r\nX A: b\r\n\r\n", 400);
    }

    @Test
    void rejectsChunkedBodyCutShortByTheClient() {
        try (RawClient client = server.connect()) {
            client.send(CHUNKED + "5\r\nhel").shutdownOutput();
            RawClient.Response response = client.read();
            assertEquals(400, response.status());
        }
    }
}
