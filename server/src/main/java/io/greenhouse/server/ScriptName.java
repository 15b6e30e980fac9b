package io.greenhouse.server;

/**
 * Where the app is mounted ({@code server.script-name}, PEP 3333's SCRIPT_NAME): "/app" when a
 * proxy forwards {@code https://example.com/app/...} here unchanged, "" (the default) for the
 * root. A request's path is split at it into SCRIPT_NAME, the mount point, and PATH_INFO, the
 * rest, so the app sees its own paths and can still build URLs that lead back to it. A path
 * outside the mount point is not the app's: 404.
 */
final class ScriptName {

    static final ScriptName ROOT = new ScriptName("");

    private final String prefix;

    private ScriptName(String prefix) {
        this.prefix = prefix;
    }

    /**
     * "" or "/" for the root, else an absolute path without query or fragment; a trailing '/'
     * is dropped ("/app/" mounts at "/app").
     *
     * @throws IllegalArgumentException for anything else
     */
    static ScriptName parse(String value) {
        String prefix = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
        if (prefix.isEmpty()) {
            return ROOT;
        }
        if (!prefix.startsWith("/") || prefix.contains("//")
                || !prefix.chars().allMatch(c -> c > ' ' && c < 127 && "?#%\\".indexOf(c) < 0)) {
            throw new IllegalArgumentException("expected an absolute path such as /app, without query, "
                    + "fragment, percent-escapes or spaces");
        }
        return new ScriptName(prefix);
    }

    /** SCRIPT_NAME for a request whose decoded path is {@code path}. */
    String scriptName(String path) {
        return path.startsWith("/") ? prefix : "";  // "*" and CONNECT's authority are the server's, not a path
    }

    /** PATH_INFO: {@code path} past the mount point, or null when it lies outside it. */
    String pathInfo(String path) {
        if (prefix.isEmpty() || !path.startsWith("/")) {
            return path;
        }
        if (!path.startsWith(prefix)) {
            return null;
        }
        if (path.length() == prefix.length()) {
            return "";
        }
        return path.charAt(prefix.length()) == '/' ? path.substring(prefix.length()) : null;  // "/apple" is not under "/app"
    }

    @Override
    public String toString() {
        return prefix;
    }
}
