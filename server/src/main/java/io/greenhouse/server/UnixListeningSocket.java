package io.greenhouse.server;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * A Unix domain socket listening at a path (server.bind = unix:PATH), for a proxy on the same
 * host. A socket file left at the path by an earlier run is replaced, as gunicorn does, but only
 * when nothing answers on it: a server still listening there is an error, as a port in use is,
 * where replacing its file would leave it running unreachable. Any other file there is an error. Who may connect is the file's permissions
 * (server.unix-socket-mode: 666 by default, anyone on the host, as with a port on 127.0.0.1).
 * The file is removed when the server stops.
 */
final class UnixListeningSocket implements ListeningSocket {

    /** S_IFMT and S_IFSOCK of a file's mode (POSIX stat). */
    private static final int FILE_TYPE = 0170000;
    private static final int SOCKET_FILE = 0140000;

    private final ServerSocketChannel channel;
    private final UnixDomainSocketAddress address;

    private UnixListeningSocket(ServerSocketChannel channel, UnixDomainSocketAddress address) {
        this.channel = channel;
        this.address = address;
    }

    static UnixListeningSocket bind(UnixDomainSocketAddress address, int backlog, Set<PosixFilePermission> mode)
            throws IOException {
        removeStaleSocketFile(address.getPath());
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.bind(address, backlog);
            setMode(address.getPath(), mode);
            return new UnixListeningSocket(channel, address);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    private static void setMode(Path path, Set<PosixFilePermission> mode) throws IOException {
        try {
            Files.setPosixFilePermissions(path, mode);
        } catch (UnsupportedOperationException notPosix) {
            // Windows: its Unix domain sockets have no such permissions to set
        }
    }

    private static void removeStaleSocketFile(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Object mode = Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        if (!(mode instanceof Integer bits) || (bits & FILE_TYPE) != SOCKET_FILE) {
            throw new IOException(path + " exists and is not a socket");
        }
        if (someoneListensAt(path)) {
            throw new IOException(path + " is in use: a server is listening on it");
        }
        Files.delete(path);
    }

    private static boolean someoneListensAt(Path path) {
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            return true;
        } catch (IOException refused) {
            return false;  // ECONNREFUSED: a file nobody listens on any more
        }
    }

    @Override
    public ClientSocket accept() throws IOException {
        return new UnixClientSocket(channel.accept());
    }

    @Override
    public boolean isClosed() {
        return !channel.isOpen();
    }

    @Override
    public UnixDomainSocketAddress address() {
        return address;
    }

    @Override
    public String url() {
        return "unix:" + address.getPath();
    }

    @Override
    public void close() throws IOException {
        try {
            channel.close();
        } finally {
            Files.deleteIfExists(address.getPath());
        }
    }
}
