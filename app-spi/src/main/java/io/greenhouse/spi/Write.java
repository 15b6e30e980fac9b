package io.greenhouse.spi;

import java.io.IOException;

/**
 * Pushes body bytes to the client: the {@code write} callable of PEP 3333, for apps that
 * cannot return their body as an Iterable.
 */
@FunctionalInterface
public interface Write {

    /**
     * Sends the headers if they have not gone out, then {@code chunk}, and flushes before it
     * returns; blocks while the client is slow to read.
     *
     * @throws IOException when the client has gone away
     */
    void write(byte[] chunk) throws IOException;
}
