package dev.franking.service.security;

import dev.franking.service.FirstStartKeys;
import dev.franking.service.ReportsProperties;
import dev.franking.service.api.Problems;
import dev.franking.service.db.EmbeddedDatabaseMode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The API takes bearer JWTs (OAuth2 resource server): {@code sub} is the principal, scope {@code
 * stamp} for the relay, {@code report} for reporters. Keys come from the standard properties
 * ({@code spring.security.oauth2.resourceserver.jwt.public-key-location} or {@code jwk-set-uri});
 * with neither, the embedded default trusts a local key pair in the data directory (see {@link
 * TokenCommand}); an external database with neither refuses to start.
 *
 * <p>A token's {@code exp} and {@code nbf} are checked against the service's {@link Clock}, and
 * whichever decoder is in use answers through a {@link CachingJwtDecoder}.
 */
@Configuration(proxyBeanMethods = false)
@org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication(
        type =
                org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type
                        .SERVLET)
class SecurityConfig {
    private static final Logger log = LoggerFactory.getLogger(SecurityConfig.class);

    static final String[] JWT_PROPERTIES = {
        "spring.security.oauth2.resourceserver.jwt.public-key-location",
        "spring.security.oauth2.resourceserver.jwt.jwk-set-uri",
        "spring.security.oauth2.resourceserver.jwt.issuer-uri"
    };

    /**
     * Rules by endpoint kind, whatever the API version in the path. A path no rule names needs a
     * valid token and then gets Spring MVC's answer (404, 405): an unknown path is not a scope
     * problem. {@code ApiScopesTest} checks that every API endpoint is under a scope rule.
     */
    @Bean
    @org.springframework.core.annotation.Order(10)
    SecurityFilterChain apiChain(HttpSecurity http) throws Exception {
        http.securityMatcher("/api/**")
                .authorizeHttpRequests(
                        a ->
                                a.requestMatchers(HttpMethod.GET, "/api/*/openapi.yaml")
                                        .permitAll()
                                        .requestMatchers("/api/*/stamps/**")
                                        .hasAuthority("SCOPE_stamp")
                                        .requestMatchers("/api/*/reports/**")
                                        .hasAuthority("SCOPE_report")
                                        .requestMatchers("/api/*/actions/**")
                                        .hasAuthority("SCOPE_platform")
                                        .anyRequest()
                                        .authenticated())
                .oauth2ResourceServer(
                        o ->
                                o.bearerTokenResolver(new FastPaths.BearerTokens())
                                        .jwt(j -> {})
                                        .authenticationEntryPoint(SecurityConfig::unauthenticated)
                                        .accessDeniedHandler(SecurityConfig::insufficientScope))
                .exceptionHandling(
                        e ->
                                e.authenticationEntryPoint(SecurityConfig::unauthenticated)
                                        .accessDeniedHandler(SecurityConfig::insufficientScope))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(c -> c.disable())
                .requestCache(c -> c.disable())
                .anonymous(a -> a.disable())
                // stateless and bearer-only: no session to end, and nothing reads the principal
                // through the servlet API
                .logout(l -> l.disable())
                .servletApi(s -> s.disable());
        return http.build();
    }

    /**
     * Spring's default firewall, its header checks without regular expressions ({@link
     * FastPaths#firewall}); picked up by {@code WebSecurity} as the one {@code HttpFirewall} bean.
     */
    @Bean
    org.springframework.security.web.firewall.HttpFirewall httpFirewall() {
        return FastPaths.firewall();
    }

    /**
     * 401 with RFC 6750's challenge. Its error fields are fixed text, not the exception's message:
     * a decoder's message can quote parts of the token.
     */
    static void unauthenticated(
            HttpServletRequest req, HttpServletResponse res, AuthenticationException e)
            throws IOException {
        res.setHeader(
                HttpHeaders.WWW_AUTHENTICATE,
                e instanceof OAuth2AuthenticationException
                        ? "Bearer error=\"invalid_token\", error_description=\"the token is"
                                + " invalid, expired, or lacks sub or exp\""
                        : "Bearer");
        Problems.write(
                res,
                HttpStatus.UNAUTHORIZED,
                "unauthenticated",
                "Unauthorized",
                "a valid bearer token is required");
    }

    static void insufficientScope(
            HttpServletRequest req, HttpServletResponse res, AccessDeniedException e)
            throws IOException {
        res.setHeader(
                HttpHeaders.WWW_AUTHENTICATE,
                "Bearer error=\"insufficient_scope\", error_description=\"the token's scope does"
                        + " not allow this request\"");
        Problems.write(
                res,
                HttpStatus.FORBIDDEN,
                "insufficient_scope",
                "Forbidden",
                "the token's scope does not allow this request");
    }

