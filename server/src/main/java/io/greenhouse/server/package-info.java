/**
 * The Greenhouse HTTP/1.1 server: a virtual thread per connection, the App runs on it.
 *
 * <p>A request's path through the code: {@link io.greenhouse.server.Listener} accepts and
 * {@link io.greenhouse.server.ConnectionRegistry} starts a {@link io.greenhouse.server.Connection}
 * on a thread from {@link io.greenhouse.server.ConnectionThreads} (a parked spare when there is one),
 * whose keep-alive loop reads through an {@link io.greenhouse.server.InputBuffer} (between
 * requests it steps aside in {@link io.greenhouse.server.FirstTurns} while connections on newly
 * started threads wait for their first turn; and when its client keeps ahead of it, its
 * {@link io.greenhouse.server.FairShare} has it step aside in {@link io.greenhouse.server.PollerTurns}); the
 * {@link io.greenhouse.server.RequestHeadReader} finds the head within its limits and the
 * {@link io.greenhouse.server.RequestHeadParser} turns it into a {@link io.greenhouse.server.RequestHead}
 * (framing decided by {@link io.greenhouse.server.BodyFraming}); the body becomes
 * {@code wsgi.input} as a {@link io.greenhouse.server.ContentLengthBody} or
 * {@link io.greenhouse.server.ChunkedBody} inside a {@link io.greenhouse.server.RequestBody};
 * the {@link io.greenhouse.server.EnvironBuilder} makes the environ, a
 * {@link io.greenhouse.server.RequestEnviron}; the app answers through
 * {@link io.greenhouse.server.ResponseState} (start_response and write), whose bytes the
 * {@link io.greenhouse.server.ResponseWriter} puts on the wire; then the app's
 * {@link io.greenhouse.server.Posthooks} run, and the {@link io.greenhouse.server.AccessLog} records it. Any protocol error is an
 * {@link io.greenhouse.server.HttpError}, answered in one place in {@code Connection}. The
 * {@link io.greenhouse.server.TimeoutWatchdog} enforces every read and write deadline.
 */
package io.greenhouse.server;
