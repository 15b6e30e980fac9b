package io.greenhouse.server;

/** Status codes the server itself answers with, and what a status code says about the body. */
final class Status {

    private Status() {
    }

    static String reasonPhrase(int code) {
        return switch (code) {
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 408 -> "Request Timeout";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 417 -> "Expectation Failed";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 503 -> "Service Unavailable";
            case 505 -> "HTTP Version Not Supported";
            default -> "Error";
        };
    }

    /** 1xx, 204 and 304 responses never have content (RFC 9110 §6.4.1). */
    static boolean forbidsBody(int code) {
        return code < 200 || code == 204 || code == 304;
    }
}
