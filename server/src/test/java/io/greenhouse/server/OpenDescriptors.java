package io.greenhouse.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** This process's open file descriptors, as Linux lists them in /proc/self/fd. */
final class OpenDescriptors {

    private static final Path FDS = Path.of("/proc/self/fd");

    private OpenDescriptors() {
    }

    /** Whether they can be counted here (Linux). */
    static boolean countable() {
        return Files.isDirectory(FDS);
    }

    /** How many are open on files in {@code directory}. */
    static long on(Path directory) throws IOException {
        Path real = directory.toRealPath();
        List<Path> fds;
        try (Stream<Path> entries = Files.list(FDS)) {
            fds = entries.toList();
        }
        long count = 0;
        for (Path fd : fds) {
            try {
                if (Files.readSymbolicLink(fd).startsWith(real)) {
                    count++;
                }
            } catch (IOException e) {
                // closed since it was listed (the listing's own descriptor among them)
            }
        }
        return count;
    }
}
