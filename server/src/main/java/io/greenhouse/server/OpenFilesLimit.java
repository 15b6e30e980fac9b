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

    /** Files the JVM, the log files and the app take besides connections, roughly. */
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

    /** A warning for the operator when the limit would bound connections below the setting, else null. */
    static String warning(long softLimit, int maxConnections) {
        if (softLimit < 0 || softLimit >= maxConnections + OTHER_FILES) {
            return null;
        }
        return "the open-files limit (" + softLimit + ") is below server.max-connections (" + maxConnections
                + ") plus the server's own files: past about " + Math.max(0, softLimit - OTHER_FILES)
                + " connections, new ones wait to be accepted. Raise it (ulimit -n, or the container's nofile limit)";
    }
}
