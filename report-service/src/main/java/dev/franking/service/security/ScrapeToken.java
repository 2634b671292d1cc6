package dev.franking.service.security;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.http.HttpHeaders;

/**
 * The metrics scraper's bearer token. Compared as SHA-256 digests with {@link
 * MessageDigest#isEqual}: constant time, and the length of the configured token does not leak
 * through the comparison either.
 */
final class ScrapeToken {
    private static final String PREFIX = "Bearer ";

    /** Null when no scraper is configured: nothing matches. */
    private final byte[] expected;

    ScrapeToken(String token) {
        this.expected = token == null ? null : digest(token);
    }

    boolean matches(HttpServletRequest request) {
        if (expected == null) {
            return false;
        }
        String h = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (h == null
                || h.length() <= PREFIX.length()
                || !h.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return false;
        }
        return MessageDigest.isEqual(expected, digest(h.substring(PREFIX.length()).strip()));
    }

    private static byte[] digest(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    @Override
    public String toString() {
        return "ScrapeToken[REDACTED]";
    }
}
