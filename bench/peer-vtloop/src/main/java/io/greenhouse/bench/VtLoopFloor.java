package io.greenhouse.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * An experiment, not a peer: the ceiling of "a virtual thread per connection" when the virtual
 * threads run on an event loop instead of the JDK's scheduler and poller. One platform thread runs
 * the continuations of every connection's virtual thread and, when none is runnable, waits in
 * epoll_wait; sockets are non-blocking and registered once, edge-triggered, so a request costs one
 * read and one write, as in Netty, where a JDK socket on a virtual thread also pays a read that
 * finds nothing and an epoll_ctl to re-arm its one-shot registration.
 *
 * <p>What it takes, and why Greenhouse does not do it (yet): the foreign function API for the
 * system calls (Linux only), and a virtual-thread scheduler of one's own, which the JDK offers
 * only through a non-public constructor ({@code --add-opens java.base/java.lang}). A virtual
 * thread that blocks its carrier (a long computation, a native call) stalls every connection of
 * its loop, which the JDK's scheduler would have worked around. Same canned response and request
 * counting as {@link VtSocketFloor}; x86-64 Linux constants.
 */
public final class VtLoopFloor {

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    private static final ValueLayout.OfLong PACKED_LONG = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final MemoryLayout POINTER = ValueLayout.ADDRESS;

    private static final MethodHandle SOCKET = call("socket", INT, INT, INT, INT);
    private static final MethodHandle SETSOCKOPT = call("setsockopt", INT, INT, INT, INT, POINTER, INT);
    private static final MethodHandle BIND = call("bind", INT, INT, POINTER, INT);
    private static final MethodHandle LISTEN = call("listen", INT, INT, INT);
    private static final MethodHandle ACCEPT4 = call("accept4", INT, INT, POINTER, POINTER, INT);
    private static final MethodHandle CLOSE = call("close", INT, INT);
    private static final MethodHandle EPOLL_CREATE1 = call("epoll_create1", INT, INT);
    private static final MethodHandle EPOLL_CTL = call("epoll_ctl", INT, INT, INT, INT, POINTER);
    private static final MethodHandle EPOLL_WAIT = call("epoll_wait", INT, INT, POINTER, INT, INT);
    private static final MethodHandle EVENTFD = call("eventfd", INT, INT, INT);
    private static final MethodHandle BLOCKING_WRITE = call("write", LONG, INT, POINTER, LONG);
    // never block, so no thread-state transition (critical); errno captured
    private static final MethodHandle READ = nonBlocking("read", LONG, INT, POINTER, LONG);
    private static final MethodHandle WRITE = nonBlocking("write", LONG, INT, POINTER, LONG);

    private static final int AF_INET = 2, SOCK_STREAM = 1, SOCK_NONBLOCK = 04000, SOCK_CLOEXEC = 02000000;
    private static final int SOL_SOCKET = 1, SO_REUSEADDR = 2, IPPROTO_TCP = 6, TCP_NODELAY = 1;
    private static final int EPOLL_CTL_ADD = 1, EPOLLIN = 1, EPOLLOUT = 4, EPOLLERR = 8, EPOLLHUP = 0x10;
    private static final int EPOLLRDHUP = 0x2000, EPOLLET = 1 << 31, EPOLL_EVENT_BYTES = 12;
    private static final int EAGAIN = 11, EINTR = 4;

