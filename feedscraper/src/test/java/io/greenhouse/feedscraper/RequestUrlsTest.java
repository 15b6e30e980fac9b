package io.greenhouse.feedscraper;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_16BE;
import static java.nio.charset.StandardCharsets.UTF_16LE;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The URLs a POST's body gives: read in the charset it is in, strictly, a byte-order mark skipped;
 * a JSON array's every element; a form told from a list that curl labels as one.
 */
class RequestUrlsTest {

    private static final String URL = "http://example.org/caf\u00e9";
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final byte[] UTF_8_MARK = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private static List<String> read(byte[] body, String contentType) throws HttpProblem {
        return RequestUrls.read(body, contentType, 100);
    }

    private static List<String> read(String body, String contentType) throws HttpProblem {
        return read(body.getBytes(UTF_8), contentType);
    }

    private static HttpProblem refused(byte[] body, String contentType) {
        return assertThrows(HttpProblem.class, () -> read(body, contentType));
    }

    private static byte[] marked(byte[] mark, byte[] text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(mark);
        out.writeBytes(text);
        return out.toByteArray();
    }

    @Test
    void aTextBodyIsReadInTheCharsetItsContentTypeNamesAndUtf8Otherwise() throws HttpProblem {
        assertEquals(List.of(URL), read(URL.getBytes(ISO_8859_1), "text/plain; charset=ISO-8859-1"));
        assertEquals(List.of(URL), read(URL.getBytes(UTF_16BE), "text/uri-list; charset=\"utf-16be\""));
        assertEquals(List.of(URL), read((URL + "\n").getBytes(Charset.forName("windows-1252")), FORM + "; charset=windows-1252"));
        assertEquals(List.of(URL), read(URL.getBytes(UTF_8), "text/plain"));
    }

    @Test
    void aCharsetJavaDoesNotKnowIsA415NamingIt() {
        HttpProblem problem = refused(URL.getBytes(UTF_8), "text/plain; charset=utf-9");
        assertEquals("415 Unsupported Media Type", problem.status());
        assertEquals("unsupported charset UTF-9; send the URLs in UTF-8", problem.getMessage());
    }

    // RFC 8259 §8.1: JSON exchanged between systems is UTF-8.
    @Test
    void jsonIsUtf8WhateverCharsetItsContentTypeNames() throws HttpProblem {
        assertEquals(List.of(URL), read("[\"" + URL + "\"]", "application/json; charset=ISO-8859-1"));
    }

    @Test
    void bytesNotValidInTheCharsetAreA400NamingIt() {
        byte[] latin1 = URL.getBytes(ISO_8859_1);  // its é, 0xE9, begins a UTF-8 sequence that never comes
        HttpProblem notUtf8 = refused(latin1, "text/plain");
        assertEquals("400 Bad Request", notUtf8.status());
        assertEquals("request body is not valid UTF-8", notUtf8.getMessage());
        assertEquals("request body is not valid UTF-8", refused(("[\"" + URL + "\"]").getBytes(ISO_8859_1), "application/json").getMessage());
        assertEquals("request body is not valid US-ASCII", refused(latin1, "text/plain; charset=us-ascii").getMessage());
    }

    // Windows Notepad begins what it saves with one; RFC 8259 §8.1 lets a JSON parser ignore it.
    @Test
    void aLeadingByteOrderMarkIsSkipped() throws HttpProblem {
        assertEquals(List.of(URL), read(marked(UTF_8_MARK, URL.getBytes(UTF_8)), "text/plain"));
        assertEquals(List.of(URL), read(marked(UTF_8_MARK, ("[\"" + URL + "\"]").getBytes(UTF_8)), "application/json"));
        assertEquals(List.of(URL), read(("\uFEFF" + URL).getBytes(UTF_16LE), "text/plain; charset=utf-16le"));
        assertEquals(List.of(URL), read(("\uFEFF" + URL).getBytes(UTF_16LE), "text/plain; charset=utf-16"));
    }

    @Test
    void everyElementOfAJsonArrayIsAUrlBlankOnesIncluded() throws HttpProblem {
        assertEquals(List.of("", "http://a/", ""), read("[\"\", \" http://a/ \", \"  \"]", "application/json"));
    }

    // What `curl --data-binary 'http://h/title?t=X&urls=1'` sends, labelled as a form.
    @Test
    void aFormLabelledBodyThatBeginsWithAUrlIsThatUrl() throws HttpProblem {
        assertEquals(List.of("http://h/title?t=X&urls=1"), read("http://h/title?t=X&urls=1", FORM));
        assertEquals(List.of("https://h/?a=1&urls=2"), read("https://h/?a=1&urls=2", FORM));
        assertEquals(List.of("ftp://h/f?urls=1"), read(" ftp://h/f?urls=1", FORM));
    }

    @Test
    void aFormStillGivesItsUrlsField() throws HttpProblem {
        assertEquals(List.of("http://a/1", "http://a/2"), read("urls=http%3A%2F%2Fa%2F1%0Ahttp%3A%2F%2Fa%2F2", FORM));
        assertEquals(List.of("http://a/1"), read("a=1&urls=http://a/1", FORM));
    }
}
