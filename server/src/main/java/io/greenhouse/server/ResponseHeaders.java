package io.greenhouse.server;

import io.greenhouse.spi.Header;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The app's status and headers, checked before anything reaches the wire: a CR or LF would
 * let an app's input split the response, so it fails the response instead. Hop-by-hop
 * headers are the server's; the app's are dropped, except that {@code Connection: close}
 * is honoured.
 *
 * @param status the status as given, such as "200 OK"
 * @param code its status code
 * @param headers the headers to send, without hop-by-hop ones and Content-Length
 * @param contentLength the app's Content-Length, or -1
 * @param close the app asked for the connection to close
 * @param hasDate the app set Date itself
 * @param hasServer the app set Server itself
 * @param dropped names of the hop-by-hop headers dropped, for the error log; empty mostly
 */
record ResponseHeaders(String status, int code, List<Header> headers, long contentLength,
                       boolean close, boolean hasDate, boolean hasServer, List<String> dropped) {

    /**
     * Checks a copy of the app's headers: the app keeps its list, and a header it added to it
     * after start_response (a CR LF from its input, say) must not reach the wire unchecked.
     *
     * @throws IllegalArgumentException naming what is wrong with the status or a header
     */
    static ResponseHeaders check(String status, List<Header> given) {
        List<Header> headers = copyOf(given);
        int code = statusCode(status);
        long contentLength = -1;
        boolean close = false;
        boolean hasDate = false;
        boolean hasServer = false;
        List<String> dropped = List.of();
        for (Header header : headers) {
            if (header == null || header.name() == null || header.value() == null) {
                throw new IllegalArgumentException("response header or its name or value is null");
            }
            String name = header.name();
            checkName(name);
            checkValue(name, header.value());
            switch (HopByHop.of(name)) {
                case END_TO_END -> {
                    hasDate |= name.equalsIgnoreCase("Date");
                    hasServer |= name.equalsIgnoreCase("Server");
                }
                case CONTENT_LENGTH -> {
                    long length = contentLength(header.value());
                    if (contentLength >= 0 && length != contentLength) {
                        throw new IllegalArgumentException("conflicting Content-Length headers in response");
                    }
                    contentLength = length;
                }
                case CONNECTION -> close |= header.value().toLowerCase(Locale.ROOT).contains("close");
                case OTHER -> {
                    dropped = dropped.isEmpty() ? new ArrayList<>() : dropped;
                    dropped.add(name);
                }
            }
        }
        return new ResponseHeaders(status, code, endToEnd(headers), contentLength, close, hasDate, hasServer, dropped);
    }

    /** An unmodifiable copy; none is made of a list that is one already, such as {@code List.of(...)}. */
    private static List<Header> copyOf(List<Header> given) {
        try {
            return List.copyOf(given);
        } catch (NullPointerException e) {
            throw new IllegalArgumentException("response header is null");
        }
    }

    /** The checked headers without hop-by-hop ones. */
    private static List<Header> endToEnd(List<Header> headers) {
        for (Header header : headers) {
            if (HopByHop.of(header.name()) != HopByHop.END_TO_END) {
                return headers.stream().filter(h -> HopByHop.of(h.name()) == HopByHop.END_TO_END).toList();
            }
        }
        return headers;
    }

    private static int statusCode(String status) {
        if (status == null || status.length() < 3 || (status.length() > 3 && status.charAt(3) != ' ')) {
            throw new IllegalArgumentException("status must be a code and a reason, such as \"200 OK\": " + quote(status));
        }
        int code = 0;
        for (int i = 0; i < 3; i++) {
            char c = status.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("status must start with a three-digit code: " + quote(status));
            }
            code = code * 10 + (c - '0');
        }
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException("status code must be 200 to 599: " + quote(status));
        }
        for (int i = 4; i < status.length(); i++) {
            char c = status.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
                throw new IllegalArgumentException("control character or non-Latin-1 character in status");
            }
        }
        return code;
    }

    private static void checkName(String name) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty response header name");
        }
        for (int i = 0; i < name.length(); i++) {
            if (!Ascii.isTchar(name.charAt(i))) {
                throw new IllegalArgumentException("invalid character in response header name " + quote(name));
            }
        }
    }

    private static void checkValue(String name, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n') {
                throw new IllegalArgumentException("CR or LF in the value of response header " + name);
            }
            if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
                throw new IllegalArgumentException("control or non-ISO-8859-1 character in the value of response header " + name);
            }
        }
    }

    private static long contentLength(String value) {
        String v = value.strip();
        if (v.isEmpty() || v.length() > 18 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("invalid Content-Length in response: " + quote(value));
        }
        return Long.parseLong(v);
    }

    private static String quote(String s) {
        return s == null ? "null" : '"' + s.replaceAll("[\\p{Cntrl}]", "?") + '"';
    }
}
