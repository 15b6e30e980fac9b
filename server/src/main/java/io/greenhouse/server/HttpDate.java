package io.greenhouse.server;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The {@code Date} header line, formatted at most once a second and shared by all responses. */
final class HttpDate {

    /**
     * IMF-fixdate (RFC 9110 §5.6.7). Not {@link DateTimeFormatter#RFC_1123_DATE_TIME}: that one
     * writes the day of the month without its leading zero, which IMF-fixdate requires.
     */
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

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
            stamp = new Stamp(second, ("Date: " + format(second) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            current = stamp;
        }
        return stamp.line;
    }

    /** The IMF-fixdate of a second since the epoch. */
    static String format(long epochSecond) {
        return IMF_FIXDATE.format(Instant.ofEpochSecond(epochSecond));
    }
}
