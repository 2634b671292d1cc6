package dev.franking.review.web;

import dev.franking.review.model.Views.OriginalHold;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The tokens of "view original" holds (issue 13): the POST that audits the view makes a random
 * token, hands it to the port with the view (its audit row keeps a digest of it) and redirects to a
 * page carrying it (post/redirect/get); that page and its image are shown again from the port
 * ({@code Cases.originalAgain}), which decrypts the file anew, writes no row, and does so only for
 * the person whose audit row of the last {@link OriginalHold#LIFETIME} names the token. Nothing is
 * kept in this process: the hold works behind a load balancer on any instance (the audit log is
 * shared), and no decrypted original waits in memory between requests.
 */
final class OriginalGrants {
    private OriginalGrants() {}

    private static final SecureRandom RANDOM = new SecureRandom();

    /** What {@link #newToken} makes: 24 characters of base64url (144 random bits). */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{16,64}");

    static String newToken() {
        byte[] t = new byte[18];
        RANDOM.nextBytes(t);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(t);
    }

    /** Whether a token from a request could be one of ours (else it is not asked about). */
    static boolean wellFormed(String token) {
        return token != null
                && token.length() <= OriginalHold.TOKEN_MAX
                && TOKEN.matcher(token).matches();
    }
}
