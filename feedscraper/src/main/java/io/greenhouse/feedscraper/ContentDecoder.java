package io.greenhouse.feedscraper;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * Undoes a response's {@code Content-Encoding} (gzip, deflate or none), never producing more
 * than a limit: what a small gzip bomb decompresses to is cut off like a large feed. What it
 * produces is read under the same budget as the body it came from.
 */
final class ContentDecoder {

    private ContentDecoder() {
    }

    /**
     * The decoded body, or its first {@code limit} bytes (cut off).
     *
     * @throws FeedFailure FETCH_FAILED for a bad or unknown coding, BUSY or TIMEOUT when the
     *     budget has no room for the result
     */
    static BodyReader.Read decode(byte[] body, String contentEncoding, int limit, BodyReader reader)
            throws FeedFailure, InterruptedException {
        String coding = normalized(contentEncoding);
        try {
            return switch (coding) {
                case "", "identity" -> new BodyReader.Read(body, false);
                case "gzip", "x-gzip" -> readCapped(new GZIPInputStream(new ByteArrayInputStream(body)), limit, reader);
                case "deflate" -> inflate(body, limit, reader);
                default -> throw new FeedFailure(FeedStatus.FETCH_FAILED, "unsupported Content-Encoding: " + coding);
            };
        } catch (EOFException e) {
            throw new FeedFailure(FeedStatus.FETCH_FAILED, coding + " body ends early (truncated)");
        } catch (IOException e) {
            String why = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            throw new FeedFailure(FeedStatus.FETCH_FAILED, "cannot decode " + coding + " body: " + TitleFlattener.flatten(why));
        }
    }

    /** Whether {@code contentEncoding} names a coding to undo (anything but none or identity). */
    static boolean isCompressed(String contentEncoding) {
        String coding = normalized(contentEncoding);
        return !coding.isEmpty() && !coding.equals("identity");
    }

    private static String normalized(String contentEncoding) {
        return contentEncoding == null ? "identity" : contentEncoding.trim().toLowerCase(Locale.ROOT);
    }

    // "deflate" should be zlib-wrapped (RFC 9110 8.4.1.2), but some servers send raw deflate.
    private static BodyReader.Read inflate(byte[] body, int limit, BodyReader reader)
            throws IOException, FeedFailure, InterruptedException {
        try {
            return inflate(body, limit, false, reader);
        } catch (java.util.zip.ZipException notZlib) {
            return inflate(body, limit, true, reader);
        }
    }

    private static BodyReader.Read inflate(byte[] body, int limit, boolean raw, BodyReader reader)
            throws IOException, FeedFailure, InterruptedException {
        Inflater inflater = new Inflater(raw);
        try {
            return readCapped(new InflaterInputStream(new ByteArrayInputStream(body), inflater), limit, reader);
        } finally {
            inflater.end();
        }
    }

    private static BodyReader.Read readCapped(InputStream in, int limit, BodyReader reader)
            throws IOException, FeedFailure, InterruptedException {
        try (in) {
            return reader.readAtMost(in, -1, limit);
        }
    }
}
