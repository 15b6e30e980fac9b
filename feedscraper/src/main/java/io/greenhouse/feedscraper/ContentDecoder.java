package io.greenhouse.feedscraper;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

/**
 * Undoes a response's {@code Content-Encoding}: each coding it lists (gzip, x-gzip, deflate),
 * the last applied first (RFC 9110 §8.4), no layer ever producing more than a limit: what a
 * small gzip bomb decompresses to is cut off like a large feed, at whichever layer it goes off.
 * Every layer is read under the same budget as the body it came from.
 */
final class ContentDecoder {

    /**
     * One coding is usual and two happen (a .gz file served gzipped); a longer list is work for
     * nothing, or for harm.
     */
    static final int MAX_CODINGS = 5;

    private ContentDecoder() {
    }

    /**
     * The decoded body, or its first {@code limit} bytes (cut off). The layers between
     * {@code body} and the result go back to the budget once undone; {@code body} is the caller's.
     *
     * @param contentEncoding the field's value, every field line of it joined with commas; null when absent
     * @throws FeedFailure FETCH_FAILED for a bad or unknown coding, or too many; TOO_LARGE when a
     *     layer still compressed was cut off (it cannot be undone in part); BUSY or TIMEOUT when
     *     the budget has no room for a layer
     */
    static BodyReader.Read decode(BodyReader.Read body, String contentEncoding, int limit, BodyReader reader)
            throws FeedFailure, InterruptedException {
        List<String> codings = codings(contentEncoding);
        BodyReader.Read layer = body;
        for (int i = codings.size() - 1; i >= 0; i--) {
            if (layer.cutOff()) {
                throw new FeedFailure(FeedStatus.TOO_LARGE, "feed is larger than " + limit + " bytes compressed", 200);
            }
            BodyReader.Read undone = undo(layer.bytes(), codings.get(i), limit, reader);
            if (layer != body) {
                reader.release(layer.bytes());
            }
            layer = undone;
        }
        return layer;
    }

    /**
     * The codings {@code contentEncoding} lists, in the order applied, each one we can undo;
     * {@code identity} and empty list elements are left out.
     *
     * @throws FeedFailure FETCH_FAILED for a coding we cannot undo, or more than {@link #MAX_CODINGS}
     */
    static List<String> codings(String contentEncoding) throws FeedFailure {
        List<String> codings = new ArrayList<>();
        if (contentEncoding == null) {
            return codings;
        }
        for (String element : contentEncoding.split(",")) {
            String coding = element.trim().toLowerCase(Locale.ROOT);
            switch (coding) {
                case "", "identity" -> { }
                case "gzip", "x-gzip", "deflate" -> codings.add(coding);
                default -> throw new FeedFailure(FeedStatus.FETCH_FAILED, "unsupported Content-Encoding: " + TitleFlattener.flatten(coding));
            }
        }
        if (codings.size() > MAX_CODINGS) {
            throw new FeedFailure(FeedStatus.FETCH_FAILED, "more than " + MAX_CODINGS + " content codings");
        }
        return codings;
    }

    private static BodyReader.Read undo(byte[] bytes, String coding, int limit, BodyReader reader)
            throws FeedFailure, InterruptedException {
        try {
            return coding.equals("deflate")
                    ? inflate(bytes, limit, reader)
                    : readCapped(new GZIPInputStream(new ByteArrayInputStream(bytes)), limit, reader);
        } catch (EOFException e) {
            throw new FeedFailure(FeedStatus.FETCH_FAILED, coding + " body ends early (truncated)");
        } catch (IOException e) {
            String why = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            throw new FeedFailure(FeedStatus.FETCH_FAILED, "cannot decode " + coding + " body: " + TitleFlattener.flatten(why));
        }
    }

    // "deflate" should be zlib-wrapped (RFC 9110 8.4.1.2), but some servers send raw deflate.
    private static BodyReader.Read inflate(byte[] bytes, int limit, BodyReader reader)
            throws IOException, FeedFailure, InterruptedException {
        try {
            return inflate(bytes, limit, false, reader);
        } catch (ZipException notZlib) {
            return inflate(bytes, limit, true, reader);
        }
    }

    private static BodyReader.Read inflate(byte[] bytes, int limit, boolean raw, BodyReader reader)
            throws IOException, FeedFailure, InterruptedException {
        Inflater inflater = new Inflater(raw);
        try {
            return readCapped(new InflaterInputStream(new ByteArrayInputStream(bytes), inflater), limit, reader);
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