    private static final byte[] RESPONSE = ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\n"
            + "Date: Tue, 24 Nov 2026 12:00:00 GMT\r\nServer: vt\r\n\r\nHello, World!").getBytes(StandardCharsets.US_ASCII);
    private static final int BATCH = 64;

    private static final Connection[] CONNECTIONS = new Connection[1 << 20];  // by file descriptor

    public static void main(String[] args) throws Throwable {
        int port = Integer.parseInt(args[0]);
        Arena global = Arena.global();
        MemorySegment on = global.allocate(INT);
        on.set(INT, 0, 1);
        int listener = (int) SOCKET.invokeExact(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        int ignored = (int) SETSOCKOPT.invokeExact(listener, SOL_SOCKET, SO_REUSEADDR, on, 4);
        if ((int) BIND.invokeExact(listener, loopbackAddress(global, port), 16) != 0
                || (int) LISTEN.invokeExact(listener, 1024) != 0) {
            throw new IllegalStateException("cannot listen on 127.0.0.1:" + port);
        }
        EventLoop loop = new EventLoop();
        Thread.ofPlatform().name("event-loop").start(loop::run);
        Thread.Builder.OfVirtual onLoop = virtualThreadsOn(loop);
        System.out.println("vtloop listening on " + port);
        while (true) {
            int fd = (int) ACCEPT4.invokeExact(listener, MemorySegment.NULL, MemorySegment.NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
            if (fd < 0) {
                continue;
            }
            ignored = (int) SETSOCKOPT.invokeExact(fd, IPPROTO_TCP, TCP_NODELAY, on, 4);
            Connection connection = new Connection(fd);
            CONNECTIONS[fd] = connection;
            loop.register(fd, EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET);
            onLoop.start(() -> serve(connection));
        }
    }

    /** The JDK's builder of virtual threads on a given scheduler: not public, hence the add-opens. */
    private static Thread.Builder.OfVirtual virtualThreadsOn(Executor scheduler) throws ReflectiveOperationException {
        var constructor = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder").getDeclaredConstructor(Executor.class);
        constructor.setAccessible(true);
        return (Thread.Builder.OfVirtual) constructor.newInstance(scheduler);
    }

    private static void serve(Connection connection) {
        try {
            byte[] buffer = new byte[4096];
            int tail = 0;  // how much of "\r\n\r\n" the previous read ended with
            for (int n; (n = connection.read(buffer)) > 0; ) {
                int heads = 0;
                for (int i = 0; i < n; i++) {
                    byte b = buffer[i];
                    byte expected = tail % 2 == 0 ? (byte) '\r' : (byte) '\n';
                    tail = b == expected ? tail + 1 : (b == '\r' ? 1 : 0);
                    if (tail == 4) {
                        heads++;
                        tail = 0;
                    }
                }
                for (; heads > 0; heads -= BATCH) {
                    if (!connection.writeResponses(Math.min(heads, BATCH))) {
                        return;
                    }
                }
            }
        } catch (Throwable t) {
            t.printStackTrace();
        } finally {
            connection.close();
        }
    }

    /** Runs virtual threads' continuations on one platform thread; waits in epoll_wait when none is runnable. */
    private static final class EventLoop implements Executor {
        private final ConcurrentLinkedQueue<Runnable> runnable = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean waiting = new AtomicBoolean();
        private final int epoll;
        private final int wakeup;
        private final MemorySegment eight = Arena.global().allocate(LONG);
        private final MemorySegment event = Arena.global().allocate(EPOLL_EVENT_BYTES);

        EventLoop() throws Throwable {
            epoll = (int) EPOLL_CREATE1.invokeExact(SOCK_CLOEXEC);
            wakeup = (int) EVENTFD.invokeExact(0, SOCK_NONBLOCK | SOCK_CLOEXEC);
            eight.set(LONG, 0, 1L);
            register(wakeup, EPOLLIN);
        }

        synchronized void register(int fd, int events) throws Throwable {
            event.set(INT, 0, events);
            event.set(PACKED_LONG, 4, fd);
            int ignored = (int) EPOLL_CTL.invokeExact(epoll, EPOLL_CTL_ADD, fd, event);
        }

        /** Called when a virtual thread of this loop is started or unparked, from any thread. */
        @Override
        public void execute(Runnable continuation) {
            runnable.add(continuation);
            if (waiting.get() && waiting.compareAndSet(true, false)) {
                try {
                    long ignored = (long) BLOCKING_WRITE.invokeExact(wakeup, eight, 8L);
                } catch (Throwable t) {
                    throw new IllegalStateException(t);
                }
            }
        }

        void run() {
            int max = 1024;
            MemorySegment events = Arena.global().allocate((long) EPOLL_EVENT_BYTES * max);
            MemorySegment callState = Arena.global().allocate(CALL_STATE);
            MemorySegment drained = Arena.global().allocate(LONG);
            try {
                while (true) {
                    for (Runnable next; (next = runnable.poll()) != null; ) {
                        next.run();
                    }
                    waiting.set(true);
                    int n = (int) EPOLL_WAIT.invokeExact(epoll, events, max, runnable.isEmpty() ? -1 : 0);
                    waiting.set(false);
                    for (int i = 0; i < n; i++) {
                        int ready = events.get(INT, (long) EPOLL_EVENT_BYTES * i);
                        int fd = (int) events.get(PACKED_LONG, (long) EPOLL_EVENT_BYTES * i + 4);
                        if (fd == wakeup) {
                            long ignored = (long) READ.invokeExact(callState, fd, drained, 8L);
                        } else if (CONNECTIONS[fd] != null) {
                            CONNECTIONS[fd].ready(ready);
                        }
                    }
                }
            } catch (Throwable t) {
                t.printStackTrace();
            }
        }
    }

    /**
     * One connection's socket, read and written by its virtual thread; the loop marks it ready.
     * Edge-triggered: a read shorter than the buffer emptied the socket, so the next read waits
     * for the next edge instead of finding nothing.
     */
    private static final class Connection {
        private final int fd;
        private final Arena arena = Arena.ofShared();
        private final MemorySegment callState = arena.allocate(CALL_STATE);
        private final MemorySegment in = arena.allocate(4096);
        private final MemorySegment out = arena.allocate((long) RESPONSE.length * BATCH);
        private volatile boolean readable = true;
        private volatile boolean writable = true;
        private volatile Thread waiter;

        Connection(int fd) {
            this.fd = fd;
            for (int i = 0; i < BATCH; i++) {
                MemorySegment.copy(RESPONSE, 0, out, ValueLayout.JAVA_BYTE, (long) i * RESPONSE.length, RESPONSE.length);
            }
        }

        void ready(int events) {
            if ((events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) != 0) {
                readable = true;
            }
            if ((events & (EPOLLOUT | EPOLLHUP | EPOLLERR)) != 0) {
                writable = true;
            }
            Thread parked = waiter;
            if (parked != null) {
                LockSupport.unpark(parked);
            }
        }

        /** Bytes read into {@code buffer}, or -1 at the end of the stream or on an error. */
        int read(byte[] buffer) throws Throwable {
            while (true) {
                awaitReadable();
                readable = false;
                long n = (long) READ.invokeExact(callState, fd, in, (long) buffer.length);
                if (n > 0) {
                    MemorySegment.copy(in, ValueLayout.JAVA_BYTE, 0, buffer, 0, (int) n);
                    if (n == buffer.length) {
                        readable = true;  // there may be more
                    }
                    return (int) n;
                }
                if (n == 0 || !wouldBlock()) {
                    return -1;
                }
            }
        }

        boolean writeResponses(int count) throws Throwable {
            long length = (long) count * RESPONSE.length;
            for (long done = 0; done < length; ) {
                awaitWritable();
                writable = false;
                long n = (long) WRITE.invokeExact(callState, fd, out.asSlice(done), length - done);
                if (n > 0) {
                    done += n;
                    writable = true;
                } else if (!wouldBlock()) {
                    return false;
                }
            }
            return true;
        }

        void close() {
            CONNECTIONS[fd] = null;
            try {
                int ignored = (int) CLOSE.invokeExact(fd);
            } catch (Throwable ignored) {
                // nothing to do
            }
            arena.close();
        }

        private boolean wouldBlock() {
            int errno = (int) ERRNO.get(callState, 0L);
            return errno == EAGAIN || errno == EINTR;
        }

        // The flag is set by the loop before it reads waiter, and waiter is set here before the
        // flag is read: both volatile, so a wake-up between the check and the park is not lost.
        private void awaitReadable() {
            waiter = Thread.currentThread();
            while (!readable) {
                LockSupport.park(this);
            }
            waiter = null;
        }

        private void awaitWritable() {
            waiter = Thread.currentThread();
            while (!writable) {
                LockSupport.park(this);
            }
            waiter = null;
        }
    }

    private static MemorySegment loopbackAddress(Arena arena, int port) {
        MemorySegment address = arena.allocate(16);  // struct sockaddr_in
        address.set(ValueLayout.JAVA_SHORT, 0, (short) AF_INET);
        address.set(ValueLayout.JAVA_BYTE, 2, (byte) (port >> 8));
        address.set(ValueLayout.JAVA_BYTE, 3, (byte) port);
        address.set(ValueLayout.JAVA_BYTE, 4, (byte) 127);
        address.set(ValueLayout.JAVA_BYTE, 7, (byte) 1);
        return address;
    }

    private static MethodHandle call(String name, MemoryLayout result, MemoryLayout... arguments) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), FunctionDescriptor.of(result, arguments));
    }

    private static MethodHandle nonBlocking(String name, MemoryLayout result, MemoryLayout... arguments) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), FunctionDescriptor.of(result, arguments),
                Linker.Option.captureCallState("errno"), Linker.Option.critical(false));
    }
}
