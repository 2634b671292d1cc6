package dev.franking.service.security;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * PROTOCOL.md §7: a token without {@code sub} or {@code exp} is a 401. Spring's validators accept
 * both absences (a missing {@code exp} is "never expires", a missing {@code sub} a null principal
 * that the controllers would take as a user). Checked around whichever decoder is configured (the
 * local key pair, a public key, a JWK set, an issuer), so no configuration can skip it.
 */
final class RequiredClaimsJwtDecoder implements JwtDecoder {
    private final JwtDecoder delegate;

    RequiredClaimsJwtDecoder(JwtDecoder delegate) {
        this.delegate = delegate;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt jwt = delegate.decode(token);
        String sub = jwt.getSubject();
        if (sub == null || sub.isBlank()) {
            // no claim values in the message: it reaches logs and WWW-Authenticate
            throw new BadJwtException("the token has no sub claim");
        }
        if (jwt.getExpiresAt() == null) {
            throw new BadJwtException("the token has no exp claim");
        }
        return jwt;
    }
}
