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
     * returns; blocks while the client is slow to read. An empty chunk sends the headers alone,
     * which commits the app to them.
     *
     * <p>For a response that has no body (HEAD, 204, 304) the chunks are dropped; the head goes
     * out with the first call.
     *
     * @throws IOException when the client has gone away
     * @throws NullPointerException when {@code chunk} is null, before anything is sent
     * @throws IllegalStateException when called after the response is over (from a thread the
     *     app left running), or before {@code start_response}
     */
    void write(byte[] chunk) throws IOException;
}
