package io.greenhouse.feedscraper;

import java.util.ArrayList;
import java.util.List;
import org.apache.hc.core5.http.ContentLengthStrategy;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpMessage;
import org.apache.hc.core5.http.ProtocolException;
import org.apache.hc.core5.http.impl.DefaultContentLengthStrategy;

/**
 * Where a feed server's response body ends, decided by HttpClient's own rules (RFC 9112 §6.3),
 * with the reason for refusing a response whose framing is invalid put in the server's terms,
 * from its header fields: the client's own exception is a bare {@code ClientProtocolException}
 * over a message in its own words.
 */
final class ResponseFraming implements ContentLengthStrategy {

    static final ResponseFraming INSTANCE = new ResponseFraming();

    /** A response whose body cannot be delimited; its message is a reason safe to show. */
    static final class InvalidFraming extends ProtocolException {
        InvalidFraming(String reason, HttpException cause) {
            super(reason, cause);
        }
    }

    private ResponseFraming() {
    }

    @Override
    public long determineLength(HttpMessage message) throws HttpException {
        try {
            return DefaultContentLengthStrategy.INSTANCE.determineLength(message);
        } catch (HttpException refused) {
            throw new InvalidFraming(reason(message), refused);
        }
    }

    private static String reason(HttpMessage message) {
        Header[] codings = message.getHeaders(HttpHeaders.TRANSFER_ENCODING);
        if (codings.length > 0) {
            return "unsupported Transfer-Encoding";  // anything but chunked, last
        }
        List<String> lengths = values(message.getHeaders(HttpHeaders.CONTENT_LENGTH));
        if (lengths.stream().distinct().count() > 1) {
            return "conflicting Content-Length";
        }
        if (lengths.size() > 1) {
            return "repeated Content-Length";
        }
        return lengths.size() == 1 && lengths.get(0).startsWith("-") ? "negative Content-Length" : "invalid Content-Length";
    }

    /** Every value of the fields, a list in one field (RFC 9110 §5.3) counted as its members. */
    private static List<String> values(Header[] fields) {
        List<String> values = new ArrayList<>();
        for (Header field : fields) {
            for (String value : field.getValue().split(",")) {
                values.add(value.strip());
            }
        }
        return values;
    }
}
