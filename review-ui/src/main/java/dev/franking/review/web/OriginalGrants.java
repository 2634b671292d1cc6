package dev.franking.review.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * Short-lived grants for "view original" (issue 13): the POST that audits the view decrypts the
 * file once and leaves it here under a random token; the page it redirects to (post/redirect/get)
 * and the image that page shows are served from the grant, so a refresh shows the same view again
 * without a second audit row, and nothing but that POST ever decrypts an original.
 *
 * <p>A grant belongs to one person and one file and ends {@link #TTL} after it was made; then the
 * page offers "view original" again (a new, audited view). The bytes stay in this process's memory
 * only (never the session, a flash attribute or a URL), bounded by {@link #MAX_BYTES} in all; with
 * several instances behind a load balancer a grant made on one is unknown on another (the page then
 * says it has expired), so sticky sessions keep it working.
 */
final class OriginalGrants {
    static final Duration TTL = Duration.ofMinutes(5);
    static final long MAX_BYTES = 256L * 1024 * 1024;

    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * What a grant allows: {@code colour} once the person took the second step (the original
     * bytes); before that the greyscale, unblurred rendering only (when their settings ask for
     * greyscale).
     */
    record Grant(
            String username,
            UUID caseId,
            UUID itemId,
            int n,
            String contentType,
            byte[] bytes,
            boolean colour) {
        boolean of(String user, UUID c, UUID item, int number) {
            return username.equals(user) && caseId.equals(c) && itemId.equals(item) && n == number;
        }

        Grant inColour() {
            return new Grant(username, caseId, itemId, n, contentType, bytes, true);
        }
    }

    private final Cache<String, Grant> grants =
            Caffeine.newBuilder()
                    .expireAfterWrite(TTL)
                    .maximumWeight(MAX_BYTES)
                    .weigher((String k, Grant g) -> g.bytes().length + 256)
                    .build();

    String put(Grant g) {
        byte[] t = new byte[18];
        RANDOM.nextBytes(t);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(t);
        grants.put(token, g);
        return token;
    }

    /** The grant, if it exists, has not expired and is this person's for this file. */
    Optional<Grant> find(String token, String user, UUID caseId, UUID itemId, int n) {
        if (token == null || token.length() > 64) {
            return Optional.empty();
        }
        Grant g = grants.getIfPresent(token);
        return g != null && g.of(user, caseId, itemId, n) ? Optional.of(g) : Optional.empty();
    }

    /**
     * Replaces a grant's content under the same token (the colour step; its lifetime starts again).
     */
    void replace(String token, Grant g) {
        grants.asMap().computeIfPresent(token, (k, old) -> g);
    }
}
