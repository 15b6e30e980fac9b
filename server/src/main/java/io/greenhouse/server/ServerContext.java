package io.greenhouse.server;

/** What a {@link Connection} needs from the server that accepted it. */
interface ServerContext {

    ErrorLog errors();

    /** The write buffers connections borrow while they send a response. */
    BufferPool writeBuffers();

    /** What connections' read buffers take from when a large request head makes them grow. */
    HeadBufferBudget headBuffers();

    /** The server is shutting down: finish the request in hand, take no new ones. */
    boolean draining();

    /** Records one exchange in the access log, if there is one. */
    void access(String remoteAddr, RequestHead request, int status, long bodyBytes, long durationNanos);

    /**
     * Records a request refused before its head could be parsed; {@code received} is the start
     * of what the client sent (its request line, as far as it got), or "" when nothing came.
     */
    void refused(String remoteAddr, String received, int status, long bodyBytes, long durationNanos);

    /**
     * Called by a connection before it waits for its next request: if connections handed to
     * newly started threads have not had their first turn yet, waits until they have. True if it
     * waited.
     */
    boolean makeWayForNewConnections();

    /**
     * Called by a connection whose client keeps ahead of it, so that its reads never wait:
     * waits until the I/O poller has had a turn (see {@link PollerTurns}).
     */
    void letPollerRun();

    /** The connection has ended. */
    void closed(Connection connection);
}
