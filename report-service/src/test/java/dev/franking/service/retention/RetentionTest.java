package dev.franking.service.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.franking.review.model.ReviewPorts;
import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Role;
import dev.franking.review.model.Views;
import dev.franking.service.Reported;
import dev.franking.service.ServiceTestBase;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Retention with a controlled clock: shreds closed cases after 90 days, nothing preserved or held.
 */
class RetentionTest extends ServiceTestBase {
    @Autowired RetentionService retention;
    @Autowired ReviewPorts.Queue queue;
    @Autowired ReviewPorts.Cases cases;
    @Autowired ReviewPorts.Actions actions;

    static final Reviewer MOD = new Reviewer("ret-mod", EnumSet.of(Role.MODERATOR));
    static final Reviewer ADMIN = new Reviewer("ret-admin", EnumSet.of(Role.ADMIN));

    private UUID closedCase(String text) {
        UUID caseId =
                Reported.by(messenger, api, jdbc, unique("alice"), "spam", "comment", text)
                        .caseId();
        actions.claim(caseId, MOD);
        actions.decide(
                caseId,
                Views.Decision.DISMISS,
                new Views.StatementOfReasons("not spam", "looked at it", false),
                MOD);
        return caseId;
    }

    @Test
    void closedCasesAreShreddedAfterTheRetentionPeriodUnlessPreservedOrHeld() {
        UUID plain = closedCase("one");
        UUID held = closedCase("two");
        UUID preserved = closedCase("three");
        UUID recent;
        retention.placeHold(held, "court order 2026-17", ADMIN);
        jdbc.update(
                "UPDATE cases SET preserve_until = ? WHERE id = ?",
                Timestamp.from(CLOCK.instant().plus(Duration.ofDays(365))),
                preserved);
        assertThatThrownBy(() -> retention.placeHold(held, "again", ADMIN))
                .hasMessage("refused.already-held");
        assertThatThrownBy(() -> retention.placeHold(plain, "not an admin", MOD))
                .hasMessage("refused.forbidden");

        CLOCK.advance(Duration.ofDays(60));
        recent = closedCase("four");
        assertThat(retention.run(CLOCK.instant())).doesNotContain(plain, held, preserved, recent);

        CLOCK.advance(Duration.ofDays(31));
        List<UUID> shredded = retention.run(CLOCK.instant());
        assertThat(shredded).contains(plain).doesNotContain(held, preserved, recent);

        // gone for good: no key, no ciphertext; the commitments, stamps and the audit trail stay
        assertThat(
                        jdbc.queryForObject(
                                "SELECT wrapped_data_key IS NULL AND shredded_at IS NOT NULL FROM"
                                        + " cases WHERE id = ?",
                                Boolean.class,
                                plain))
                .isTrue();
        assertThat(
                        jdbc.queryForObject(
                                "SELECT count(*) FROM evidence_items WHERE case_id = ? AND"
                                        + " content_enc IS NOT NULL",
                                Integer.class,
                                plain))
                .isZero();
        assertThat(
                        jdbc.queryForObject(
                                "SELECT count(*) FROM evidence_items WHERE case_id = ? AND"
                                        + " octet_length(commitment) = 32",
                                Integer.class,
                                plain))
                .isEqualTo(1);
        assertThat(
                        jdbc.queryForObject(
                                "SELECT count(*) FROM reports WHERE case_id = ? AND comment_enc IS"
                                        + " NOT NULL",
                                Integer.class,
                                plain))
                .isZero();
        assertThat(
                        jdbc.queryForObject(
                                "SELECT count(*) FROM audit_log WHERE case_id = ? AND event ="
                                        + " 'case.shredded'",
                                Integer.class,
                                plain))
                .isEqualTo(1);
        UUID item =
                jdbc.queryForObject(
                        "SELECT id FROM evidence_items WHERE case_id = ?", UUID.class, plain);
        Reviewer senior = new Reviewer("ret-senior", EnumSet.of(Role.CHILD_SAFETY));
        assertThatThrownBy(() -> cases.reveal(plain, item, senior))
                .isInstanceOf(ReviewPorts.ActionRefused.class)
                .hasMessage("refused.evidence-destroyed");
        assertThat(cases.find(plain, senior).orElseThrow().evidenceDestroyed()).isTrue();

        // the held case goes once the hold is lifted; the preserved one not before its date
        retention.liftHold(held, "order expired", ADMIN);
        assertThat(retention.run(CLOCK.instant())).contains(held).doesNotContain(preserved);
        assertThat(
                        jdbc.queryForObject(
                                "SELECT count(*) FROM audit_log WHERE case_id = ? AND event IN"
                                        + " ('case.hold_placed', 'case.hold_lifted')",
                                Integer.class,
                                held))
                .isEqualTo(2);
        Instant later = CLOCK.instant().plus(Duration.ofDays(366));
        assertThat(retention.run(later)).contains(preserved, recent);
        CLOCK.set(later);
    }
}
