package io.greenhouse.server;

import java.io.IOException;
import java.io.InputStream;

/**
 * A chunked request body (RFC 9112 §7.1), de-chunked: chunk extensions are checked and
 * ignored, trailer fields are checked and dropped. Every framing error is a 400, since a body
 * whose end is in doubt could smuggle the next request.
 */
final class ChunkedBody extends InputStream {

    private static final int MAX_SIZE_HEX_DIGITS = 15;

    private final InputBuffer in;
    private final int timeoutMillis;
    private final long maxBodyBytes;
    private final int maxTrailerFieldBytes;
    private final int maxHeaderBytes;
    private final int maxTrailerFields;
    private long chunkRemaining;
    private long total;
    private boolean ended;
    private boolean inChunk;
    /** Bytes of size lines that carry no size (leading zeros, extensions), over the whole body. */
    private int sizeLinePadding;
    private int trailerLineBytes;
    private int trailerSectionBytes;

    ChunkedBody(InputBuffer in, Settings settings) {
        this.in = in;
        this.timeoutMillis = (int) settings.bodyReadTimeout().toMillis();
        this.maxBodyBytes = settings.maxBodyBytes();
        this.maxTrailerFieldBytes = settings.maxHeaderFieldBytes();
        this.maxHeaderBytes = settings.maxHeaderBytes();
        this.maxTrailerFields = settings.maxHeaderCount();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] dst, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!inChunk && !nextChunk()) {
            return -1;
        }
        int n = in.read(dst, off, (int) Math.min(len, chunkRemaining), timeoutMillis);
        if (n < 0) {
            throw HttpError.badRequest("chunked body ended early");
        }
        chunkRemaining -= n;
        if (chunkRemaining == 0) {
            expectCrlf("chunk data longer than its size");
            inChunk = false;
        }
        return n;
    }

    @Override
    public int available() {
        return inChunk ? (int) Math.min(chunkRemaining, in.buffered()) : 0;
    }

    boolean atEnd() {
        return ended;
    }

    /** Reads the next chunk-size line; false after the last chunk and its trailers. */
    private boolean nextChunk() throws IOException {
        if (ended) {
            return false;
        }
        long size = chunkSize();
        if (size == 0) {
            trailers();
            ended = true;
            return false;
        }
        total += size;
        if (total > maxBodyBytes) {
            throw new HttpError(413, "request body too large");
        }
        chunkRemaining = size;
        inChunk = true;
        return true;
    }

    private long chunkSize() throws IOException {
        long size = 0;
        int digits = 0;
        int significant = 0;
        int b;
        while ((b = next()) != -1 && Ascii.hexValue(b) >= 0) {
            digits++;
            if (size != 0 || b != '0') {
                significant++;
            } else {
                countPadding();
            }
            size = size * 16 + Ascii.hexValue(b);
        }
        if (digits == 0 || significant > MAX_SIZE_HEX_DIGITS) {
            throw HttpError.badRequest("invalid chunk size");
        }
        while (b == ' ' || b == '\t') {
            b = next();  // BWS before an extension
            if (b != ' ' && b != '\t' && b != ';') {
                throw HttpError.badRequest("invalid chunk size");
            }
        }
        if (b == ';') {
            b = skipExtensions();
        }
        if (b != '\r' || next() != '\n') {
            throw HttpError.badRequest("invalid chunk size line");
        }
        return size;
    }

    /**
     * Skips the chunk extensions after the first ';', checking their syntax (RFC 9112 §7.1.1):
     * {@code *( BWS ";" BWS ext-name [ BWS "=" BWS ext-val ] )}, a name being a token and a value
     * a token or a quoted-string. Returns the CR ending the line.
     */
    private int skipExtensions() throws IOException {
        while (true) {
            int b = afterWhitespace(nextInExtension());
            if (!Ascii.isTchar(b)) {
                throw HttpError.badRequest("invalid chunk extension name");
            }
            b = afterWhitespace(afterToken(b));
            if (b == '=') {
                b = afterWhitespace(nextInExtension());
                if (b == '"') {
                    b = afterQuotedString();
                } else if (Ascii.isTchar(b)) {
                    b = afterToken(b);
                } else {
                    throw HttpError.badRequest("invalid chunk extension value");
                }
                b = afterWhitespace(b);
            }
            if (b == '\r') {
                return b;
            }
            if (b != ';') {
                throw HttpError.badRequest("invalid chunk extension");
            }
        }
    }

    private int afterToken(int b) throws IOException {
        while (Ascii.isTchar(b)) {
            b = nextInExtension();
        }
        return b;
    }

    private int afterWhitespace(int b) throws IOException {
        while (b == ' ' || b == '\t') {
            b = nextInExtension();
        }
        return b;
    }

    /** From just after the opening quote to the byte after the closing one (RFC 9110 §5.6.4). */
    private int afterQuotedString() throws IOException {
        int b;
        while ((b = nextInExtension()) != '"') {
            if (b == '\\') {
                b = nextInExtension();
            }
            if (!Ascii.isFieldValueChar((byte) b)) {  // HTAB, SP, VCHAR, obs-text
                throw HttpError.badRequest("invalid quoted string in chunk extension");
            }
        }
        return nextInExtension();
    }

    /** The next byte of an extension. */
    private int nextInExtension() throws IOException {
        countPadding();
        return next();
    }

    /**
     * Counts a size-line byte that carries no size toward one bound for the whole body, the
     * head's ({@code server.max-header-bytes}): neither the body limit nor the drain's counts
     * them, and without it a body could be megabytes of extensions around a few bytes of data.
     */
    private void countPadding() throws HttpError {
        if (++sizeLinePadding > maxHeaderBytes) {
            throw HttpError.badRequest("chunk extensions or leading zeros too long");
        }
    }

    /**
     * Reads and drops the trailer section (RFC 9112 §7.1.2), bounded as the head's fields are:
     * each field line by {@code server.max-header-field-bytes}, all of them together by
     * {@code server.max-header-bytes}, their number by {@code server.max-header-count}.
     */
    private void trailers() throws IOException {
        int fields = 0;
        StringBuilder name = new StringBuilder();
        while (true) {
            trailerLineBytes = 0;
            int b = nextInTrailers();
            if (b == '\r') {
                if (next() != '\n') {
                    throw HttpError.badRequest("invalid trailer section");
                }
                return;
            }
            if (++fields > maxTrailerFields) {
                throw new HttpError(431, "too many trailer fields");
            }
            name.setLength(0);
            while (Ascii.isTchar(b)) {
                name.append((char) b);
                b = nextInTrailers();
            }
            if (name.isEmpty() || b != ':') {
                throw HttpError.badRequest("invalid trailer field name");
            }
            if (TrailerFields.isForbidden(name)) {
                throw HttpError.badRequest("field not allowed in trailers: " + name);
            }
            while ((b = nextInTrailers()) != '\r') {
                if (!Ascii.isFieldValueChar((byte) b)) {
                    throw HttpError.badRequest("invalid trailer field value");
                }
            }
            if (next() != '\n') {
                throw HttpError.badRequest("invalid trailer field");
            }
        }
    }

    /** The next byte of the trailer section, counted toward its field's bound and the section's. */
    private int nextInTrailers() throws IOException {
        if (++trailerLineBytes > maxTrailerFieldBytes) {
            throw new HttpError(431, "trailer field too large");
        }
        if (++trailerSectionBytes > maxHeaderBytes) {
            throw new HttpError(431, "trailer fields too large");
        }
        return next();
    }

    private void expectCrlf(String reason) throws IOException {
        if (next() != '\r' || next() != '\n') {
            throw HttpError.badRequest(reason);
        }
    }

    private int next() throws IOException {
        int b = in.read(timeoutMillis);
        if (b < 0) {
            throw HttpError.badRequest("chunked body ended early");
        }
        return b;
    }
}
