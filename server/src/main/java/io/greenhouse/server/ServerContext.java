package io.greenhouse.server;

/** What a {@link Connection} needs from the server that accepted it. */
interface ServerContext extends FairShare.Others {

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

    /** The connection has ended. */
    void closed(Connection connection);
}
