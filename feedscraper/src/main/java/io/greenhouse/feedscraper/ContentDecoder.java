package io.greenhouse.feedscraper;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * Undoes a response's {@code Content-Encoding} (gzip, deflate or none), never producing more
 * than a limit: a small gzip bomb is cut off like a large feed.
 */
final class ContentDecoder {

    private ContentDecoder() {
    }

    /** @throws FeedFailure TOO_LARGE past the limit, FETCH_FAILED for a bad or unknown coding */
    static byte[] decode(byte[] body, String contentEncoding, int limit) throws FeedFailure {
        String coding = contentEncoding == null ? "identity" : contentEncoding.trim().toLowerCase(Locale.ROOT);
        try {
            return switch (coding) {
                case "", "identity" -> body;
                case "gzip", "x-gzip" -> readCapped(new GZIPInputStream(new ByteArrayInputStream(body)), limit);
                case "deflate" -> inflate(body, limit);
                default -> throw new FeedFailure(FeedStatus.FETCH_FAILED, "unsupported Content-Encoding: " + coding);
            };
        } catch (IOException e) {
            throw new FeedFailure(FeedStatus.FETCH_FAILED, "cannot decode " + coding + " body: " + e.getMessage());
        }
    }

    // "deflate" should be zlib-wrapped (RFC 9110 8.4.1.2), but some servers send raw deflate.
    private static byte[] inflate(byte[] body, int limit) throws IOException, FeedFailure {
        try {
            return inflate(body, limit, false);
        } catch (java.util.zip.ZipException notZlib) {
            return inflate(body, limit, true);
        }
    }

    private static byte[] inflate(byte[] body, int limit, boolean raw) throws IOException, FeedFailure {
        Inflater inflater = new Inflater(raw);
        try {
            return readCapped(new InflaterInputStream(new ByteArrayInputStream(body), inflater), limit);
        } finally {
            inflater.end();
        }
    }

    private static byte[] readCapped(InputStream in, int limit) throws IOException, FeedFailure {
        try (in) {
            byte[] out = in.readNBytes(limit);
            if (out.length == limit && in.read() != -1) {
                throw new FeedFailure(FeedStatus.TOO_LARGE, "feed is larger than " + limit + " bytes once decompressed");
            }
            return out;
        }
    }
}
