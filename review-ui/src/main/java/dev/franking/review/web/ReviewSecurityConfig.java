package dev.franking.review.web;

import dev.franking.review.model.ReviewPorts;
import jakarta.servlet.DispatcherType;
import java.time.Clock;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.server.servlet.CookieSameSiteSupplier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.session.ChangeSessionIdAuthenticationStrategy;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.webauthn.authentication.WebAuthnAuthenticationFilter;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;

/**
 * The review UI's security: a chain for {@code /review/**} only, ordered before the report
 * service's catch-all chain. Form login against the application's {@code UserDetailsService} (the
 * report service's moderators table), CSRF on every form, strict security headers.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
@EnableConfigurationProperties({SignInThrottle.Settings.class, PasskeyGate.Settings.class})
public class ReviewSecurityConfig {

    /**
     * No inline script or style anywhere: every script and stylesheet is a file under
     * /review/assets.
     */
    public static final String CONTENT_SECURITY_POLICY =
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:;"
                + " object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static final String LOGIN = "/review/login";
    public static final String DENIED = "/review/denied";

    /** Routes for admins only, besides everything under /review/admin/. */
    static final String REASSIGN = "/review/cases/*/reassign";

    /**
     * Requesting a forwarding: child-safety moderators only (an admin approves, never requests).
     */
    static final String FORWARD = "/review/cases/*/forward";

    /**
     * After a failed delivery: sending again, recording NCMEC's report id: child-safety moderators.
     */
    static final String RETRY_FORWARDING = "/review/cases/*/forwardings/*/retry";

    static final String FORWARDING_REFERENCE = "/review/cases/*/forwardings/*/reference";

    /** Deciding a forwarding and downloading its package: child-safety moderators and admins. */
    static final String APPROVE_FORWARDING = "/review/cases/*/forwardings/*/approve";

    static final String REJECT_FORWARDING = "/review/cases/*/forwardings/*/reject";
    static final String FORWARDING_PACKAGE = "/review/cases/*/forwardings/*/package";

    /** The approvals a reviewer may give: for those who may approve (child safety, admins). */
    static final String APPROVALS = "/review/approvals";

    /** Legal holds: admins only. */
    static final String HOLD = "/review/cases/*/hold";

    static final String LIFT_HOLD = "/review/cases/*/lift-hold";

    /** HSTS max-age: one year, the figure browsers' preload lists ask for. */
    static final long HSTS_MAX_AGE_SECONDS = 365L * 24 * 60 * 60;

    /**
     * Failed password sign-ins per account and per address (see {@link SignInThrottle}), on the
     * application's clock when it has one.
     */
    @Bean
    SignInThrottle reviewSignInThrottle(
            SignInThrottle.Settings settings, ObjectProvider<Clock> clock) {
        return new SignInThrottle(settings, clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    @Order(1)
    SecurityFilterChain reviewChain(
            HttpSecurity http,
            ObjectProvider<ClientRegistrationRepository> sso,
            ObjectProvider<UserDetailsService> moderators,
            SignInThrottle throttle,
            ObjectProvider<ReviewPorts.SignInAudit> signInAudit,
            PasskeyGate.Settings passkeySettings,
            ObjectProvider<PublicKeyCredentialUserEntityRepository> passkeyUsers,
            ObjectProvider<UserCredentialRepository> passkeyCredentials,
            ObjectProvider<ReviewPorts.ModeratorAdmin> accounts)
            throws Exception {
        // a session of an account disabled, given other roles or whose password was reset since
        // sign-in ends (back office)
        http.addFilterBefore(new AccountCheck(accounts), AuthorizationFilter.class);
        SignInAuditing audit = new SignInAuditing(signInAudit.getIfAvailable());
        // throttling, logging, audit rows and the answers of password sign-in; refuses a locked
        // account or address before Spring Security checks the password (after the CSRF check)
        SignInGuard guard = new SignInGuard(throttle, audit, accounts);
        http.addFilterBefore(guard, UsernamePasswordAuthenticationFilter.class);
        // passkeys as a second factor, when the application stores them (issue 14)
        PublicKeyCredentialUserEntityRepository users = passkeyUsers.getIfAvailable();
        UserCredentialRepository credentials = passkeyCredentials.getIfAvailable();
        boolean passkeys = passkeySettings.enabled() && users != null && credentials != null;
        if (passkeys) {
            PasskeyAssertionHandler assertion = new PasskeyAssertionHandler(audit);
            http.addFilterBefore(
                    new PasskeyGate(passkeySettings, users, credentials),
                    UsernamePasswordAuthenticationFilter.class);
            http.webAuthn(
                    w ->
                            w.rpId(passkeySettings.rpId())
                                    .rpName(passkeySettings.rpName())
                                    .allowedOrigins(Set.copyOf(passkeySettings.allowedOrigins()))
                                    // our own pages: /review/passkeys, /review/second-factor
                                    .disableDefaultRegistrationPage(true)
                                    .withObjectPostProcessor(
                                            new ObjectPostProcessor<
                                                    WebAuthnAuthenticationFilter>() {
                                                @Override
                                                public <O extends WebAuthnAuthenticationFilter>
                                                        O postProcess(O filter) {
                                                    // the passkey adds FACTOR_WEBAUTHN to the
                                                    // password's authentication (same user)
                                                    filter.setMfaEnabled(true);
                                                    // a new session id once fully signed in
                                                    filter.setSessionAuthenticationStrategy(
                                                            new ChangeSessionIdAuthenticationStrategy());
                                                    filter.setAuthenticationSuccessHandler(
                                                            assertion);
                                                    filter.setAuthenticationFailureHandler(
                                                            assertion);
                                                    return filter;
                                                }
                                            }));
        }
        // optional OIDC single sign-on: only with configured client registrations, and only for
        // people who
        // are moderators here (the moderators table gives the roles; the identity provider only
        // proves who)
        ClientRegistrationRepository registrations = sso.getIfAvailable();
        if (registrations != null) {
            http.oauth2Login(
                    o ->
                            o.loginPage(LOGIN)
                                    .authorizationEndpoint(
                                            a -> a.baseUri(OidcSignIn.AUTHORIZATION_BASE))
                                    .redirectionEndpoint(
                                            r -> r.baseUri(OidcSignIn.REDIRECTION_BASE))
                                    .userInfoEndpoint(
                                            u ->
                                                    u.oidcUserService(
                                                            new OidcSignIn(moderators.getObject())))
                                    .defaultSuccessUrl("/review", true)
                                    .failureUrl(LOGIN + "?error"));
        }
        // Spring Security's WebAuthn endpoints have fixed paths outside /review
        http.securityMatcher(
                        passkeys
                                ? new String[] {"/review/**", "/webauthn/**", PasskeyGate.ASSERTION}
                                : new String[] {"/review/**"})
                .authorizeHttpRequests(
                        a ->
                                a
                                        // the access-denied page is rendered by forwarding to it
                                        .dispatcherTypeMatchers(
                                                DispatcherType.FORWARD, DispatcherType.ERROR)
                                        .permitAll()
                                        .requestMatchers("/review/assets/**")
                                        .permitAll()
                                        .requestMatchers(LOGIN)
                                        .permitAll()
                                        .requestMatchers("/review/admin/**")
                                        .hasRole("ADMIN")
                                        .requestMatchers(HttpMethod.POST, REASSIGN, HOLD, LIFT_HOLD)
                                        .hasRole("ADMIN")
                                        .requestMatchers(
                                                HttpMethod.POST,
                                                FORWARD,
                                                RETRY_FORWARDING,
                                                FORWARDING_REFERENCE)
                                        .hasRole("CHILD_SAFETY")
                                        .requestMatchers(
                                                HttpMethod.POST,
                                                APPROVE_FORWARDING,
                                                REJECT_FORWARDING)
                                        .hasAnyRole("CHILD_SAFETY", "ADMIN")
                                        .requestMatchers(
                                                HttpMethod.GET, FORWARDING_PACKAGE, APPROVALS)
                                        .hasAnyRole("CHILD_SAFETY", "ADMIN")
                                        .anyRequest()
                                        .hasAnyRole("MODERATOR", "CHILD_SAFETY", "ADMIN"))
                .formLogin(
                        f ->
                                f.loginPage(LOGIN)
                                        .loginProcessingUrl(LOGIN)
                                        // to /review always, like defaultSuccessUrl("/review",
                                        // true); to ?error or ?locked=N
                                        .successHandler(guard)
                                        .failureHandler(guard))
                .logout(
                        l ->
                                l.logoutUrl("/review/logout")
                                        .logoutSuccessUrl(LOGIN + "?logout")
                                        .invalidateHttpSession(true)
                                        .clearAuthentication(true))
                .exceptionHandling(e -> e.accessDeniedPage(DENIED))
                .csrf(Customizer.withDefaults())
                .headers(
                        h ->
                                h.contentSecurityPolicy(
                                                c -> c.policyDirectives(CONTENT_SECURITY_POLICY))
                                        .referrerPolicy(r -> r.policy(ReferrerPolicy.NO_REFERRER))
                                        .frameOptions(f -> f.deny())
                                        .contentTypeOptions(Customizer.withDefaults())
                                        .cacheControl(Customizer.withDefaults())
                                        // written on secure requests only (Spring Security's
                                        // default matcher): behind a TLS proxy the request is
                                        // secure once forwarded headers are honoured (README).
                                        // No includeSubDomains: this service cannot know that
                                        // every sibling host speaks TLS.
                                        .httpStrictTransportSecurity(
                                                s ->
                                                        s.maxAgeInSeconds(HSTS_MAX_AGE_SECONDS)
                                                                .includeSubDomains(false)));
        return http.build();
    }

    /**
     * The session cookie is SameSite=Strict (the review UI is never entered from another site with
     * a session).
     */
    @Bean
    CookieSameSiteSupplier reviewSessionCookieSameSite(Environment env) {
        String name = env.getProperty("server.servlet.session.cookie.name", "JSESSIONID");
        return CookieSameSiteSupplier.ofStrict().whenHasName(name);
    }
}
