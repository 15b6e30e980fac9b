package io.greenhouse.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's open-files limit (RLIMIT_NOFILE, {@code ulimit -n}): each connection is one
 * file, so a limit under server.max-connections, not the setting, decides how many are served
 * at once. Read from /proc on Linux; elsewhere unknown.
 */
final class OpenFilesLimit {

    /** Files the JVM, the log files and the app take besides connections, roughly, when /proc cannot say. */
    private static final long OTHER_FILES = 100;

    private OpenFilesLimit() {
    }

    /** The soft limit, or -1 when it cannot be read or is unlimited. */
    static long soft() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String[] fields = line.substring("Max open files".length()).trim().split("\\s+");
                    return fields[0].equals("unlimited") ? -1 : Long.parseLong(fields[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or not readable: nothing to say
        }
        return -1;
    }

    /** Files this process has open now (/proc/self/fd), or a rough guess where that cannot be read. */
    static long inUse() {
        try (var open = Files.list(Path.of("/proc/self/fd"))) {
            return open.count();
        } catch (IOException | RuntimeException e) {
            return OTHER_FILES;
        }
    }

    /**
     * A warning for the operator when the limit would bound connections below the setting, else
     * null; {@code inUse} are the files the process holds besides connections.
     */
    static String warning(long softLimit, int maxConnections, long inUse) {
        if (softLimit < 0 || softLimit >= maxConnections + inUse) {
            return null;
        }
        return "the open-files limit (" + softLimit + ") is below server.max-connections (" + maxConnections
                + ") plus the " + inUse + " files the server holds: past about " + Math.max(0, softLimit - inUse)
                + " connections, new ones wait to be accepted. Raise it (ulimit -n, or the container's nofile limit)";
    }
}
