package io.greenhouse.feedscraper;

import java.io.FilterReader;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.Reader;
import java.io.StringReader;

/**
 * When a feed's parse must be done: the feed's own deadline (feedscraper.feed-timeout from when
 * it had its pool slot), so that a document that is slow to parse ends as {@code timeout} about
 * when its time is up, not whenever the parse is done.
 *
 * <p>Neither ROME nor the XML parsers under it look at the clock or at interrupts. So the parse
 * checks the deadline between its steps, and reads its text through {@link #reader}, which fails
 * once the deadline has passed: the SAX parser, the StAX reader and ROME's entity healer read
 * their input a buffer at a time, and give up at the next buffer. What runs between two checks
 * over text already read cannot be stopped: ROME building its feed from a parsed document, and
 * the title recovery's passes over the text.
 */
final class ParseDeadline {

    /** No deadline: the parse runs to its end (tests, and tools that parse one feed). */
    static final ParseDeadline NONE = new ParseDeadline(0, false);

    /** Characters a {@link #reader} hands out between two looks at the clock. */
    static final int CHARS_BETWEEN_CHECKS = 8192;

    private final long deadline;
    private final boolean limited;

    private ParseDeadline(long deadline, boolean limited) {
        this.deadline = deadline;
        this.limited = limited;
    }

    /** A deadline at {@code deadline}, a {@link System#nanoTime} value. */
    static ParseDeadline at(long deadline) {
        return new ParseDeadline(deadline, true);
    }

    /** Nanoseconds left, at most {@code Long.MAX_VALUE} when there is no deadline; 0 or less once passed. */
    long remainingNanos() {
        return limited ? deadline - System.nanoTime() : Long.MAX_VALUE;
    }

    boolean passed() {
        return remainingNanos() <= 0;
    }

    /** @throws FeedFailure TIMEOUT once the deadline has passed */
    void check() throws FeedFailure {
        if (passed()) {
            throw timeout();
        }
    }

    FeedFailure timeout() {
        return new FeedFailure(FeedStatus.TIMEOUT, "the feed was not parsed within the feed timeout");
    }

    /** A reader of {@code text} that fails with an {@link InterruptedIOException} once the deadline has passed. */
    Reader reader(String text) {
        return limited ? new Checked(new StringReader(text)) : new StringReader(text);
    }

    /** Looks at the clock every {@link #CHARS_BETWEEN_CHECKS} characters: some readers ask for one at a time. */
    private final class Checked extends FilterReader {

        private int sinceCheck;

        Checked(Reader in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            counted(1);
            return super.read();
        }

        @Override
        public int read(char[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            counted(n);
            return n;
        }

        private void counted(int chars) throws InterruptedIOException {
            sinceCheck += Math.max(chars, 0);
            if (sinceCheck >= CHARS_BETWEEN_CHECKS) {
                sinceCheck = 0;
                if (passed()) {
                    throw new InterruptedIOException("the feed timeout passed while its document was parsed");
                }
            }
        }
    }
}
