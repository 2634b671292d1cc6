package dev.franking.review.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Passkeys as a second factor. A signed-in moderator who has a passkey (or everyone, when {@code
 * required}) reaches nothing but the second-factor page, the passkey ceremony's endpoints, the
 * assets and sign-out until the session also carries Spring Security's {@code FACTOR_WEBAUTHN}
 * authority (the WebAuthn filter adds it to the password's authentication). The assertion is only
 * taken from a session that is already signed in: a passkey is a second factor here, never a way in
 * on its own.
 */
final class PasskeyGate extends OncePerRequestFilter {

    /**
     * Settings under {@code reports.review.passkeys}.
     *
     * @param enabled whether passkeys are offered at all
     * @param rpId the relying party id: the host name moderators use (passkeys are bound to it)
     * @param rpName the name authenticators show
     * @param allowedOrigins the exact origins the ceremonies may come from
     * @param required whether every moderator must register and use a passkey
     */
    @ConfigurationProperties("reports.review.passkeys")
    record Settings(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("localhost") String rpId,
            @DefaultValue("Franking review") String rpName,
            @DefaultValue("http://localhost:8080") List<String> allowedOrigins,
            @DefaultValue("false") boolean required) {
        Settings {
            if (enabled && (rpId == null || rpId.isBlank() || allowedOrigins.isEmpty())) {
                throw new IllegalArgumentException(
                        "reports.review.passkeys: rp-id and allowed-origins are needed");
            }
        }
    }

    static final String SECOND_FACTOR = "/review/second-factor";
    static final String PASSKEYS = "/review/passkeys";

    /** Spring Security's WebAuthn endpoints (fixed by its filters). */
    static final String AUTHENTICATE_OPTIONS = "/webauthn/authenticate/options";

    static final String ASSERTION = "/login/webauthn";
    static final String REGISTER = "/webauthn/register";
    static final String REGISTER_OPTIONS = "/webauthn/register/options";

    /** The name the password (or SSO) sign-in gave, for the assertion's success handler. */
    static final String FIRST_FACTOR_USER = PasskeyGate.class.getName() + ".user";

    private static final PathPatternRequestMatcher.Builder PATHS =
            PathPatternRequestMatcher.withDefaults();

    private static final RequestMatcher CEREMONY =
            new OrRequestMatcher(
                    PATHS.matcher(HttpMethod.POST, AUTHENTICATE_OPTIONS),
                    PATHS.matcher(HttpMethod.POST, ASSERTION));

    /** Spring Security's registration endpoints (options, register, delete). */
    private static final RequestMatcher REGISTRATION = PATHS.matcher("/webauthn/register/**");

    /** Reachable while the second factor is pending. */
    private static final RequestMatcher PENDING_ALLOWED =
            new OrRequestMatcher(
                    CEREMONY,
                    PATHS.matcher(SECOND_FACTOR),
                    PATHS.matcher("/review/assets/**"),
                    PATHS.matcher(ReviewSecurityConfig.LOGIN),
                    PATHS.matcher(HttpMethod.POST, "/review/logout"),
                    PATHS.matcher(ReviewSecurityConfig.DENIED));

    /** Reachable, besides the above, by someone who must register a first passkey. */
    private static final RequestMatcher FIRST_REGISTRATION =
            new OrRequestMatcher(
                    PATHS.matcher(HttpMethod.GET, PASSKEYS),
                    PATHS.matcher(HttpMethod.POST, REGISTER_OPTIONS),
                    PATHS.matcher(HttpMethod.POST, REGISTER));

    private final Settings settings;
    private final PublicKeyCredentialUserEntityRepository users;
    private final UserCredentialRepository credentials;
    private final AuthenticationTrustResolver trust = new AuthenticationTrustResolverImpl();

    PasskeyGate(
            Settings settings,
            PublicKeyCredentialUserEntityRepository users,
            UserCredentialRepository credentials) {
        this.settings = settings;
        this.users = users;
        this.credentials = credentials;
    }

    @Override
    protected void doFilterInternal(
            HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        boolean signedIn = trust.isAuthenticated(auth);
        if (CEREMONY.matches(request) || REGISTRATION.matches(request)) {
            if (!signedIn) {
                // a passkey alone does not sign anyone in: the password comes first
                response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
                return;
            }
            if (!isReviewer(auth)) {
                response.sendError(HttpServletResponse.SC_FORBIDDEN);
                return;
            }
        }
        if (CEREMONY.matches(request)) {
            request.setAttribute(FIRST_FACTOR_USER, auth.getName());
            chain.doFilter(request, response);
            return;
        }
        if (!signedIn || hasPasskeyFactor(auth) || PENDING_ALLOWED.matches(request)) {
            chain.doFilter(request, response);
            return;
        }
        boolean registered = hasPasskey(auth.getName());
        if (!registered && !settings.required()) {
            chain.doFilter(request, response);
            return;
        }
        if (!registered && FIRST_REGISTRATION.matches(request)) {
            chain.doFilter(request, response);
            return;
        }
        // everything else waits for the passkey (or, when required, for a first one)
        response.sendRedirect(
                request.getContextPath() + (registered ? SECOND_FACTOR : PASSKEYS + "?required"));
    }

    static boolean hasPasskeyFactor(Authentication auth) {
        for (GrantedAuthority a : auth.getAuthorities()) {
            if (FactorGrantedAuthority.WEBAUTHN_AUTHORITY.equals(a.getAuthority())) {
                return true;
            }
        }
        return false;
    }

    /** Whether this moderator has registered at least one passkey. */
    boolean hasPasskey(String username) {
        return hasPasskey(users, credentials, username);
    }

    static boolean hasPasskey(
            PublicKeyCredentialUserEntityRepository users,
            UserCredentialRepository credentials,
            String username) {
        PublicKeyCredentialUserEntity user = users.findByUsername(username);
        return user != null && !credentials.findByUserId(user.getId()).isEmpty();
    }

    /** One of the three review roles (the ceremonies are for moderators only). */
    static boolean isReviewer(Authentication auth) {
        for (GrantedAuthority a : auth.getAuthorities()) {
            String r = a.getAuthority();
            if ("ROLE_MODERATOR".equals(r)
                    || "ROLE_CHILD_SAFETY".equals(r)
                    || "ROLE_ADMIN".equals(r)) {
                return true;
            }
        }
        return false;
    }

    /** Ends a session whose assertion named someone else (cannot happen with allowCredentials). */
    static void endSession(HttpServletRequest request) {
        SecurityContextHolder.clearContext();
        HttpSession s = request.getSession(false);
        if (s != null) {
            s.invalidate();
        }
    }
}
