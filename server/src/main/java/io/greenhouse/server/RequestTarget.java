package io.greenhouse.server;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The request-target split into what the environ needs (RFC 9112 §3.2): the decoded path,
 * the raw query, and for absolute-form the authority, which then names the server instead
 * of Host.
 *
 * @param path PATH_INFO: percent-decoded, its bytes read as UTF-8
 * @param query QUERY_STRING: raw, without '?', "" when absent
 * @param authority the authority of an absolute-form target (without userinfo), else null
 */
record RequestTarget(String path, String query, String authority) {

    /**
     * Splits {@code target}, checking that its form fits the method.
     *
     * @throws HttpError 400 for a target that is malformed or of the wrong form
     */
    static RequestTarget parse(String method, String target) throws HttpError {
        if (method.equals("CONNECT")) {
            return authorityForm(target);
        }
        char first = target.charAt(0);
        if (first == '/') {
            return originForm(target, 0, null);
        }
        if (target.equals("*")) {
            if (!method.equals("OPTIONS")) {
                throw HttpError.badRequest("asterisk-form target is only for OPTIONS");
            }
            return new RequestTarget("*", "", null);
        }
        int schemeEnd = schemeEnd(target);
        if (schemeEnd > 0) {
            return absoluteForm(target, schemeEnd);
        }
        throw HttpError.badRequest("invalid request target");
    }

    /** CONNECT's target, and only CONNECT's: uri-host ":" port (RFC 9112 §3.2.3). */
    private static RequestTarget authorityForm(String target) throws HttpError {
        Authority authority = Authority.parse(target);
        if (authority == null || authority.host().isEmpty() || authority.port() == null || authority.port().isEmpty()) {
            throw HttpError.badRequest("CONNECT needs a host:port target");
        }
        return new RequestTarget("", "", target);
    }

    /** Index after "http://" or "https://" (any case), else -1. */
    private static int schemeEnd(String target) {
        if (target.regionMatches(true, 0, "http://", 0, 7)) {
            return 7;
        }
        if (target.regionMatches(true, 0, "https://", 0, 8)) {
            return 8;
        }
        return -1;
    }

    private static RequestTarget absoluteForm(String target, int authorityStart) throws HttpError {
        int authorityEnd = authorityStart;
        while (authorityEnd < target.length() && "/?#".indexOf(target.charAt(authorityEnd)) < 0) {
            authorityEnd++;
        }
        String authority = target.substring(authorityStart, authorityEnd);
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            authority = authority.substring(at + 1);
        }
        if (authority.isEmpty() || !Authority.isValid(authority)) {
            throw HttpError.badRequest("invalid authority in request target");
        }
        if (authorityEnd == target.length() || target.charAt(authorityEnd) != '/') {
            // "http://host?q" has an empty path, which means "/" (RFC 9112 §3.2.2)
            RequestTarget rest = originForm("/" + target.substring(authorityEnd), 0, authority);
            return rest;
        }
        return originForm(target, authorityEnd, authority);
    }

    private static RequestTarget originForm(String target, int from, String authority) throws HttpError {
        int end = target.length();
        int hash = target.indexOf('#', from);
        if (hash >= 0) {
            end = hash;  // a fragment is never sent, but some clients do: drop it, as gunicorn does
        }
        int question = target.indexOf('?', from);
        String query = "";
        int pathEnd = end;
        if (question >= 0 && question < end) {
            pathEnd = question;
            query = target.substring(question + 1, end);
        }
        return new RequestTarget(decodePath(target, from, pathEnd), query, authority);
    }

    /** Percent-decodes {@code s[from, to)} and reads the bytes as UTF-8. */
    static String decodePath(String s, int from, int to) throws HttpError {
        boolean plain = true;
        for (int i = from; i < to && plain; i++) {
            char c = s.charAt(i);
            plain = c != '%' && c < 0x80;
        }
        if (plain) {
            return s.substring(from, to);
        }
        byte[] bytes = new byte[to - from];
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '%') {
                int high = i + 2 < to ? Ascii.hexValue(s.charAt(i + 1)) : -1;
                int low = high >= 0 ? Ascii.hexValue(s.charAt(i + 2)) : -1;
                if (low < 0) {
                    throw HttpError.badRequest("malformed percent-encoding in path");
                }
                int decoded = high * 16 + low;
                if (decoded == 0) {
                    throw HttpError.badRequest("NUL byte in path");
                }
                bytes[n++] = (byte) decoded;
                i += 2;
            } else {
                bytes[n++] = (byte) c;  // the target was read as ISO-8859-1: chars are its bytes
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, n))
                    .toString();
        } catch (CharacterCodingException e) {
            throw HttpError.badRequest("path is not valid UTF-8");
        }
    }
}
