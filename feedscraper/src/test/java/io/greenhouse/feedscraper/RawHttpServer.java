package io.greenhouse.feedscraper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * A feed server at the socket level on 127.0.0.1, for answers no HTTP library would send: each
 * connection is handed to {@code answer} on a virtual thread of its own.
 */
final class RawHttpServer implements AutoCloseable {

    private final ServerSocket socket;

    private RawHttpServer(ServerSocket socket) {
        this.socket = socket;
    }

    static RawHttpServer start(Consumer<Socket> answer) throws IOException {
        ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    Socket connection = socket.accept();
                    Thread.ofVirtual().start(() -> answer.accept(connection));
                }
            } catch (IOException closed) {
                // the test is over
            }
        });
        return new RawHttpServer(socket);
    }

    /** A request head, read up to its empty line; null when the client hung up first. */
    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        for (int b; matched < 4; ) {
            if ((b = in.read()) == -1) {
                return null;
            }
            head.write(b);
            matched = (b == '\r' || b == '\n') ? matched + 1 : 0;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    String url(String path) {
        return "http://127.0.0.1:" + socket.getLocalPort() + path;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
