package dev.franking.service.security;

import dev.franking.service.ReportsProperties;
import dev.franking.service.api.Problems;
import dev.franking.service.db.EmbeddedDatabaseMode;
import java.io.IOException;
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
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
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

    @Bean
    @org.springframework.core.annotation.Order(10)
    SecurityFilterChain apiChain(HttpSecurity http) throws Exception {
        http.securityMatcher("/api/**")
                .authorizeHttpRequests(
                        a ->
                                a.requestMatchers(HttpMethod.GET, "/api/v1/openapi.yaml")
                                        .permitAll()
                                        .requestMatchers(HttpMethod.POST, "/api/v1/stamps")
                                        .hasAuthority("SCOPE_stamp")
                                        .requestMatchers(HttpMethod.POST, "/api/v2/stamps")
                                        .hasAuthority("SCOPE_stamp")
                                        .requestMatchers(HttpMethod.POST, "/api/v2/reports")
                                        .hasAuthority("SCOPE_report")
                                        .requestMatchers(HttpMethod.GET, "/api/v2/reports/*")
                                        .hasAuthority("SCOPE_report")
                                        .requestMatchers(
                                                HttpMethod.PUT,
                                                "/api/v2/reports/*/messages/*/attachments/*")
                                        .hasAuthority("SCOPE_report")
                                        .anyRequest()
                                        .denyAll())
                .oauth2ResourceServer(
                        o ->
                                o.jwt(j -> {})
                                        .authenticationEntryPoint(
                                                (req, res, e) ->
                                                        Problems.write(
                                                                res,
                                                                HttpStatus.UNAUTHORIZED,
                                                                "unauthorized",
                                                                "Unauthorized",
                                                                "a valid bearer token is required"))
                                        .accessDeniedHandler(
                                                (req, res, e) ->
                                                        Problems.write(
                                                                res,
                                                                HttpStatus.FORBIDDEN,
                                                                "insufficient_scope",
                                                                "Forbidden",
                                                                "the token's scope does not allow"
                                                                        + " this request")))
                .exceptionHandling(
                        e ->
                                e.authenticationEntryPoint(
                                                (req, res, ex) ->
                                                        Problems.write(
                                                                res,
                                                                HttpStatus.UNAUTHORIZED,
                                                                "unauthorized",
                                                                "Unauthorized",
                                                                "a valid bearer token is required"))
                                        .accessDeniedHandler(
                                                (req, res, ex) ->
                                                        Problems.write(
                                                                res,
                                                                HttpStatus.FORBIDDEN,
                                                                "insufficient_scope",
                                                                "Forbidden",
                                                                "the token's scope does not allow"
                                                                        + " this request")))
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
     * Everything no other chain claims (the review UI's chain comes first, with its own matcher).
     */
    @Bean
    @org.springframework.core.annotation.Order(org.springframework.core.Ordered.LOWEST_PRECEDENCE)
    SecurityFilterChain otherChain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(
                        a ->
                                a.requestMatchers(
                                                "/actuator/health",
                                                "/actuator/health/**",
                                                "/actuator/info",
                                                "/actuator/prometheus")
                                        .permitAll()
                                        .requestMatchers("/problems/**", "/error")
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
        return v;
    }

    /**
     * Every JwtDecoder, ours or Spring Boot's, is wrapped: clients reuse a token for many requests.
     */
    @Bean
    static BeanPostProcessor cachingJwtDecoders(
            ObjectProvider<JwtTimestampValidator> timestamps, ObjectProvider<Clock> clock) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof JwtDecoder d && !(bean instanceof CachingJwtDecoder)) {
                    return new CachingJwtDecoder(d, timestamps.getObject(), clock.getObject());
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
            ReportsProperties props, Environment env, JwtTimestampValidator timestamps)
            throws IOException {
        if (!EmbeddedDatabaseMode.isEmbedded(env)) {
            throw new IllegalStateException(
                    "An external database is configured but no token keys are: set"
                        + " spring.security.oauth2.resourceserver.jwt.public-key-location (an RSA"
                        + " public key in PEM) or "
                        + "spring.security.oauth2.resourceserver.jwt.jwk-set-uri");
        }
        Path dir = props.dataDir().toAbsolutePath().normalize().resolve("jwt");
        var kp = JwtKeys.loadOrCreate(dir);
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
