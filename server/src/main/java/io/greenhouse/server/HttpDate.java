package io.greenhouse.server;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The {@code Date} header line, formatted at most once a second and shared by all responses. */
final class HttpDate {

    private record Stamp(long second, byte[] line) {
    }

    private static volatile Stamp current = new Stamp(-1, null);

    private HttpDate() {
    }

    /** "Date: Tue, 24 Nov 2026 08:00:00 GMT\r\n" for now. */
    static byte[] headerLine() {
        long second = System.currentTimeMillis() / 1000;
        Stamp stamp = current;
        if (stamp.second != second) {
            String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.ofEpochSecond(second).atOffset(ZoneOffset.UTC));
            stamp = new Stamp(second, ("Date: " + date + "\r\n").getBytes(StandardCharsets.US_ASCII));
            current = stamp;
        }
        return stamp.line;
    }
}
