package io.greenhouse.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** uri-host [":" port] (RFC 9110 §7.2, RFC 3986 §3.2.2-3.2.3). */
class AuthorityTest {

    @ParameterizedTest(name = "{0} -> host {1}, port {2}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "example.org|example.org|-",
        "example.org:8080|example.org|8080",
        "example.org:|example.org|-",
        "192.0.2.1:80|192.0.2.1|80",
        "[::1]|[::1]|-",
        "[::1]:81|[::1]|81",
        "[v1.fe80::a+en1]:443|[v1.fe80::a+en1]|443",
        "xn--bcher-kva.example:65535|xn--bcher-kva.example|65535",
        "ex%41mple.org|ex%41mple.org|-",
    })
    void splitsHostAndPort(String value, String host, String port) {
        Authority authority = Authority.parse(value);
        assertEquals(host, authority.host());
        assertEquals(port, authority.port());
    }

    @ParameterizedTest(name = "\"{0}\" is not an authority")
    @ValueSource(strings = {
        "a:99x",        // a port is digits
        "a:-1",
        "a:65536",      // no such TCP port
        "a:000080000",
        "a:1:2",        // one colon outside brackets
        "::1",          // an IPv6 address needs its brackets
        "[::1",
        "::1]",
        "[::1]x",
        "[zz]",         // brackets hold an IPv6 address or an IPvFuture (RFC 3986 §3.2.2)
        "[example.org]",
        "[v1.]",
        "[vx.a]",
        "[]",
        "[::1]:8x",
        "a b",
        "a/b",
        "a@b",          // userinfo is not sent in Host
        "a\u00e9",
        ":80",          // a port without a host: an http URI's host is never empty (RFC 9110 §4.2.1)
        ":",
        "a%zz",         // '%' only as pct-encoded (RFC 3986 §2.1)
        "a%4",
        "a%",
    })
    void refuses(String value) {
        assertNull(Authority.parse(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "h", "h:1"})
    void acceptsAnEmptyHostAndShortForms(String value) {
        assertEquals(value.isEmpty() ? "" : "h", Authority.parse(value).host());
    }
}
