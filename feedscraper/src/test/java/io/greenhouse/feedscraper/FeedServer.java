package io.greenhouse.feedscraper;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.GZIPOutputStream;

/**
 * A feed server on a free loopback port, for tests: serves canned feeds and responses by path,
 * counts requests, knows how many are in flight (and the most ever), and can hold responses
 * until the test releases them.
 */
final class FeedServer implements AutoCloseable {

    /** Writes the response to one request. */
    @FunctionalInterface
    interface Responder {
        void respond(HttpExchange exchange) throws IOException, InterruptedException;
    }

    private final HttpServer server;
    private final Map<String, Responder> routes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<String, Integer> inFlightByHost = new ConcurrentHashMap<>();
    private int inFlight;
    private int maxInFlight;
    private final Map<String, Integer> maxByHost = new ConcurrentHashMap<>();

    private FeedServer(HttpServer server) {
        this.server = server;
    }

    static FeedServer start() {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
            FeedServer feeds = new FeedServer(http);
            http.createContext("/", feeds::handle);
            http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            http.start();
            return feeds;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** The URL of {@code path} on 127.0.0.1. */
    String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    /** The same path through the host name "localhost": another host to the per-host limit. */
    String localhostUrl(String path) {
        return "http://localhost:" + port() + path;
    }

    FeedServer route(String path, Responder responder) {
        routes.put(path, responder);
        return this;
    }

    /** Serves an RSS 2.0 feed with {@code title} and {@code entries} items at {@code path}. */
    FeedServer rss(String path, String title, int entries) {
        byte[] body = rssDocument(title, entries).getBytes(StandardCharsets.UTF_8);
        return route(path, exchange -> send(exchange, 200, "application/rss+xml; charset=utf-8", body));
    }

    /** Serves an RSS feed at {@code path}, but only once {@code gate} gives a permit for it. */
    FeedServer heldRss(String path, String title, Semaphore gate) {
        byte[] body = rssDocument(title, 1).getBytes(StandardCharsets.UTF_8);
        return route(path, exchange -> {
            gate.acquire();
            send(exchange, 200, "application/rss+xml", body);
        });
    }

    static String rssDocument(String title, int entries) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>")
                .append(escape(title)).append("</title><link>http://example.com/</link><description>d</description>");
        for (int i = 0; i < entries; i++) {
            xml.append("<item><title>Item ").append(i).append("</title><link>http://example.com/").append(i).append("</link></item>");
        }
        return xml.append("</channel></rss>\n").toString();
    }

    static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        if (contentType != null) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** {@code bytes} gzipped, to send with {@code Content-Encoding: gzip}. */
    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);  // a ByteArrayOutputStream does not fail
        }
        return out.toByteArray();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** How many requests {@code path} has had. */
    int hits(String path) {
        AtomicInteger count = hits.get(path);
        return count == null ? 0 : count.get();
    }

    /** The most requests ever in flight at once. */
    int maxInFlight() {
        lock.lock();
        try {
            return maxInFlight;
        } finally {
            lock.unlock();
        }
    }

    /** The most requests ever in flight at once with this Host name (without port). */
    int maxInFlight(String host) {
        return maxByHost.getOrDefault(host, 0);
    }

    /** Blocks until at least {@code count} requests are in flight at once. */
    void awaitInFlight(int count) throws InterruptedException {
        lock.lock();
        try {
            while (inFlight < count) {
                changed.await();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Blocks until {@code path} has had at least {@code count} requests. */
    void awaitHits(String path, int count) throws InterruptedException {
        lock.lock();
        try {
            while (hits(path) < count) {
                changed.await();
            }
        } finally {
            lock.unlock();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String host = exchange.getRequestHeaders().getFirst("Host").replaceFirst(":\\d+$", "");
        enter(path, host);
        try {
            Responder responder = routes.get(path);
            if (responder == null) {
                send(exchange, 404, "text/plain", "no such feed".getBytes(StandardCharsets.UTF_8));
            } else {
                responder.respond(exchange);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the scraper hung up (timeout, size cap): nothing to tell it
        } finally {
            exchange.close();
            leave(host);
        }
    }

    private void enter(String path, String host) {
        lock.lock();
        try {
            hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            inFlight++;
            maxInFlight = Math.max(maxInFlight, inFlight);
            int forHost = inFlightByHost.merge(host, 1, Integer::sum);
            maxByHost.merge(host, forHost, Math::max);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void leave(String host) {
        lock.lock();
        try {
            inFlight--;
            inFlightByHost.merge(host, -1, Integer::sum);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
