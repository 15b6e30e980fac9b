package io.greenhouse.server;

/**
 * Response header names the server owns (RFC 9110 §7.6.1): framing and connection
 * management are decided by the server, never copied from the app.
 */
enum HopByHop {
    /** An ordinary header: sent as the app gave it. */
    END_TO_END,
    /** The app's Content-Length: taken as the body length, written by the server. */
    CONTENT_LENGTH,
    /** The app's Connection: "close" is honoured, the header itself is the server's. */
    CONNECTION,
    /** Transfer-Encoding, Keep-Alive, Upgrade, TE, Trailer, Proxy-Connection: dropped. */
    OTHER;

    static HopByHop of(String name) {
        return switch (name.length()) {
            case 2 -> name.equalsIgnoreCase("TE") ? OTHER : END_TO_END;
            case 7 -> name.equalsIgnoreCase("Upgrade") || name.equalsIgnoreCase("Trailer") ? OTHER : END_TO_END;
            case 10 -> name.equalsIgnoreCase("Connection") ? CONNECTION
                    : name.equalsIgnoreCase("Keep-Alive") ? OTHER : END_TO_END;
            case 14 -> name.equalsIgnoreCase("Content-Length") ? CONTENT_LENGTH : END_TO_END;
            case 16 -> name.equalsIgnoreCase("Proxy-Connection") ? OTHER : END_TO_END;
            case 17 -> name.equalsIgnoreCase("Transfer-Encoding") ? OTHER : END_TO_END;
            default -> END_TO_END;
        };
    }
}
