package dev.franking.service.appeals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.franking.review.model.ReviewPorts;
import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Role;
import dev.franking.review.model.Views;
import dev.franking.service.Api;
import dev.franking.service.Reported;
import dev.franking.service.ServiceTestBase;
import dev.franking.service.TestTokens;
import java.util.EnumSet;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Deciding appeals (issue 14, §7): four eyes, a reversal withdraws the action ({@code
 * action.reversed} naming it) and the platform hears {@code appeal.decided}; the reporter sees the
 * outcome through GET.
 */
class AppealDecisionTest extends ServiceTestBase {
    @Autowired ReviewPorts.Actions actions;
    @Autowired dev.franking.service.outbox.Outbox outbox;
    @Autowired Appeals appeals;
    @Autowired ReviewPorts.Appeals port;

    static final Reviewer MOD = new Reviewer("appeal-dec-mod-1", EnumSet.of(Role.MODERATOR));
    static final Reviewer OTHER = new Reviewer("appeal-dec-mod-2", EnumSet.of(Role.MODERATOR));
    static final String PLATFORM = TestTokens.token("platform-backend", "platform");

    /** Leaves no event of this test queued for other tests' platforms. */
    @AfterEach
    void drain() throws Exception {
        dev.franking.service.outbox.Drain.platformEvents(outbox, CLOCK);
    }

    @Test
    void aReversedAppealWithdrawsTheActionAndTellsBothSides() {
        Reported r = Reported.spam(messenger, api, jdbc, "hi");
        String alice = r.sender(), token = r.token(), reportId = r.reportId();
        UUID caseId = r.caseId();
        actions.claim(caseId, MOD);
        actions.decide(
                caseId,
                Views.Decision.SUSPEND,
                new Views.StatementOfReasons("ToS 4.2", "spam", false),
                MOD);
        String action =
                jdbc.queryForObject(
                        "SELECT subject FROM audit_log WHERE case_id = ? AND event ="
                                + " 'platform_action.queued'",
                        String.class,
                        caseId);
        Api.Response filed =
                api.post(
                        "/api/v2/actions/" + action + "/appeals",
                        PLATFORM,
                        Map.of("userId", alice, "statement", "It was a joke between friends."));
        assertThat(filed.status()).as(filed.body()).isEqualTo(201);
        UUID byUser = UUID.fromString(filed.json().get("appealId").asString());
        Api.Response byReporter =
                api.post(
                        "/api/v2/reports/" + reportId + "/appeals",
                        token,
                        Map.of("statement", "Keep it."));
        UUID reporterAppeal = UUID.fromString(byReporter.json().get("appealId").asString());

        // four eyes: the original decider may not decide the appeal; the refusal is audited
        assertThatThrownBy(() -> port.reverse(byUser, "joke", MOD))
                .isInstanceOf(ReviewPorts.ActionRefused.class)
                .extracting(e -> ((ReviewPorts.ActionRefused) e).messageKey())
                .isEqualTo("refused.appeal-four-eyes");
        assertThat(
                        jdbc.queryForObject(
                                "SELECT detail FROM audit_log WHERE case_id = ? AND actor = ? AND"
                                        + " event = 'case.action_refused' AND subject ="
                                        + " 'appeal:reversed'",
                                String.class,
                                caseId,
                                MOD.username()))
                .isEqualTo("appeal=" + byUser + "; reason=refused.appeal-four-eyes");
        assertThatThrownBy(() -> port.reverse(byUser, " ", OTHER))
                .isInstanceOf(ReviewPorts.ActionRefused.class);
        assertThatThrownBy(() -> appeals.decide(byUser, "maybe", "x", OTHER))
                .isInstanceOf(ReviewPorts.ActionRefused.class);
        // an admin who made the decision is refused as well: four eyes is about the person
        assertThatThrownBy(
                        () ->
                                port.uphold(
                                        byUser,
                                        "mine",
                                        new Reviewer(MOD.username(), EnumSet.of(Role.ADMIN))))
                .isInstanceOf(ReviewPorts.ActionRefused.class);
        assertThat(port.open(MOD)).extracting(ReviewPorts.Appeals.AppealRow::id).contains(byUser);
        assertThat(port.open(MOD).stream().filter(a -> a.id().equals(byUser)).findFirst())
                .get()
                .satisfies(
                        a -> {
                            assertThat(a.mine()).isTrue();
                            assertThat(a.ground()).isEqualTo("ToS 4.2");
                            assertThat(a.facts()).isEqualTo("spam");
                            assertThat(a.appellant()).isEqualTo("affected_user");
                        });
        assertThat(port.open(OTHER).stream().filter(a -> a.id().equals(byUser)).findFirst())
                .get()
                .extracting(ReviewPorts.Appeals.AppealRow::mine)
                .isEqualTo(false);

        // the statement: sealed at rest, opened for a view that is audited
        assertThat(
                        jdbc.queryForObject(
                                "SELECT position(convert_to(?, 'UTF8') IN statement_enc) FROM"
                                        + " appeals WHERE id = ?",
                                Integer.class,
                                "a joke between friends",
                                byUser))
                .isZero();
        assertThat(port.revealStatement(byUser, OTHER)).isEqualTo("It was a joke between friends.");
        assertThat(
                        jdbc.queryForObject(
                                "SELECT count(*) FROM audit_log WHERE event ="
                                    + " 'appeal.statement_viewed' AND subject = ? AND actor = ?",
                                Integer.class,
                                byUser.toString(),
                                OTHER.username()))
                .isEqualTo(1);

        port.reverse(byUser, "context shows a joke", OTHER);
        assertThatThrownBy(() -> port.uphold(byUser, "again", OTHER))
                .isInstanceOf(ReviewPorts.ActionRefused.class)
                .extracting(e -> ((ReviewPorts.ActionRefused) e).messageKey())
                .isEqualTo("refused.appeal-decided");
        assertThat(
                        jdbc.queryForList(
                                "SELECT payload::jsonb ->> 'actionId' FROM outbox WHERE"
                                        + " payload::jsonb ->> 'type' = 'action.reversed' AND"
                                        + " payload::jsonb ->> 'caseId' = ?",
                                String.class,
                                caseId.toString()))
                .containsExactly(action);
        assertThat(
                        jdbc.queryForObject(
                                "SELECT payload::jsonb ->> 'outcome' FROM outbox WHERE"
                                        + " payload::jsonb ->> 'type' = 'appeal.decided' AND"
                                        + " payload::jsonb ->> 'appealId' = ?",
                                String.class,
                                byUser.toString()))
                .isEqualTo("reversed");
        assertThat(
                        jdbc.queryForList(
                                "SELECT event FROM audit_log WHERE case_id = ? ORDER BY seq",
                                String.class,
                                caseId))
                .contains("appeal.filed", "appeal.decided", "platform_action.reversed");

        // the reporter's appeal, upheld, shows in their report
        port.uphold(reporterAppeal, "the action was withdrawn on appeal", OTHER);
        var appeal = api.get("/api/v2/reports/" + reportId, token).json().get("appeal");
        assertThat(appeal.get("status").asString()).isEqualTo("upheld");
        assertThat(appeal.get("decidedAt").isNull()).isFalse();
    }

