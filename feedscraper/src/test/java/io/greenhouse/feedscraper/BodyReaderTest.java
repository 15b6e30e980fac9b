package io.greenhouse.feedscraper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Reading a feed body under the budget: what it holds while reading and after. */
class BodyReaderTest {

    private static final long NO_DEADLINE = Long.MAX_VALUE / 2;

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    /** A stream that hands out at most {@code step} bytes per read, as a socket does. */
    private static InputStream trickle(byte[] data, int step) {
        return new ByteArrayInputStream(data) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, step));
            }
        };
    }

    @Test
    void aBodyOfKnownLengthHoldsExactlyItsLength() throws Exception {
        BodyBudget budget = new BodyBudget(1 << 20);
        BodyBudget.Allowance held = budget.allowance();
        byte[] data = bytes(100_000);
        byte[] body = new BodyReader(held, NO_DEADLINE).read(trickle(data, 1000), data.length, 200_000, "too large");
        assertArrayEquals(data, body);
        assertEquals(100_000, budget.held());
        held.close();
        assertEquals(0, budget.held());
    }

    @Test
    void aBodyOfUnknownLengthEndsHoldingItsOwnSize() throws Exception {
        BodyBudget budget = new BodyBudget(1 << 20);
        for (int size : new int[] {0, 1, BodyReader.FIRST_PIECE - 1, BodyReader.FIRST_PIECE, BodyReader.FIRST_PIECE + 1, 300_000}) {
            BodyBudget.Allowance held = budget.allowance();
            byte[] data = bytes(size);
            byte[] body = new BodyReader(held, NO_DEADLINE).read(trickle(data, 7000), -1, 300_000, "too large");
            assertArrayEquals(data, body, "size " + size);
            assertEquals(size, budget.held(), "held after reading " + size + " bytes");
            held.close();
        }
    }

    @Test
    void readAtMostGivesTheFirstLimitBytesAndSaysTheRestWasLeft() throws Exception {
        BodyBudget budget = new BodyBudget(1 << 20);
        byte[] data = bytes(100_001);
        for (long declared : new long[] {-1, data.length}) {
            java.io.InputStream in = trickle(data, 4096);
            BodyReader.Read read = new BodyReader(budget.allowance(), NO_DEADLINE).readAtMost(in, declared, 100_000);
            assertTrue(read.cutOff());
            assertArrayEquals(Arrays.copyOf(data, 100_000), read.bytes());
        }
        BodyReader.Read whole = new BodyReader(budget.allowance(), NO_DEADLINE).readAtMost(trickle(data, 4096), -1, data.length);
        assertFalse(whole.cutOff());
        assertArrayEquals(data, whole.bytes());
    }

    @Test
    void aBodyLongerThanTheLimitIsTooLarge() throws Exception {
        BodyBudget budget = new BodyBudget(1 << 20);
        byte[] data = bytes(100_001);
        FeedFailure unknown = assertThrows(FeedFailure.class,
                () -> new BodyReader(budget.allowance(), NO_DEADLINE).read(trickle(data, 4096), -1, 100_000, "over 100000"));
        assertEquals(FeedStatus.TOO_LARGE, unknown.status());
        assertEquals("over 100000", unknown.getMessage());
        FeedFailure declared = assertThrows(FeedFailure.class,
                () -> new BodyReader(budget.allowance(), NO_DEADLINE).read(trickle(data, 4096), data.length, 100_000, "over"));
        assertEquals(FeedStatus.TOO_LARGE, declared.status(), "a Content-Length over the limit is refused before reading");
    }

    @Test
    void aBodyLongerThanItsDeclaredLengthIsRefused() {
        BodyBudget budget = new BodyBudget(1 << 20);
        byte[] data = bytes(1001);
        FeedFailure failure = assertThrows(FeedFailure.class,
                () -> new BodyReader(budget.allowance(), NO_DEADLINE).read(new ByteArrayInputStream(data), 1000, 100_000, "over"));
        assertEquals(FeedStatus.TOO_LARGE, failure.status());
    }

    @Test
    void aBodyShorterThanItsDeclaredLengthIsWhatCame() throws Exception {
        BodyBudget budget = new BodyBudget(1 << 20);
        BodyBudget.Allowance held = budget.allowance();
        byte[] data = bytes(500);
        byte[] body = new BodyReader(held, NO_DEADLINE).read(new ByteArrayInputStream(data), 1000, 100_000, "over");
        assertArrayEquals(data, body);
        assertEquals(500, budget.held());
    }

    @Test
    void aBodyThatOutgrowsTheRoomLeftIsBusy() {
        BodyBudget budget = new BodyBudget(200_000);
        byte[] data = bytes(150_000);
        BodyBudget.Allowance held = budget.allowance();
        // growing from 128 KiB to 256 KiB needs 128 KiB more: more than the budget has left
        FeedFailure failure = assertThrows(FeedFailure.class,
                () -> new BodyReader(held, NO_DEADLINE).read(trickle(data, 8192), -1, 1 << 20, "over"));
        assertEquals(FeedStatus.BUSY, failure.status());
        held.close();
        assertEquals(0, budget.held());
    }

    @Test
    void decodingHoldsTheDecodedBytesToo() throws Exception {
        BodyBudget budget = new BodyBudget(1 << 20);
        BodyBudget.Allowance held = budget.allowance();
        byte[] data = new byte[200_000];
        Arrays.fill(data, (byte) 'a');
        byte[] gz = gzip(data);
        BodyReader reader = new BodyReader(held, NO_DEADLINE);
        byte[] compressed = reader.read(new ByteArrayInputStream(gz), gz.length, 1 << 20, "over");
        byte[] decoded = ContentDecoder.decode(new BodyReader.Read(compressed, false), "gzip", 1 << 20, reader).bytes();
        assertArrayEquals(data, decoded);
        assertEquals(compressed.length + decoded.length, budget.held());
    }

    @Test
    void decodingStackedCodingsHoldsNoLayerBetween() throws Exception {
        BodyBudget budget = new BodyBudget(1 << 20);
        BodyBudget.Allowance held = budget.allowance();
        byte[] data = bytes(100_000);  // incompressible: the layer between is as large as the result
        byte[] gz = gzip(gzip(data));
        BodyReader reader = new BodyReader(held, NO_DEADLINE);
        byte[] compressed = reader.read(new ByteArrayInputStream(gz), gz.length, 1 << 20, "over");
        byte[] decoded = ContentDecoder.decode(new BodyReader.Read(compressed, false), "gzip, gzip", 1 << 20, reader).bytes();
        assertArrayEquals(data, decoded);
        assertEquals(compressed.length + decoded.length, budget.held());
    }

    private static byte[] gzip(byte[] data) throws java.io.IOException {
        java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(gz)) {
            out.write(data);
        }
        return gz.toByteArray();
    }
}
