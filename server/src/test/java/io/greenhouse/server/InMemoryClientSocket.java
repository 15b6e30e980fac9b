package io.greenhouse.server;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** A client connection whose bytes come from memory, for unit tests of the read side. */
final class InMemoryClientSocket implements ClientSocket {

    private final InputStream input;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private volatile boolean closed;
    private volatile Runnable beforeClose = () -> { };

    InMemoryClientSocket(String bytes) {
        this(bytes.getBytes(StandardCharsets.ISO_8859_1));
    }

    InMemoryClientSocket(byte[] bytes) {
        this(new ByteArrayInputStream(bytes));
    }

    /** @param input what the client sends, as reads return it (bench/jmh-server uses this too) */
    InMemoryClientSocket(InputStream input) {
        this.input = input;
    }

    @Override
    public InputStream input() {
        return input;
    }

    @Override
    public OutputStream output() {
        return output;
    }

    /** What the server has written so far. */
    byte[] written() {
        return output.toByteArray();
    }

    @Override
    public InetSocketAddress peer() {
        return new InetSocketAddress("127.0.0.1", 40000);
    }

    @Override
    public String localName() {
        return "127.0.0.1";
    }

    @Override
    public int localPort() {
        return 80;
    }

    @Override
    public void shutdownInput() {
        // nothing waits on memory
    }

    @Override
    public void shutdownOutput() {
        // nothing to tell
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public boolean needsLingeringClose() {
        return false;
    }

    @Override
    public void setReadTimeout(int millis) {
        // reads from memory never wait
    }

    /** Runs {@code hook} on the thread that closes this socket, before it counts as closed. */
    void beforeClose(Runnable hook) {
        beforeClose = hook;
    }

    @Override
    public void close() {
        beforeClose.run();
        closed = true;
    }
}
