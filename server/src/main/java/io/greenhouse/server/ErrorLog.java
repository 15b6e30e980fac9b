package io.greenhouse.server;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Where the server reports what went wrong (app exceptions, dropped headers, refused
 * requests), and the stream behind {@code wsgi.errors}. Each message is one timestamped line,
 * followed by a stack trace for exceptions; stack traces never go to clients.
 */
final class ErrorLog {

    private final PrintStream out;

    ErrorLog(PrintStream out) {
        this.out = out;
    }

    /** "stderr", "stdout" or a file path to append to. */
    static ErrorLog open(String target) {
        return switch (target) {
            case "stderr" -> new ErrorLog(System.err);
            case "stdout" -> new ErrorLog(System.out);
            default -> {
                try {
                    yield new ErrorLog(new PrintStream(new FileOutputStream(target, true), true, StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot open error log " + target, e);
                }
            }
        };
    }

    /** The stream apps write to as {@code wsgi.errors}. */
    PrintStream stream() {
        return out;
    }

    void log(String message) {
        out.println(prefix() + message);
    }

    void log(String message, Throwable error) {
        StringBuilder line = new StringBuilder(prefix()).append(message);
        java.io.StringWriter trace = new java.io.StringWriter();
        error.printStackTrace(new java.io.PrintWriter(trace));
        out.print(line.append(System.lineSeparator()).append(trace));
        out.flush();
    }

    private static String prefix() {
        return "[" + OffsetDateTime.now().truncatedTo(ChronoUnit.MILLIS).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME) + "] ";
    }
}
