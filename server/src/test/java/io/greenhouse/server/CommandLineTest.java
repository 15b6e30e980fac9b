package io.greenhouse.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** bin/serve's options: an unknown one is named as unknown, wherever it stands. */
class CommandLineTest {

    private static String refusal(String... args) {
        return assertThrows(IllegalArgumentException.class, () -> CommandLine.parse(args)).getMessage();
    }

    @Test
    void anUnknownOptionGivenLastIsUnknownNotShortOfAValue() {
        assertEquals("unknown option --bogus", refusal("--bogus"));
    }

    @Test
    void anUnknownShortOptionIsUnknownNotTakenForTheApp() {
        // it was: "cannot load app class -x: not on the classpath"
        assertEquals("unknown option -x", refusal("-x"));
        assertEquals("unknown option -p", refusal("-p", "9010", "some.App"));
    }

    @Test
    void aServerSettingWrittenInFullSaysHowToGiveIt() {
        assertEquals("unknown option --server.idle-timeout (server settings go as --idle-timeout)",
                refusal("--server.idle-timeout", "5s"));
    }

    @Test
    void aKnownOptionGivenLastNeedsAValue() {
        assertEquals("option --idle-timeout needs a value", refusal("--idle-timeout"));
    }
}
