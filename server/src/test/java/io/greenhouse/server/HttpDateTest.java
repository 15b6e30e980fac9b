package io.greenhouse.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class HttpDateTest {

    // RFC 9110 §5.6.7: IMF-fixdate, the day of the month always two digits
    @Test
    void writesTheDayOfTheMonthWithTwoDigits() {
        long second = LocalDateTime.of(1994, 11, 6, 8, 49, 37).toEpochSecond(ZoneOffset.UTC);
        assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", HttpDate.format(second));
    }
}