    /**
     * A child-safety case's appeal exists only for child-safety staff: a moderator without the role
     * gets "not found" (nothing of it is listed or counted); child-safety staff decide it, and the
     * dashboard counts the reversal.
     */
    @Test
    void aChildSafetyAppealIsForChildSafetyStaffOnly() {
        Reviewer cs1 = new Reviewer(unique("cs-1"), EnumSet.of(Role.CHILD_SAFETY));
        Reviewer cs2 = new Reviewer(unique("cs-2"), EnumSet.of(Role.CHILD_SAFETY));
        Reported r = Reported.of(messenger, api, jdbc, "child_safety", "x");
        String token = r.token(), reportId = r.reportId();
        UUID caseId = r.caseId();
        actions.claim(caseId, cs1);
        actions.decide(
                caseId,
                Views.Decision.DISMISS,
                new Views.StatementOfReasons("ToS 1", "not abuse", false),
                cs1);
        Api.Response filed =
                api.post(
                        "/api/v2/reports/" + reportId + "/appeals",
                        token,
                        Map.of("statement", "Please look again."));
        assertThat(filed.status()).as(filed.body()).isEqualTo(201);
        UUID appeal = UUID.fromString(filed.json().get("appealId").asString());

        assertThat(port.open(OTHER))
                .extracting(ReviewPorts.Appeals.AppealRow::id)
                .doesNotContain(appeal);
        assertThat(port.open(cs2)).extracting(ReviewPorts.Appeals.AppealRow::id).contains(appeal);
        assertThatThrownBy(() -> port.revealStatement(appeal, OTHER))
                .isInstanceOf(ReviewPorts.NotFound.class);
        assertThatThrownBy(() -> port.reverse(appeal, "no", OTHER))
                .isInstanceOf(ReviewPorts.NotFound.class);
        assertThat(
                        jdbc.queryForObject(
                                "SELECT status FROM appeals WHERE id = ?", String.class, appeal))
                .isEqualTo("open");

        var before =
                port.decided(CLOCK.instant().minusSeconds(60), CLOCK.instant().plusSeconds(60));
        port.reverse(appeal, "the messages meet the policy", cs2);
        var after = port.decided(CLOCK.instant().minusSeconds(60), CLOCK.instant().plusSeconds(60));
        assertThat(after.decided()).isEqualTo(before.decided() + 1);
        assertThat(after.reversed()).isEqualTo(before.reversed() + 1);
        assertThat(
                        api.get("/api/v2/reports/" + reportId, token)
                                .json()
                                .get("appeal")
                                .get("status")
                                .asString())
                .isEqualTo("reversed");
    }
}
