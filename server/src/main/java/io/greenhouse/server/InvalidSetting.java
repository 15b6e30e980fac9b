package io.greenhouse.server;

/**
 * A setting whose value is not valid, or a {@code server.} name that is no setting. The message
 * says which and why; {@link #name()} lets the launcher add where the value came from.
 */
final class InvalidSetting extends IllegalArgumentException {

    private final String name;

    InvalidSetting(String name, String message) {
        super(message);
        this.name = name;
    }

    InvalidSetting(String name, String message, Throwable cause) {
        super(message, cause);
        this.name = name;
    }

    /** The setting at fault, such as {@code server.idle-timeout}. */
    String name() {
        return name;
    }
}
