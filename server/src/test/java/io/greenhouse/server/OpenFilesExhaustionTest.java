package io.greenhouse.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * A server out of file descriptors (more clients than `ulimit -n` allows) keeps its clients
 * waiting in the backlog and serves them as connections close: it neither spins on accept nor
 * floods its log, and it warns at startup that the limit is below server.max-connections.
 */
@EnabledOnOs(OS.LINUX)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OpenFilesExhaustionTest {

    private static final int OPEN_FILES = 256;
    private static final int CLIENTS = 400;

    @Test
    void clientsPastTheLimitWaitAndAreServedOnceConnectionsClose() throws Exception {
        Process process = launchWithOpenFilesLimit(OPEN_FILES);
        List<String> output = new CopyOnWriteArrayList<>();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> collect(process, output, port));
        List<RawClient> clients = new ArrayList<>();
        try {
            int listening = port.get(60, TimeUnit.SECONDS);
            assertTrue(output.stream().anyMatch(line -> line.contains(
                    "warning: the open-files limit (" + OPEN_FILES + ") is below server.max-connections (10000)")), String.join("\n", output));
            // One request first: its classes load now, while the server can still open files (from
            // the test's class directories, each class is a file to open; from bin/serve's jars, none is)
            try (RawClient first = RawClient.connect(listening)) {
                assertEquals("static", first.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read().bodyText());
            }
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(RawClient.connect(listening));  // past the limit, they queue in the backlog
            }
            while (output.stream().noneMatch(line -> line.contains("accept failed"))) {
                Thread.onSpinWait();  // until the server has run out of descriptors
            }
            RawClient last = clients.getLast();
            last.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            for (RawClient client : clients.subList(0, CLIENTS / 2)) {
                client.close();  // the server sees each end, and closes its side: descriptors come back
            }
            RawClient.Response response;
            try {
                response = last.read();
            } catch (RuntimeException e) {
                throw new AssertionError("no answer for the client that waited; the server said:\n" + String.join("\n", output), e);
            }
            assertEquals("static", response.bodyText(), "a client that waited in the backlog is served");

            long failures = output.stream().filter(line -> line.contains("accept failed")).count();
            assertTrue(failures < 40, failures + " accept failures logged: the server must wait between tries, "
                    + "not spin; the last: " + output.getLast());
            assertTrue(output.stream().anyMatch(line -> line.contains("Too many open files")), String.join("\n", output));
        } finally {
            clients.forEach(RawClient::close);
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static Process launchWithOpenFilesLimit(int limit) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = "ulimit -n " + limit + " && exec \"$0\" -cp \"$1\" " + Launcher.class.getName()
                + " --bind 127.0.0.1:0 --access-log off " + LauncherTest.class.getName() + "::STATIC_APP";
        return new ProcessBuilder("bash", "-c", command, java, System.getProperty("java.class.path"))
                .redirectErrorStream(true).start();
    }

    /** Keeps every line the launcher writes; completes {@code port} once it says where it listens. */
    private static void collect(Process process, List<String> output, CompletableFuture<Integer> port) {
        Pattern listening = Pattern.compile("on http://[^ ]+:(\\d+) ");
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                output.add(line);
                Matcher m = listening.matcher(line);
                if (m.find()) {
                    port.complete(Integer.parseInt(m.group(1)));
                }
            }
        } catch (IOException e) {
            // the process ended
        }
        port.completeExceptionally(new AssertionError("the launcher ended without listening:\n" + String.join("\n", output)));
    }
}
