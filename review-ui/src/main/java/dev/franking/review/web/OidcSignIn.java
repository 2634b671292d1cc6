package dev.franking.review.web;

import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * OIDC sign-in for the review UI. The identity provider proves who someone is; whether they may
 * review, and in which roles, is the moderators table's business: the ID token's {@code
 * preferred_username} (or {@code email}) must name an enabled moderator here, whose roles become
 * the session's. Anyone else is refused, however valid their token.
 *
 * <p>Configure a registration with the standard properties and a redirect URI under /review, e.g.
 * {@code
 * spring.security.oauth2.client.registration.corp.redirect-uri={baseUrl}/review/login/oauth2/code/{registrationId}}.
 */
public final class OidcSignIn implements OAuth2UserService<OidcUserRequest, OidcUser> {
    public static final String AUTHORIZATION_BASE = "/review/oauth2/authorization";
    public static final String REDIRECTION_BASE = "/review/login/oauth2/code/*";

    private final OAuth2UserService<OidcUserRequest, OidcUser> delegate;
    private final UserDetailsService moderators;

    public OidcSignIn(UserDetailsService moderators) {
        this(new OidcUserService(), moderators);
    }

    OidcSignIn(
            OAuth2UserService<OidcUserRequest, OidcUser> delegate, UserDetailsService moderators) {
        this.delegate = delegate;
        this.moderators = moderators;
    }

    @Override
    public OidcUser loadUser(OidcUserRequest request) {
        OidcUser idp = delegate.loadUser(request);
        String name =
                idp.getPreferredUsername() != null ? idp.getPreferredUsername() : idp.getEmail();
        UserDetails moderator;
        try {
            moderator = name == null ? null : moderators.loadUserByUsername(name);
        } catch (UsernameNotFoundException e) {
            moderator = null;
        }
        if (moderator == null || !moderator.isEnabled()) {
            throw new OAuth2AuthenticationException(
                    new OAuth2Error("not_a_moderator", "not a moderator of this service", null));
        }
        String key = idp.getPreferredUsername() != null ? "preferred_username" : "email";
        return new DefaultOidcUser(
                moderator.getAuthorities(), idp.getIdToken(), idp.getUserInfo(), key);
    }
}
