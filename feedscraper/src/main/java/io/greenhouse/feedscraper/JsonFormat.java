package io.greenhouse.feedscraper;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A JSON array with one object per URL, in order, written element by element, each on a line of
 * its own that ends as it is sent (its comma included), so line readers get it at once.
 */
final class JsonFormat implements ResultFormat {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One element of the array, with the field names clients see. */
    record Element(
            @JsonProperty("url") String url,
            @JsonProperty("title") String title,
            @JsonProperty("status") String status,
            @JsonProperty("error") String error,
            @JsonProperty("http_status") int httpStatus,
            @JsonProperty("elapsed_ms") long elapsedMs,
            @JsonProperty("entries") int entries) {

        static Element of(FeedResult r) {
            return new Element(r.url(), r.title(), r.status().label(), r.error(), r.httpStatus(), r.elapsedMs(), r.entries());
        }
    }

    @Override
    public String contentType() {
        return "application/json";
    }

    @Override
    public byte[] element(FeedResult result, int index, int count) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        if (index == 0) {
            out.writeBytes("[\n".getBytes(StandardCharsets.US_ASCII));
        }
        try {
            out.writeBytes(JSON.writeValueAsBytes(Element.of(result)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a result record always serializes", e);
        }
        out.writeBytes((index < count - 1 ? ",\n" : "\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    @Override
    public byte[] end(int count) {
        return (count == 0 ? "[]\n" : "]\n").getBytes(StandardCharsets.US_ASCII);
    }
}
