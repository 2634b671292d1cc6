package dev.franking.review.testapp;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * What the report service brings along that the review UI must live with: a catch-all security
 * chain without a matcher that denies everything, and an API exception handler of the highest
 * precedence that answers every exception. The UI's tests run with both in place.
 */
@Configuration(proxyBeanMethods = false)
public class LikeTheReportService {

    @Bean
    SecurityFilterChain otherChain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(
                        a -> a.requestMatchers("/error").permitAll().anyRequest().denyAll())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(c -> c.disable());
        return http.build();
    }

    @RestControllerAdvice
    @Order(Ordered.HIGHEST_PRECEDENCE)
    static class GreedyApiAdvice {
        @ExceptionHandler(Exception.class)
        ResponseEntity<String> any(Exception e) {
            return ResponseEntity.status(HttpStatus.I_AM_A_TEAPOT)
                    .body("{\"type\":\"api-problem\"}");
        }
    }
}
