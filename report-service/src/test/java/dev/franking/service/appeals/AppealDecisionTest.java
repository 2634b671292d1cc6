package dev.franking.service.appeals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.franking.review.model.ReviewPorts;
import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Role;
import dev.franking.review.model.Views;
import dev.franking.service.Api;
import dev.franking.service.Messenger;
import dev.franking.service.ServiceTestBase;
import dev.franking.service.TestTokens;
import java.util.EnumSet;
import java.util.List;
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

    static final Reviewer MOD = new Reviewer("appeal-dec-mod-1", EnumSet.of(Role.MODERATOR));
    static final String OTHER = "appeal-dec-mod-2";
    static final String PLATFORM = TestTokens.token("platform-backend", "platform");

    /** Leaves no event of this test queued for other tests' platforms. */
    @AfterEach
    void drain() throws Exception {
        dev.franking.service.outbox.Drain.platformEvents(outbox, CLOCK);
    }

    @Test
    void aReversedAppealWithdrawsTheActionAndTellsBothSides() {
        String alice = unique("alice"), bob = unique("bob");
        var held =
                messenger
                        .send(
                                messenger.compose(unique("m"), alice, unique("c"), "hi", List.of()),
                                bob)
                        .get(0);
        String token = TestTokens.token(bob, "report");
        Api.Response r =
                api.post(
                        "/api/v2/reports",
                        token,
                        Messenger.reportJson("spam", null, List.of(Messenger.messageJson(held))));
        String reportId = r.json().get("reportId").asString();
        UUID caseId =
                jdbc.queryForObject(
                        "SELECT case_id FROM reports WHERE id = ?::uuid", UUID.class, reportId);
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

        // four eyes: the original decider may not decide the appeal
        assertThatThrownBy(() -> appeals.decide(byUser, "reversed", "joke", MOD.username()))
                .isInstanceOf(Appeals.Refused.class)
                .extracting(e -> ((Appeals.Refused) e).code())
                .isEqualTo("refused.appeal-four-eyes");
        assertThatThrownBy(() -> appeals.decide(byUser, "reversed", " ", OTHER))
                .isInstanceOf(Appeals.Refused.class);
        assertThatThrownBy(() -> appeals.decide(byUser, "maybe", "x", OTHER))
                .isInstanceOf(Appeals.Refused.class);

        appeals.decide(byUser, "reversed", "context shows a joke", OTHER);
        assertThatThrownBy(() -> appeals.decide(byUser, "upheld", "again", OTHER))
                .isInstanceOf(Appeals.Refused.class)
                .extracting(e -> ((Appeals.Refused) e).code())
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
        appeals.decide(reporterAppeal, "upheld", "the action was withdrawn on appeal", OTHER);
        var appeal = api.get("/api/v2/reports/" + reportId, token).json().get("appeal");
        assertThat(appeal.get("status").asString()).isEqualTo("upheld");
        assertThat(appeal.get("decidedAt").isNull()).isFalse();
    }
}
