package io.greenhouse.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A settings file such as {@code conf/greenhouse.properties}, in UTF-8: one {@code name = value}
 * a line (the value is the rest of the line, '=' and ':' included, trimmed), blank lines, and
 * comment lines starting with '#' or '!'. Stricter than {@link java.util.Properties} on purpose:
 * Properties also splits at ':' or a space, so a garbled line quietly became a setting of some
 * other name; here it is an error that names its line. No escapes and no continued lines.
 */
final class SettingsFile {

    /** One setting as the file gives it; {@code line} counts from 1. */
    record Entry(String name, String value, int line) {
    }

    private SettingsFile() {
    }

    /** @throws IllegalArgumentException naming the file, and the line when one is at fault */
    static List<Entry> read(Path path) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read config file " + path + ": " + why(e));
        }
        List<Entry> entries = new ArrayList<>();
        int line = 0;
        for (int start = 0; start < bytes.length; ) {
            int end = lineEnd(bytes, start);
            line++;
            String text = decode(bytes, start, end, path, line);
            if (line == 1 && text.startsWith("\uFEFF")) {
                text = text.substring(1);  // a byte order mark some editors write
            }
            Entry entry = entry(text.strip(), path, line);
            if (entry != null) {
                entries.add(entry);
            }
            start = end + 1;
        }
        return entries;
    }

    /** The setting on a line, or null for a blank or comment line. */
    private static Entry entry(String text, Path path, int line) {
        if (text.isEmpty() || text.startsWith("#") || text.startsWith("!")) {
            return null;
        }
        int eq = text.indexOf('=');
        if (eq < 0) {
            throw atLine(path, line, "expected NAME = VALUE, not '" + text + "'");
        }
        String name = text.substring(0, eq).strip();
        if (name.isEmpty()) {
            throw atLine(path, line, "no setting name before '='");
        }
        if (name.chars().anyMatch(Character::isWhitespace)) {
            throw atLine(path, line, "'" + name + "' is not a setting name (names have no spaces)");
        }
        return new Entry(name, text.substring(eq + 1).strip(), line);
    }

    /** Where the line that begins at {@code start} ends: its '\n', or the end of the file. */
    private static int lineEnd(byte[] bytes, int start) {
        for (int i = start; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return bytes.length;
    }

    private static String decode(byte[] bytes, int start, int end, Path path, int line) {
        if (end > start && bytes[end - 1] == '\r') {
            end--;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes, start, end - start)).toString();
        } catch (CharacterCodingException e) {
            throw atLine(path, line, "not UTF-8 text");
        }
    }

    private static IllegalArgumentException atLine(Path path, int line, String why) {
        return new IllegalArgumentException(origin(path, line) + ": " + why);
    }

    /** How errors name a line of a settings file. */
    static String origin(Path path, int line) {
        return "config file " + path + " line " + line;
    }

    private static String why(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
