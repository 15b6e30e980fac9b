package io.greenhouse.server;

import java.util.function.Consumer;

/**
 * Collects the fields that frame a request (Host, Content-Length, Transfer-Encoding,
 * Connection, Expect) and decides, per RFC 9112 §6 and §3.2, where its body ends, refusing
 * every ambiguous combination.
 */
final class BodyFraming {

    private String host;
    private int hostCount;
    private String contentLength;
    private int contentTypeCount;
    private boolean transferEncodingSent;
    private boolean seenChunked;
    private boolean chunkedLast;
    private boolean chunkedTwice;
    private boolean unsupportedCoding;
    private boolean connectionClose;
    private boolean connectionKeepAlive;
    private boolean expectContinue;
    private boolean expectOther;

    void reset() {
        host = null;
        hostCount = 0;
        contentLength = null;
        contentTypeCount = 0;
        transferEncodingSent = false;
        seenChunked = chunkedLast = chunkedTwice = unsupportedCoding = false;
        connectionClose = connectionKeepAlive = expectContinue = expectOther = false;
    }

    void field(String key, String value) throws HttpError {
        switch (key) {
            case "HTTP_HOST" -> {
                hostCount++;
                host = value;
            }
            case "CONTENT_LENGTH" -> {
                if (contentLength != null && !contentLength.equals(value)) {
                    throw HttpError.badRequest("conflicting Content-Length headers");
                }
                contentLength = value;
            }
            case "CONTENT_TYPE" -> contentTypeCount++;
            case "HTTP_TRANSFER_ENCODING" -> transferEncoding(value);
            case "HTTP_CONNECTION" -> connection(value);
            case "HTTP_EXPECT" -> expect(value);
            default -> {
            }
        }
    }

    RequestHead finish(String method, String target, boolean http11, HeaderFields fields) throws HttpError {
        if (hostCount > 1) {
            throw HttpError.badRequest("more than one Host header");
        }
        if (hostCount == 0 && http11) {
            throw HttpError.badRequest("missing Host header");  // RFC 9112 §3.2
        }
        if (host != null && !Authority.isValid(host)) {
            throw HttpError.badRequest("invalid Host header");
        }
        if (contentTypeCount > 1) {
            throw HttpError.badRequest("more than one Content-Type header");
        }
        long bodyLength = bodyLength(http11);
        if (expectOther && http11) {
            // RFC 9110 §10.1.1: 100-continue is the only expectation defined; an HTTP/1.0
            // client's Expect is ignored, as it cannot know the field
            throw new HttpError(417, "unsupported expectation");
        }
        return new RequestHead(method, target, http11, fields, host, bodyLength,
                connectionClose, connectionKeepAlive, expectContinue && http11);
    }

    private long bodyLength(boolean http11) throws HttpError {
        if (transferEncodingSent) {
            if (!http11) {
                throw HttpError.badRequest("Transfer-Encoding is not allowed in HTTP/1.0");  // RFC 9112 §6.1
            }
            if (contentLength != null) {
                throw HttpError.badRequest("both Content-Length and Transfer-Encoding");  // RFC 9112 §6.3
            }
            if (!chunkedLast || chunkedTwice) {
                throw HttpError.badRequest("chunked must be the final transfer coding, once");
            }
            if (unsupportedCoding) {
                throw new HttpError(501, "transfer coding not supported");
            }
            return RequestHead.CHUNKED;
        }
        return contentLength == null ? 0 : parseContentLength(contentLength);
    }

    /** Any Transfer-Encoding field, even an empty one, means the body is not framed by Content-Length. */
    private void transferEncoding(String value) {
        transferEncodingSent = true;
        forEachElement(value, coding -> {
            if (coding.equalsIgnoreCase("identity")) {
                chunkedLast = false;  // a no-op from RFC 2616, but a body it ends is not chunked
            } else if (coding.equalsIgnoreCase("chunked")) {
                chunkedTwice |= seenChunked;
                seenChunked = true;
                chunkedLast = true;
            } else {
                chunkedLast = false;
                unsupportedCoding = true;
            }
        });
    }

    private void expect(String value) {
        forEachElement(value, expectation -> {
            if (expectation.equalsIgnoreCase("100-continue")) {
                expectContinue = true;
            } else {
                expectOther = true;
            }
        });
    }

    private void connection(String value) {
        forEachElement(value, option -> {
            connectionClose |= option.equalsIgnoreCase("close");
            connectionKeepAlive |= option.equalsIgnoreCase("keep-alive");
        });
    }

    /** The elements of a comma-separated field value (RFC 9110 §5.6.1), stripped; empty ones skipped. */
    private static void forEachElement(String value, Consumer<String> action) {
        int from = 0;
        while (from <= value.length()) {
            int comma = value.indexOf(',', from);
            int to = comma < 0 ? value.length() : comma;
            String element = value.substring(from, to).strip();
            from = to + 1;
            if (!element.isEmpty()) {
                action.accept(element);
            }
        }
    }

    private static long parseContentLength(String value) throws HttpError {
        int from = 0;
        while (from < value.length() - 1 && value.charAt(from) == '0') {
            from++;  // 1*DIGIT (RFC 9110 §8.6): leading zeros say nothing, and do not count to the limit
        }
        if (value.isEmpty() || value.length() - from > 18) {
            throw HttpError.badRequest("invalid Content-Length");
        }
        long length = 0;
        for (int i = from; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                throw HttpError.badRequest("invalid Content-Length");
            }
            length = length * 10 + (c - '0');
        }
        return length;
    }
}
