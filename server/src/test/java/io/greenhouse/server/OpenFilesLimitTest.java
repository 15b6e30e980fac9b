package io.greenhouse.server;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The warning at start when ulimit -n, not server.max-connections, bounds the connections. */
class OpenFilesLimitTest {

    @Test
    void saysHowManyConnectionsTheLimitLeavesBesidesTheFilesHeld() {
        // with ulimit -n 50 it said "past about 0 connections", counting 100 files the server did not hold
        String warning = OpenFilesLimit.warning(50, 10_000, 30);
        assertTrue(warning.contains("plus the 30 files the server holds: past about 20 connections"), warning);
    }

    @Test
    void saysNothingWhenTheLimitIsHighEnoughOrUnknown() {
        assertNull(OpenFilesLimit.warning(20_000, 10_000, 30));
        assertNull(OpenFilesLimit.warning(-1, 10_000, 30));
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void countsTheFilesThisProcessHolds(@TempDir Path dir) throws IOException {
        long before = OpenFilesLimit.inUse();
        List<FileChannel> opened = new ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                opened.add(FileChannel.open(dir.resolve("f" + i), StandardOpenOption.CREATE, StandardOpenOption.WRITE));
            }
            long after = OpenFilesLimit.inUse();
            assertTrue(after >= before + 10, before + " then " + after);
        } finally {
            for (FileChannel channel : opened) {
                channel.close();
            }
        }
    }
}
