package io.greenhouse.server;

import java.io.IOException;
import java.io.InputStream;

/** A request body of known length: yields exactly that many bytes and never reads past them. */
final class ContentLengthBody extends InputStream {

    private final InputBuffer in;
    private final int timeoutMillis;
    private long remaining;

    ContentLengthBody(InputBuffer in, long length, int timeoutMillis) {
        this.in = in;
        this.remaining = length;
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public int read() throws IOException {
        if (remaining == 0) {
            return -1;
        }
        int b = in.read(timeoutMillis);
        if (b < 0) {
            throw truncated();
        }
        remaining--;
        return b;
    }

    @Override
    public int read(byte[] dst, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (remaining == 0) {
            return -1;
        }
        int n = in.read(dst, off, (int) Math.min(len, remaining), timeoutMillis);
        if (n < 0) {
            throw truncated();
        }
        remaining -= n;
        return n;
    }

    @Override
    public int available() {
        return (int) Math.min(remaining, in.buffered());
    }

    boolean atEnd() {
        return remaining == 0;
    }

    long remaining() {
        return remaining;
    }

    private static HttpError truncated() {
        return HttpError.badRequest("request body shorter than its Content-Length");
    }
}
