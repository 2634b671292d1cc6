package dev.franking.review.testapp;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * The smallest application the review UI runs in for its tests: the ports are in-memory test
 * doubles and the moderators are in memory, as the report service's database would hold them.
 */
@SpringBootApplication
public class TestReviewApplication {
    public static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");
    public static final String PASSWORD = "correct horse battery staple";

    @Bean
    Clock clock() {
        return Clock.fixed(NOW, ZoneOffset.UTC);
    }

    @Bean
    InMemoryReviewPorts reviewPorts(Clock clock) {
        return new InMemoryReviewPorts(clock);
    }

    /**
     * The optional evidence port; {@code review-test.evidence=false} leaves it out (the UI must
     * work without it).
     */
    @Bean
    @ConditionalOnProperty(
            name = "review-test.evidence",
            havingValue = "true",
            matchIfMissing = true)
    InMemoryEvidence evidence(InMemoryReviewPorts ports, Clock clock) {
        return new InMemoryEvidence(ports, clock);
    }

    /** The optional approvals port, over the evidence double's forwardings. */
    @Bean
    @ConditionalOnProperty(
            name = "review-test.evidence",
            havingValue = "true",
            matchIfMissing = true)
    InMemoryApprovals approvals(InMemoryReviewPorts ports, InMemoryEvidence evidence) {
        return new InMemoryApprovals(ports, evidence);
    }

    /** The optional templates port. */
    @Bean
    InMemoryTemplates templates(Clock clock, InMemoryReviewPorts ports) {
        return new InMemoryTemplates(clock, ports);
    }

    /** The optional appeals port. */
    @Bean
    InMemoryAppeals appeals(InMemoryReviewPorts ports, Clock clock) {
        return new InMemoryAppeals(ports, clock);
    }

    /** Passkeys in memory (the report service keeps them in PostgreSQL). */
    @Bean
    org.springframework.security.web.webauthn.management.MapPublicKeyCredentialUserEntityRepository
            passkeyUsers() {
        return new org.springframework.security.web.webauthn.management
                .MapPublicKeyCredentialUserEntityRepository();
    }

    @Bean
    org.springframework.security.web.webauthn.management.MapUserCredentialRepository
            passkeyCredentials() {
        return new org.springframework.security.web.webauthn.management
                .MapUserCredentialRepository();
    }

    /** Sign-in audit rows, kept for the tests to read. */
    @Bean
    InMemorySignInAudit signInAudit() {
        return new InMemorySignInAudit();
    }

    /** The optional accounts port. */
    @Bean
    InMemoryAccounts accounts(Clock clock, InMemoryReviewPorts ports) {
        return new InMemoryAccounts(clock, ports);
    }

    /** The optional wellness port (settings with versions, counts from the reveals). */
    @Bean
    @ConditionalOnProperty(
            name = "review-test.evidence",
            havingValue = "true",
            matchIfMissing = true)
    InMemoryWellness wellness(InMemoryReviewPorts ports) {
        return new InMemoryWellness(ports);
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /** The moderators every test starts with (the accounts double puts them back on reset). */
    static List<UserDetails> seed(PasswordEncoder encoder) {
        String hash = encoder.encode(PASSWORD);
        return List.of(
                User.withUsername("mona").password(hash).roles("MODERATOR").build(),
                User.withUsername("carl").password(hash).roles("CHILD_SAFETY").build(),
                User.withUsername("ada").password(hash).roles("ADMIN").build(),
                User.withUsername("dana").password(hash).roles("CHILD_SAFETY").build(),
                User.withUsername("other").password(hash).roles("MODERATOR").build(),
                // a second moderator of the whole-context tests (not the case's assignee)
                User.withUsername("dora").password(hash).roles("MODERATOR").build());
    }

    @Bean
    InMemoryUserDetailsManager users(PasswordEncoder encoder) {
        return new InMemoryUserDetailsManager(seed(encoder));
    }

    /**
     * The optional accounts port, over the same users (so that what the back office does shows at
     * sign-in); {@code review-test.accounts=false} leaves it out.
     */
    @Bean
    @ConditionalOnProperty(
            name = "review-test.accounts",
            havingValue = "true",
            matchIfMissing = true)
    InMemoryModeratorAdmin moderatorAdmin(
            InMemoryUserDetailsManager users,
            PasswordEncoder encoder,
            Clock clock,
            InMemoryReviewPorts ports) {
        return new InMemoryModeratorAdmin(users, encoder, clock, seed(encoder), ports);
    }
}
