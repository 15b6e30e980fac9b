package io.greenhouse.server;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the server reports what went wrong (app exceptions, dropped headers, refused
 * requests), and the stream behind {@code wsgi.errors}. Each message is one timestamped line,
 * followed by a stack trace for exceptions; stack traces never go to clients.
 */
final class ErrorLog {

    /** Bounds how many distinct once-only warnings are remembered; their keys come from apps. */
    private static final int MAX_ONCE_KEYS = 1000;

    private final PrintStream out;
    private final LogFile file;
    private final Set<String> loggedOnce = ConcurrentHashMap.newKeySet();

    ErrorLog(PrintStream out) {
        this(out, null);
    }

    private ErrorLog(PrintStream out, LogFile file) {
        this.out = out;
        this.file = file;
    }

    /** "stderr", "stdout" or a file path to append to. */
    static ErrorLog open(String target) {
        return switch (target) {
            case "stderr" -> new ErrorLog(System.err);
            case "stdout" -> new ErrorLog(System.out);
            default -> {
                LogFile logFile = new LogFile(target, "error log");
                yield new ErrorLog(new PrintStream(logFile, true, StandardCharsets.UTF_8), logFile);
            }
        };
    }

    /**
     * Opens a log file again under its name (after it was rotated); stdout and stderr stay. The
     * stream apps hold as {@code wsgi.errors} writes to the new file from then on.
     */
    void reopen() throws IOException {
        if (file != null) {
            out.flush();
            file.reopen();
        }
    }

    /** Closes a log file; stdout and stderr stay open. What is written after it is dropped. */
    void close() {
        if (file != null) {
            out.close();
        }
    }

    /** The stream apps write to as {@code wsgi.errors}. */
    PrintStream stream() {
        return out;
    }

    void log(String message) {
        out.println(prefix() + message);
    }

    /** Logs {@code message} the first time {@code key} comes: for warnings every response of an app would repeat. */
    void logOnce(String key, String message) {
        if (loggedOnce.size() < MAX_ONCE_KEYS && loggedOnce.add(key)) {
            log(message + " (logged once)");
        }
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