    /**
     * The actuator: health is public (orchestrators probe it without credentials); every other
     * endpoint, Prometheus included, only for the scraper's bearer token ({@code
     * reports.metrics.scrape-token}), compared in constant time. No token configured: nobody. A
     * refusal is a 401 with a bare {@code Bearer} challenge; it never says whether a token is set.
     */
    @Bean
    @org.springframework.core.annotation.Order(20)
    SecurityFilterChain actuatorChain(HttpSecurity http, ReportsProperties props) throws Exception {
        ScrapeToken scraper = new ScrapeToken(props.metrics().token());
        http.securityMatcher("/actuator/**")
                .authorizeHttpRequests(
                        a ->
                                a.requestMatchers("/actuator/health", "/actuator/health/**")
                                        .permitAll()
                                        .anyRequest()
                                        .access(
                                                (auth, ctx) ->
                                                        new org.springframework.security
                                                                .authorization
                                                                .AuthorizationDecision(
                                                                scraper.matches(ctx.getRequest()))))
                .exceptionHandling(
                        e ->
                                e.authenticationEntryPoint(SecurityConfig::unauthenticatedScraper)
                                        .accessDeniedHandler(
                                                (req, res, ex) ->
                                                        unauthenticatedScraper(req, res, null)))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(c -> c.disable())
                .requestCache(c -> c.disable())
                .logout(l -> l.disable());
        return http.build();
    }

    static void unauthenticatedScraper(
            HttpServletRequest req, HttpServletResponse res, AuthenticationException e)
            throws IOException {
        res.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        Problems.write(
                res,
                HttpStatus.UNAUTHORIZED,
                "unauthenticated",
                "Unauthorized",
                "this endpoint is for the metrics scraper's token only");
    }

    /**
     * Everything no other chain claims (the review UI's chain comes first, with its own matcher).
     */
    @Bean
    @org.springframework.core.annotation.Order(org.springframework.core.Ordered.LOWEST_PRECEDENCE)
    SecurityFilterChain otherChain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(
                        a ->
                                a.requestMatchers("/problems/**", "/error")
                                        .permitAll()
                                        .anyRequest()
                                        .denyAll())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(c -> c.disable());
        return http.build();
    }

    /**
     * Token lifetimes in the service's time, which tests move, with Spring's default 60 s skew. As
     * an {@code OAuth2TokenValidator<Jwt>} bean it replaces the system-clock one in the decoder
     * Spring Boot builds from the {@code spring.security.oauth2.resourceserver.jwt.*} properties.
     */
    @Bean
    JwtTimestampValidator jwtTimestampValidator(Clock clock) {
        JwtTimestampValidator v = new JwtTimestampValidator();
        v.setClock(clock);
        // §7: no exp is a 401, not a token that never expires (RequiredClaimsJwtDecoder says
        // the same around every decoder)
        v.setAllowEmptyExpiryClaim(false);
        return v;
    }

    /**
     * Every JwtDecoder, ours or Spring Boot's, is wrapped: in the claims §7 requires, and in a
     * cache (clients reuse a token for many requests), which only ever holds tokens that had both.
     */
    @Bean
    static BeanPostProcessor cachingJwtDecoders(
            ObjectProvider<JwtTimestampValidator> timestamps, ObjectProvider<Clock> clock) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof JwtDecoder d && !(bean instanceof CachingJwtDecoder)) {
                    return new CachingJwtDecoder(
                            new RequiredClaimsJwtDecoder(d),
                            timestamps.getObject(),
                            clock.getObject());
                }
                return bean;
            }
        };
    }

    /**
     * No Micrometer observation around each security filter, authentication and authorization: with
     * Actuator's registry every filter of the chain got an observation of its own, several percent
     * of the service's CPU under load. Requests are still timed as a whole ({@code
     * http.server.requests}).
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /** The embedded default's token keys: generated once into {@code <data dir>/jwt}. */
    @Bean
    @Conditional(NoJwtConfigured.class)
    JwtDecoder localJwtDecoder(
            ReportsProperties props,
            Environment env,
            JwtTimestampValidator timestamps,
            ObjectProvider<FirstStartKeys.Keys> firstStartKeys)
            throws IOException {
        if (!EmbeddedDatabaseMode.isEmbedded(env)) {
            throw new IllegalStateException(
                    "An external database is configured but no token keys are: set"
                        + " spring.security.oauth2.resourceserver.jwt.public-key-location (an RSA"
                        + " public key in PEM) or "
                        + "spring.security.oauth2.resourceserver.jwt.jwk-set-uri");
        }
        Path dir = props.dataDir().toAbsolutePath().normalize().resolve("jwt");
        FirstStartKeys.Keys early = firstStartKeys.getIfAvailable();
        // a first start's pair, generated since before the refresh (cold start)
        var kp =
                JwtKeys.loadOrCreate(
                        dir,
                        early == null || Files.exists(dir.resolve("private.pem"))
                                ? null
                                : early.tokenKeys(dir));
        log.info(
                "No identity provider configured: trusting bearer tokens signed by the local key"
                    + " pair in {}. Mint one with: java -jar"
                    + " report-service/target/report-service.jar token --sub bob --scope report",
                dir);
        NimbusJwtDecoder decoder =
                NimbusJwtDecoder.withPublicKey((RSAPublicKey) kp.getPublic()).build();
        decoder.setJwtValidator(JwtValidators.createDefaultWithValidators(timestamps));
        return decoder;
    }

    static final class NoJwtConfigured implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return JwtKeys.usesLocalKeys(context.getEnvironment());
        }
    }
}
