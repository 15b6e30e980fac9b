package io.greenhouse.server;

import static io.greenhouse.server.TestApps.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.greenhouse.spi.App;
import io.greenhouse.spi.Header;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The PROXY protocol (HAProxy's specification, v1 and v2), read when server.proxy-protocol is
 * on: the client the proxy names becomes REMOTE_ADDR and REMOTE_PORT.
 */
class ProxyProtocolTest {

    private static final App REMOTE = (environ, startResponse) -> {
        startResponse.call("200 OK", List.of(new Header("Content-Type", "text/plain")));
        return List.of(bytes(environ.get("REMOTE_ADDR") + " " + environ.get("REMOTE_PORT")));
    };
    private static final String GET = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
    private static final String V2_SIGNATURE = "0d0a0d0a000d0a515549540a";

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(REMOTE, "server.proxy-protocol", "on");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String remoteSeenAfter(byte[] header) {
        try (RawClient client = server.connect()) {
            RawClient.Response response = client.send(concat(header, bytes(GET))).read();
            assertEquals(200, response.status(), response.bodyText());
            return response.bodyText();
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    @Test
    void v1NamesAnIpv4Client() {
        assertEquals("192.168.0.1 56324", remoteSeenAfter(bytes("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n")));
    }

    @Test
    void v1NamesAnIpv6Client() {
        assertEquals("2001:db8:0:0:0:0:0:1 40000",
                remoteSeenAfter(bytes("PROXY TCP6 2001:db8::1 2001:db8::2 40000 443\r\n")));
    }

    @Test
    void v1UnknownLeavesTheSocketsOwnAddress() {
        // "the receiver must ignore anything presented before the CRLF"
        assertTrue(remoteSeenAfter(bytes("PROXY UNKNOWN ffff::1 ffff::2 1 2\r\n")).startsWith("127.0.0.1 "));
    }

    @Test
    void v2NamesAnIpv4Client() {
        // PROXY command, TCP over IPv4, 12 bytes: 192.168.1.10:12345 -> 192.168.1.1:443
        assertEquals("192.168.1.10 12345",
                remoteSeenAfter(hex(V2_SIGNATURE + "21 11 000c c0a8010a c0a80101 3039 01bb")));
    }

    @Test
    void v2NamesAnIpv6Client() {
        assertEquals("2001:db8:0:0:0:0:0:1 54321", remoteSeenAfter(hex(V2_SIGNATURE + "21 21 0024"
                + "20010db8000000000000000000000001 20010db8000000000000000000000002 d431 0050")));
    }

    @Test
    void v2SkipsTheTypeLengthValueFieldsAfterTheAddresses() {
        // 12 bytes of addresses, then a PP2_TYPE_AUTHORITY TLV (0x02) of 11 bytes: 26 in all
        assertEquals("10.0.0.7 1024", remoteSeenAfter(hex(V2_SIGNATURE + "21 11 001a 0a000007 0a000001 0400 0050"
                + "02 000b" + HexFormat.of().formatHex(bytes("example.com")))));
    }

    @Test
    void v2LocalLeavesTheSocketsOwnAddress() {
        // LOCAL: the proxy's own connection, such as a health check
        assertTrue(remoteSeenAfter(hex(V2_SIGNATURE + "20 00 0000")).startsWith("127.0.0.1 "));
    }

    @Test
    void theHeaderIsOptional() {
        assertTrue(remoteSeenAfter(new byte[0]).startsWith("127.0.0.1 "));
    }

    @Test
    void theNamedClientHoldsForEveryRequestOfTheConnection() {
        try (RawClient client = server.connect()) {
            client.sendByteByByte(bytes("PROXY TCP4 203.0.113.9 192.0.2.1 5000 80\r\n" + GET));
            assertEquals("203.0.113.9 5000", client.read().bodyText());
            assertEquals("203.0.113.9 5000", client.send(GET).read().bodyText());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "PROXY TCP4 192.168.0.1 192.16...\r\n",
        "PROXY TCP4 192.168.0.1 192.168.0.11 65iii 100000\r\n",
        "PROXY TCP4 not-an-ip 192.168.0.11 56324 443\r\n",
        "PROXY TCP4 192.168.0.256 192.168.0.11 56324 443\r\n",
        "PROXY TCP6 192.168.0.1 192.168.0.11 56324 443\r\n",
        "PROXY TCP4 192.168.0.1  192.168.0.11 56324 443\r\n",
        "PROXY UDP4 192.168.0.1 192.168.0.11 56324 443\r\n",
        "PROXY TCP4 192.168.0.1 192.168.0.11 56324 65536\r\n",
    })
    void refusesAMalformedV1Header(String header) {
        TestApps.assertRefused(server, header + GET, 400);
    }

    @Test
    void refusesAV1LineLongerThanTheSpecificationAllows() {
        TestApps.assertRefused(server, "PROXY UNKNOWN " + "x".repeat(100) + "\r\n" + GET, 400);
    }

    @Test
    void refusesAV2HeaderOfAnotherVersionOrCommand() {
        TestApps.assertRefused(server, concat(hex(V2_SIGNATURE + "12 11 000c c0a8010a c0a80101 3039 01bb"), bytes(GET)), 400);
        TestApps.assertRefused(server, concat(hex(V2_SIGNATURE + "2f 11 000c c0a8010a c0a80101 3039 01bb"), bytes(GET)), 400);
    }

    @Test
    void refusesAV2HeaderTooShortForItsAddresses() {
        TestApps.assertRefused(server, concat(hex(V2_SIGNATURE + "21 11 0004 c0a8010a"), bytes(GET)), 400);
    }

    @Test
    @Timeout(20)
    void aV1HeaderTrickledPastTheHeadTimeoutGetsA408() throws InterruptedException {
        assertTimesOutWhenTrickled(bytes("PROXY UNKNOWN\r\n"));
    }

    @Test
    @Timeout(20)
    void aV2HeaderTrickledPastTheHeadTimeoutGetsA408() throws InterruptedException {
        assertTimesOutWhenTrickled(hex(V2_SIGNATURE + "20 00 0000"));
    }

    /**
     * Sends the header a byte at a time, each well within the request-head timeout, all of them
     * far beyond it, then a request at once. The header has one deadline, as a request head has;
     * a timeout per read let a slow client hold its connection as long as it liked.
     */
    private static void assertTimesOutWhenTrickled(byte[] header) throws InterruptedException {
        try (TestServer slow = TestServer.start(REMOTE, "server.proxy-protocol", "on", "server.request-head-timeout", "300ms");
             RawClient client = slow.connect()) {
            Thread trickler = Thread.ofVirtual().start(() -> {
                try {
                    OutputStream out = client.socket().getOutputStream();
                    for (byte b : header) {
                        out.write(b);
                        Thread.sleep(100);  // the client's pace, not a wait for a condition
                    }
                    out.write(bytes(GET));
                } catch (IOException | InterruptedException e) {
                    // the server closed, or the test is over: so is the trickle
                }
            });
            try {
                RawClient.Response response = client.read();
                assertEquals(408, response.status(), response.bodyText());
                assertEquals("close", response.header("Connection"));
                assertTrue(client.closedByServer());
            } finally {
                trickler.interrupt();
                trickler.join();
            }
        }
    }

    @Test
    void isARequestLikeAnyOtherWhenTheSettingIsOff() {
        try (TestServer plain = TestServer.start(REMOTE)) {
            TestApps.assertRefused(plain, "PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n" + GET, 400);
        }
    }

    @Test
    void refusesAHeaderFromAPeerNotInTheAllowList() {
        try (TestServer strict = TestServer.start(REMOTE, "server.proxy-protocol", "on", "server.proxy-allow-ips", "10.0.0.0/8")) {
            RawClient.Response v1 = TestApps.assertRefused(strict, "PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n" + GET, 403);
            assertEquals("PROXY protocol header not accepted from this address\n", v1.bodyText());
            TestApps.assertRefused(strict, concat(hex(V2_SIGNATURE + "21 11 000c c0a8010a c0a80101 3039 01bb"), bytes(GET)), 403);
        }
    }

    @Test
    void servesAPeerNotInTheAllowListThatSendsNoHeader() {
        try (TestServer strict = TestServer.start(REMOTE, "server.proxy-protocol", "on", "server.proxy-allow-ips", "10.0.0.0/8");
             RawClient client = strict.connect()) {
            RawClient.Response response = client.send(bytes(GET)).read();
            assertEquals(200, response.status());
            assertTrue(response.bodyText().startsWith("127.0.0.1 "), response.bodyText());
        }
    }
}
