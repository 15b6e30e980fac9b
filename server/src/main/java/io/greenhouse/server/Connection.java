package io.greenhouse.server;

import io.greenhouse.spi.App;
import io.greenhouse.spi.Environ;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One client connection, served by its own virtual thread from accept to close: wait for a
 * request, read its head, run the app on this same thread, send the response, and go round
 * again while the connection may be kept alive (RFC 9112 §9.3).
 */
final class Connection implements Runnable {

    /** How much of a refused request's first line the access log shows. */
    private static final int MAX_LOGGED_LINE = 1024;

    /** How long, and how many bytes, a closing connection reads and drops what the client still sends. */
    private static final int LINGER_MILLIS = 2000;
    private static final int LINGER_BYTES = 1 << 20;
    /** Measured (bench/run): 1 gives +10 % req/s at 64-256 connections; 2 or 3 gave p99 of 60-205 ms. */
    private static final int MAX_YIELDS_IN_A_ROW = 1;

    private final ClientSocket socket;
    private final App app;
    private final Settings settings;
    private final ServerContext server;
    private final RequestHeadReader headReader;
    /** Waiting for the next request; claimed either by a request that arrives or by a graceful stop. */
    private final AtomicBoolean idle = new AtomicBoolean();
    private int yieldsInARow;
    private final FairShare fairShare;
    /** The requests being answered came in together (pipelined): see {@link #yieldBeforeWaiting}. */
    private boolean pipelinedBatch;
    private volatile ResponseWriter writer;
    private volatile InputBuffer input;
    /** The request the app is serving, until its access-log line is written: by this thread, or by a cut-off. */
    private final AtomicReference<InFlight> inFlight = new AtomicReference<>();
    /** In {@link #inFlight} while a request head is coming in, so that a cut-off logs it too. */
    private static final InFlight HEAD_COMING_IN = new InFlight(null, null, null, null, 0);
    private long headStarted;
    private volatile String remoteAddr;

    Connection(ClientSocket socket, App app, Settings settings, ServerContext server) {
        this.socket = socket;
        this.app = app;
        this.settings = settings;
        this.server = server;
        this.headReader = new RequestHeadReader(settings);
        this.fairShare = new FairShare(server, System::nanoTime);
    }

    @Override
    public void run() {
        try (socket) {
            ResponseWriter out = new ResponseWriter(socket.output(), server.writeBuffers());
            writer = out;
            InputBuffer in = new InputBuffer(socket, out::flushUnlessSending, server.headBuffers(), fairShare);
            input = in;
            ClientOrigin client = originOf(socket.peer(), in, out);
            if (client != null) {
                EnvironBuilder environs = new EnvironBuilder(client, socket, settings, server.errors().stream());
                remoteAddr = environs.remoteAddr();
                serve(in, out, environs);
            }
            out.release();
            in.lingeringClose(LINGER_MILLIS, LINGER_BYTES);
        } catch (IOException e) {
            // the client went away or timed out: nothing left to tell it
        } catch (RuntimeException e) {
            // a bug: logged where operators look, and the thread goes on to serve others
            server.errors().log("connection ended by an unexpected failure", e);
        } finally {
            InputBuffer in = input;
            if (in != null) {
                in.release();
            }
            server.closed(this);
        }
    }

    /**
     * Who the client is; null after refusing its PROXY protocol header. The header has the
     * request head's timeout, as one deadline: one that has begun and not ended in time gets a
     * 408, as a slow request head does; a connection that sent nothing is closed quietly.
     */
    private ClientOrigin originOf(InetSocketAddress peer, InputBuffer in, ResponseWriter out) throws IOException {
        long started = System.nanoTime();
        try {
            return ClientOrigin.of(peer, in, settings, started + settings.requestHeadTimeout().toNanos());
        } catch (HttpError e) {
            refuseOrigin(peer, out, e, started);
            return null;
        } catch (SocketTimeoutException e) {
            if (!in.hasBuffered()) {
                throw e;
            }
            refuseOrigin(peer, out, new HttpError(408, "PROXY protocol header not received in time"), started);
            return null;
        }
    }

