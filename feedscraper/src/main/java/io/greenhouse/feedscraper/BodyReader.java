package io.greenhouse.feedscraper;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads a body into memory, never more than a limit, holding every byte of its buffer in a
 * {@link BodyBudget.Allowance} before allocating it: a body of known length in one buffer of that
 * size; one of unknown length in a buffer that starts small and doubles, and is copied to its
 * size at the end. The budget counts the buffer a body lives in, not the old one while it is
 * copied to a new: a copy runs on a carrier thread without waiting, so at any moment there are
 * at most as many such copies as cores.
 */
final class BodyReader {

    /**
     * The first buffer for a body of unknown length: small, since a thousand fetches may each
     * have one (the JDK's readNBytes, used before, also read in 16 KiB pieces).
     */
    static final int FIRST_PIECE = 16 * 1024;

    private final BodyBudget.Allowance allowance;
    private final long deadline;

    /** @param deadline until when a read may wait for the budget ({@link System#nanoTime}) */
    BodyReader(BodyBudget.Allowance allowance, long deadline) {
        this.allowance = allowance;
        this.deadline = deadline;
    }

    /**
     * What {@link #readAtMost} read: the body, or its first {@code limit} bytes when
     * {@code cutOff}.
     */
    record Read(byte[] bytes, boolean cutOff) {
    }

    /**
     * All of {@code in}, which should hold {@code length} bytes (-1: unknown).
     *
     * @param tooLarge the reason given when there are more than {@code limit} bytes
     * @throws FeedFailure TOO_LARGE past the limit; BUSY or TIMEOUT when the budget has no room
     */
    byte[] read(InputStream in, long length, int limit, String tooLarge)
            throws IOException, FeedFailure, InterruptedException {
        if (length > limit) {
            throw new FeedFailure(FeedStatus.TOO_LARGE, tooLarge, 200);
        }
        Read read = readAtMost(in, length, limit);
        if (read.cutOff()) {
            throw new FeedFailure(FeedStatus.TOO_LARGE, tooLarge, 200);
        }
        return read.bytes();
    }

    /**
     * All of {@code in}, which should hold {@code length} bytes (-1: unknown), or its first
     * {@code limit} bytes when it has more; the rest is left unread.
     *
     * @throws FeedFailure BUSY or TIMEOUT when the budget has no room
     */
    Read readAtMost(InputStream in, long length, int limit) throws IOException, FeedFailure, InterruptedException {
        byte[] buffer = buffer(length >= 0 ? (int) Math.min(length, limit) : Math.min(FIRST_PIECE, limit));
        int filled = 0;
        while (true) {
            int n = in.read(buffer, filled, buffer.length - filled);
            if (n < 0) {
                return new Read(fitted(buffer, filled), false);
            }
            filled += n;
            if (filled == buffer.length) {
                if (filled == limit || length >= 0) {
                    // past the limit, or past the length declared: a byte more is one too many
                    return new Read(buffer, in.read() != -1);
                }
                buffer = grown(buffer, (int) Math.min(2L * buffer.length, limit));
            }
        }
    }

    /** Gives back what {@code bytes}, a buffer this reader returned, holds of the budget: it is done with. */
    void release(byte[] bytes) {
        allowance.give(bytes.length);
    }

    private byte[] buffer(int size) throws FeedFailure, InterruptedException {
        allowance.take(size, deadline);
        return new byte[size];
    }

    /** A copy of {@code buffer} in a larger one. */
    private byte[] grown(byte[] buffer, int size) throws FeedFailure, InterruptedException {
        allowance.take(size - buffer.length, deadline);
        return Arrays.copyOf(buffer, size);
    }

    /** The first {@code filled} bytes, in a buffer of their size. */
    private byte[] fitted(byte[] buffer, int filled) {
        if (filled == buffer.length) {
            return buffer;
        }
        byte[] exact = Arrays.copyOf(buffer, filled);
        allowance.give(buffer.length - filled);
        return exact;
    }
}
