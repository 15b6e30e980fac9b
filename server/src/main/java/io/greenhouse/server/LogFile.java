package io.greenhouse.server;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A log file appended to, which can be opened again under its name: after logrotate (or an
 * operator) has moved it away, {@link #reopen()} (on SIGUSR1, as in nginx and gunicorn) makes
 * the server write to a new file at the configured path instead of the moved one.
 */
final class LogFile extends OutputStream {

    private final String path;
    private final ReentrantLock lock = new ReentrantLock();
    private FileOutputStream file;

    /** @throws UncheckedIOException naming the file when it cannot be opened for appending */
    LogFile(String path, String what) {
        this.path = path;
        try {
            this.file = new FileOutputStream(path, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + what + " " + path + ": " + reason(e), e);
        }
    }

    /** The system's reason, which FileOutputStream gives as "PATH (reason)". */
    private static String reason(IOException e) {
        String message = String.valueOf(e.getMessage());
        int open = message.lastIndexOf(" (");
        return open >= 0 && message.endsWith(")") ? message.substring(open + 2, message.length() - 1) : message;
    }

    /** Opens the path again; the file open until now is closed. Keeps the old one if that fails. */
    void reopen() throws IOException {
        FileOutputStream fresh = new FileOutputStream(path, true);
        FileOutputStream old;
        lock.lock();
        try {
            old = file;
            file = fresh;
        } finally {
            lock.unlock();
        }
        old.close();
    }

    @Override
    public void write(int b) throws IOException {
        lock.lock();
        try {
            file.write(b);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        lock.lock();
        try {
            file.write(b, off, len);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            file.close();
        } finally {
            lock.unlock();
        }
    }
}
