package io.greenhouse.server;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;

/**
 * Reads one request head off the connection: waits for its bytes until the head deadline,
 * enforces the size limits while they arrive (so an endless line is refused early, not
 * buffered), then hands the complete head to the {@link RequestHeadParser}.
 */
final class RequestHeadReader {

    private final int maxRequestLine;
    private final int maxFieldLine;
    private final int maxFieldCount;
    private final int maxFieldBytes;
    private final int maxHeadBytes;
    private final RequestHeadParser parser = new RequestHeadParser();

    RequestHeadReader(Settings settings) {
        this.maxRequestLine = settings.maxRequestLineBytes();
        this.maxFieldLine = settings.maxHeaderFieldBytes();
        this.maxFieldCount = settings.maxHeaderCount();
        this.maxFieldBytes = settings.maxHeaderBytes();
        this.maxHeadBytes = maxRequestLine + maxFieldBytes + 4;
    }

    /**
     * Reads the next head; the connection has at least one byte buffered.
     *
     * @param deadlineNanos when the whole head must have arrived, on {@link System#nanoTime}
     * @throws HttpError when the head is malformed or too large
     * @throws SocketTimeoutException when the deadline passes first
     * @throws EOFException when the client closes in the middle of the head
     */
    RequestHead read(InputBuffer in, long deadlineNanos) throws IOException {
        skipEmptyLines(in, deadlineNanos);
        int scan = 0;
        int lineStart = 0;
        int fieldsStart = -1;
        int fieldCount = 0;
        int checkedTo = -1;  // where the lines not yet checked begin; -1 while the request line is not
        while (true) {
            byte[] b = in.bytes();
            int base = in.start();
            int available = in.buffered();
            for (; (scan = Ascii.indexOfLineFeed(b, base + scan, base + available) - base) < available; scan++) {
                if (scan == lineStart || b[base + scan - 1] != '\r') {
                    throw HttpError.badRequest("line not terminated by CRLF");
                }
                int length = scan - 1 - lineStart;
                if (length > 0 && b[base + scan - 2] == '\r') {
                    // RFC 9112 §2.2: refused here, not when the head ends, since "\r\r\n" may be
                    // the client's idea of the empty line that ends it
                    throw HttpError.badRequest("bare CR in the request head");
                }
                if (fieldsStart < 0) {
                    checkRequestLine(length);
                    fieldsStart = scan + 1;
                } else if (length == 0) {
                    int headEnd = base + scan + 1;
                    RequestHead head = parser.parse(b, base, headEnd);
                    in.consumeTo(headEnd);
                    return head;
                } else {
                    checkField(length, ++fieldCount, scan + 1 - fieldsStart);
                }
                lineStart = scan + 1;
            }
            checkPartialLine(fieldsStart, scan - lineStart, fieldsStart < 0 ? 0 : scan - fieldsStart);
            if (fieldsStart < 0) {
                parser.checkUnfinishedRequestLine(b, base + lineStart, base + scan);
            } else {
                checkLinesSoFar(b, base, checkedTo, fieldsStart, lineStart);
                checkedTo = lineStart;
                parser.checkUnfinishedFieldLine(b, base + lineStart, base + scan);
            }
            fill(in, deadlineNanos);
        }
    }

    /**
     * Checks the lines that have ended before the reader waits for more: a bad one is refused
     * now, not when the head ends or its timeout passes. A head that came whole is parsed once.
     */
    private void checkLinesSoFar(byte[] b, int base, int checkedTo, int fieldsStart, int to) throws HttpError {
        if (checkedTo < 0) {
            parser.checkRequestLine(b, base);
        }
        for (int at = base + Math.max(checkedTo, fieldsStart); at < base + to; ) {
            at = parser.checkFieldLine(b, at);
        }
    }

    /** RFC 9112 §2.2: a server SHOULD ignore empty lines received before the request line. */
    private void skipEmptyLines(InputBuffer in, long deadlineNanos) throws IOException {
        int skipped = 0;
        while (true) {
            if (in.buffered() < 2) {
                if (in.buffered() == 1 && in.bytes()[in.start()] != '\r') {
                    return;
                }
                fill(in, deadlineNanos);
                continue;
            }
            byte[] b = in.bytes();
            int at = in.start();
            if (b[at] == '\r' && b[at + 1] == '\n') {
                in.consumeTo(at + 2);
                if ((skipped += 2) > maxRequestLine) {
                    throw HttpError.badRequest("too many empty lines before the request");
                }
                if (!in.hasBuffered()) {
                    fill(in, deadlineNanos);
                }
                continue;
            }
            return;
        }
    }

    private void checkRequestLine(int length) throws HttpError {
        if (length > maxRequestLine) {
            throw new HttpError(414, "request line too long");
        }
    }

    private void checkField(int length, int count, int fieldBytes) throws HttpError {
        if (length > maxFieldLine) {
            throw new HttpError(431, "header field too large");
        }
        if (count > maxFieldCount) {
            throw new HttpError(431, "too many header fields");
        }
        if (fieldBytes > maxFieldBytes) {
            throw new HttpError(431, "request header fields too large");
        }
    }

    /** Refuses a line that is already over its limit before its end has arrived. */
    private void checkPartialLine(int fieldsStart, int partialLength, int fieldBytes) throws HttpError {
        if (fieldsStart < 0) {
            checkRequestLine(partialLength - 1);
        } else {
            if (partialLength - 1 > maxFieldLine) {
                throw new HttpError(431, "header field too large");
            }
            if (fieldBytes > maxFieldBytes + 2) {
                throw new HttpError(431, "request header fields too large");
            }
        }
    }

    private void fill(InputBuffer in, long deadlineNanos) throws IOException {
        long remaining = deadlineNanos - System.nanoTime();
        if (remaining <= 0) {
            throw new SocketTimeoutException("request head timeout");
        }
        if (!in.fill(maxHeadBytes, (int) Math.max(1, remaining / 1_000_000))) {
            throw new EOFException("client closed during the request head");
        }
    }
}