    private void refuseOrigin(InetSocketAddress peer, ResponseWriter out, HttpError error, long started) {
        writeRefusal(out, error, false);
        server.access(ClientOrigin.addressOf(peer), null, error.status(), out.bodyBytes(), System.nanoTime() - started);
    }

    private void serve(InputBuffer in, ResponseWriter out, EnvironBuilder environs) throws IOException {
        boolean first = true;
        while (awaitRequest(in, out, first) && exchange(in, out, environs)) {
            first = false;  // keep alive: next request
        }
    }

    /** Closes the connection if it is waiting for a request; used by graceful shutdown. */
    void closeIfIdle() {
        if (idle.compareAndSet(true, false)) {
            closeNow();  // a request that arrives now finds the connection claimed, and is not begun
        }
    }

    /** Ends a read that has been waiting past its deadline; {@code now} on {@link System#nanoTime}. */
    void endOverdueRead(long now) {
        InputBuffer in = input;
        if (in != null) {
            in.endReadIfOverdue(now);
        }
    }

    /** True when a write to this client has been blocked since before {@code sinceNanos}. */
    boolean writeBlockedSince(long sinceNanos) {
        ResponseWriter out = writer;
        return out != null && out.blockedSince(sinceNanos);
    }

    void closeNow() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is all we wanted
        }
    }

    /**
     * Ends the connection at once, when a graceful shutdown's grace is over. The request in
     * flight is logged here, since its thread may never come back from the app: with the status
     * of the response that had begun and the body bytes written so far, or 503 when none had
     * begun (the client then sees the connection close without an answer). So is a request whose
     * head was still coming in, with what of its first line had come.
     */
    void cutOff() {
        InFlight cut = inFlight.getAndSet(null);
        if (cut == HEAD_COMING_IN) {
            server.refused(remoteAddr, receivedSoFar(), 503, 0, System.nanoTime() - headStarted);
        } else if (cut != null) {
            int status = cut.response().code();
            server.access(cut.remoteAddr(), cut.head(), status == 0 ? 503 : status, cut.out().bodyBytes(),
                    System.nanoTime() - cut.started());
        }
        closeNow();
    }

    /** The start of a head still coming in, read from another thread while this one waits for the rest. */
    private String receivedSoFar() {
        try {
            return input.firstLine(MAX_LOGGED_LINE);
        } catch (RuntimeException e) {
            return "";  // the buffer moved under us as more bytes came: the line is only for the log
        }
    }

    /** Waits until the next request's first bytes are here; false when the connection should end. */
    private boolean awaitRequest(InputBuffer in, ResponseWriter out, boolean first) throws IOException {
        fairShare.beforeRequest(in.clientAhead(), out);
        if (in.hasBuffered()) {
            pipelinedBatch = true;
            return true;  // pipelined: this response joins the ones still buffered (flushed before any read blocks)
        }
        out.release();
        in.shrink();
        yieldBeforeWaiting(first);
        pipelinedBatch = false;
        idle.set(true);
        boolean arrived;
        try {
            arrived = !server.draining() && in.fill(Integer.MAX_VALUE, (int) settings.idleTimeout().toMillis());
        } catch (SocketTimeoutException e) {
            arrived = false;  // idle timeout: close quietly, as the client may at any time
        }
        // a graceful stop that found this connection idle has claimed it and is closing it: a
        // request that came meanwhile is not begun (an app run on a closing socket could not answer)
        return idle.compareAndSet(true, false) && arrived;
    }

    /**
     * Lets the other connections run before this one waits for its next request, at most
     * {@link #MAX_YIELDS_IN_A_ROW} times in a row: by then the client has often sent it, and the
     * read finds bytes instead of parking on the poller. Bounded, because a yielded thread goes
     * back on its carrier's own queue, ahead of the poller's wake-ups of the connections that did
     * park: yielding every time gave p99 of 150-840 ms (see
     * bench/results/2026-11-24-tail-latency-notes.md). While connections on newly started
     * threads wait for their first turn, it steps aside for them instead (see {@link FirstTurns}).
     *
     * <p>No yield before a connection's first request: its client most often sent it with the
     * connect, and a yield made while the carrier's own queue is empty goes to the scheduler's
     * shared queue, which a loaded carrier reads only when its own queue runs dry. A new
     * connection, woken as a spare, met that often enough that 1 or 2 fresh clients in 40
     * waited 0.2-0.7 s for their answer under full load
     * (bench/results/2026-12-01-first-turns.md).
     */
    private void yieldBeforeWaiting(boolean first) {
        if (server.makeWayForNewConnections()) {
            return;  // it has let others run already
        }
        if (first || pipelinedBatch) {
            // after pipelined batches, measured: a yield gave no more req/s, and p99 of 0.25-1.2 s
            // at 256 pipelining connections (bench/results/2026-11-30-pipelined-tail.md)
            return;
        }
        if (yieldsInARow < MAX_YIELDS_IN_A_ROW) {
            yieldsInARow++;
            Thread.yield();
        } else {
            yieldsInARow = 0;
        }
    }

    /** Serves one request; true when the connection stays open for another. */
    private boolean exchange(InputBuffer in, ResponseWriter out, EnvironBuilder environs) throws IOException {
        long started = System.nanoTime();
        out.reset();
        headStarted = started;
        inFlight.lazySet(HEAD_COMING_IN);
        RequestHead head;
        try {
            head = headReader.read(in, started + settings.requestHeadTimeout().toNanos());
        } catch (HttpError e) {
            if (headEnded()) {
                refuseUnparsed(out, e, in, environs, started);
            }
            return false;
        } catch (SocketTimeoutException e) {
            if (headEnded()) {
                refuseUnparsed(out, new HttpError(408, "request head not received in time"), in, environs, started);
            }
            return false;
        } catch (EOFException e) {
            headEnded();
            return false;  // the client gave up in the middle of its request
        } catch (IOException e) {
            headEnded();
            throw e;
        }
        if (head.bodyLength() > settings.maxBodyBytes()) {
            if (headEnded()) {
                refuse(out, new HttpError(413, "request body too large"), head, environs, started);
            }
            return false;
        }
        RequestBody body = new RequestBody(framedBody(in, head), head.expectContinue() ? out : null);
        RequestEnviron environ;
        try {
            environ = environs.build(head, body);
        } catch (HttpError e) {
            if (headEnded()) {
                refuse(out, e, head, environs, started);
            }
            return false;
        }
        ResponseState response = new ResponseState(out, head, body, server.errors(),
                () -> head.clientKeepsAlive() && !server.draining());
        if (!inFlight.compareAndSet(HEAD_COMING_IN, new InFlight(environs.remoteAddr(), head, response, out, started))) {
            return false;  // a shutdown cut it off as its head came in, and logged it
        }
        Outcome outcome = respond(out, head, response, environ);
        boolean keepAlive = outcome.keepAlive() && body.drain() && !out.broken();
        // A large head stays charged to the budget while the app runs, for the environ made of
        // it; given back here, before the response's last bytes leave.
        in.shrink();
        List<Runnable> posthooks = environ.posthooksToRun();
        // sent now, so the logged duration includes sending; only a pipelined batch waits to leave together
        if (!keepAlive || !posthooks.isEmpty() || !in.hasBuffered()) {
            flushQuietly(out);
        }
        Posthooks.run(posthooks, server.errors());
        if (inFlight.getAndSet(null) != null) {  // else a shutdown cut it off, and logged it then
            server.access(environs.remoteAddr(), head, outcome.status(), out.bodyBytes(), System.nanoTime() - started);
        }
        return keepAlive && !out.broken();
    }

    /** The head read (or refused) is no longer coming in; false if a shutdown's cut-off ended it, and logged it, first. */
    private boolean headEnded() {
        return inFlight.getAndSet(null) == HEAD_COMING_IN;
    }

    /** What became of one exchange: the status sent, and whether the connection may stay open. */
    private record Outcome(int status, boolean keepAlive) {
    }

    /** An exchange the app is running: what a cut-off needs to log it. */
    private record InFlight(String remoteAddr, RequestHead head, ResponseState response, ResponseWriter out, long started) {
    }

    /** Runs the app and sends its response. */
    private Outcome respond(ResponseWriter out, RequestHead head, ResponseState response, Map<String, Object> environ) {
        Iterable<byte[]> result = null;
        try {
            result = app.call(environ, response);
            if (result == null) {
                throw new IllegalStateException("app returned null instead of a body");
            }
            response.sendBody(result);
            return new Outcome(response.code(), response.keepAlive());
        } catch (Throwable failure) {
            response.finish();  // a thread the app left writing is refused from here on, not mixed into the refusal
            return new Outcome(failed(out, head, response, failure), false);
        } finally {
            response.finish();
            close(result, head);
        }
    }

    /** Answers for an app that failed; returns the status sent (or already sent). */
    private int failed(ResponseWriter out, RequestHead head, ResponseState response, Throwable failure) {
        if (out.broken() || inFlight.get() == null) {
            return response.code();  // the client went away, or a shutdown cut the app off: it only noticed
        }
        if (out.headSent()) {
            server.errors().log("app failed after the response began, closing: " + head.method() + " " + head.target(), failure);
            return response.code();
        }
        HttpError refusal = HttpError.causeOf(failure);
        if (refusal == null && RequestBodyTimeout.causedBy(failure)) {
            refusal = new HttpError(408, "request body not received in time");
        }
        if (refusal == null) {
            server.errors().log("app failed: " + head.method() + " " + head.target(), failure);
            refusal = new HttpError(500, "internal server error");
        }
        writeRefusal(out, refusal, head.isHead());
        return refusal.status();
    }

    private void refuse(ResponseWriter out, HttpError error, RequestHead head, EnvironBuilder environs, long started) {
        writeRefusal(out, error, head.isHead());
        server.access(environs.remoteAddr(), head, error.status(), out.bodyBytes(), System.nanoTime() - started);
    }

    /** Refuses a request whose head could not be parsed; the access log shows what it began with. */
    private void refuseUnparsed(ResponseWriter out, HttpError error, InputBuffer in, EnvironBuilder environs, long started) {
        String firstLine = in.firstLine(MAX_LOGGED_LINE);
        // RFC 9110 §9.3.2: no content in an answer to HEAD, even when the head was refused
        writeRefusal(out, error, firstLine.startsWith("HEAD "));
        server.refused(environs.remoteAddr(), firstLine, error.status(), out.bodyBytes(), System.nanoTime() - started);
    }

    /** A short plain-text error response, and the connection closes after it. */
    private static void writeRefusal(ResponseWriter out, HttpError error, boolean toHead) {
        byte[] text = (error.reason() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ReentrantLock sending = out.sendingLock();  // a thread the app left reading the body may flush meanwhile
        sending.lock();
        try {
            out.reset();
            out.statusLine(error.status() + " " + Status.reasonPhrase(error.status()));
            out.header("Content-Type", "text/plain; charset=utf-8");
            out.headerLine(HttpDate.headerLine());
            out.header("Server", "Greenhouse");
            out.header("Connection", "close");
            if (error.retryAfterSeconds() > 0) {
                out.header("Retry-After", Integer.toString(error.retryAfterSeconds()));
            }
            out.endHead(toHead ? ResponseWriter.Framing.NO_BODY : ResponseWriter.Framing.CONTENT_LENGTH, text.length, toHead);
            out.body(text, 0, text.length);
            out.flush();
        } catch (IOException e) {
            // the client is gone: it will not read the refusal either
        } finally {
            sending.unlock();
        }
    }

    private InputStream framedBody(InputBuffer in, RequestHead head) {
        if (head.bodyLength() == RequestHead.CHUNKED) {
            return new ChunkedBody(in, settings);
        }
        if (head.bodyLength() > 0) {
            return new ContentLengthBody(in, head.bodyLength(), (int) settings.bodyReadTimeout().toMillis());
        }
        return null;
    }

    private void close(Iterable<byte[]> result, RequestHead head) {
        if (result instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                server.errors().log("closing the body of " + head.method() + " " + head.target() + " failed", e);
            }
        }
    }

    private static void flushQuietly(ResponseWriter out) {
        try {
            out.flush();
        } catch (IOException e) {
            // the client is gone; the exchange is over either way
        }
    }
}
