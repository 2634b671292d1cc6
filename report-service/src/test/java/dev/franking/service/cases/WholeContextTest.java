package dev.franking.service.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.franking.review.model.ReviewPorts;
import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Role;
import dev.franking.review.model.Views;
import dev.franking.review.model.Views.ReportVerdict;
import dev.franking.review.model.Views.RevealGrant;
import dev.franking.review.model.Views.RevealedItem;
import dev.franking.service.Api;
import dev.franking.service.Messenger;
import dev.franking.service.ServiceTestBase;
import dev.franking.service.TestTokens;
import dev.franking.service.audit.AuditLog;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 14, "whole context in one pass", on real PostgreSQL: a report's whole transcript revealed
 * in one audited action (one row naming the report and its messages), shown again under a grant
 * without a second row (only to that reviewer, only for the grant's lifetime), counted as a view of
 * each message by the evidence package; and a mixed case whose reports are each upheld or dismissed
 * while the account's action stays one decision, each reporter told their own report's outcome.
 */
class WholeContextTest extends ServiceTestBase {
    @Autowired ReviewPorts.Cases cases;
    @Autowired ReviewPorts.Actions actions;
    @Autowired AuditLog audit;

    static final Reviewer MOD = new Reviewer("ctx-mod-1", EnumSet.of(Role.MODERATOR));
    static final Reviewer MOD2 = new Reviewer("ctx-mod-2", EnumSet.of(Role.MODERATOR));

    /**
     * Alice writes "hello" to Bob, then a threat to Bob and Carol (a group message: one commitment,
     * two stamps) that had seen the first. Bob reports the threat with the hello as context
     * (harassment); Carol reports the same threat alone (spam): one case, two categories.
     */
    record Mixed(
            UUID caseId,
            UUID bobReport,
            String bobToken,
            UUID carolReport,
            String carolToken,
            UUID hello,
            UUID threat) {}

    private Mixed mixed() {
        String alice = unique("alice"), bob = unique("bob"), carol = unique("carol");
        String conv = unique("c");
        var hello =
                messenger.send(
                        messenger.compose(unique("m"), alice, conv, "hello", List.of()), bob);
        var threat =
                messenger.send(
                        messenger.compose(
                                unique("m"),
                                alice,
                                conv,
                                "you will regret this",
                                List.of(),
                                List.of(hello.get(0).commitment())),
                        bob,
                        carol);
        String bobToken = TestTokens.token(bob, "report");
        Api.Response r =
                api.post(
                        "/api/v2/reports",
                        bobToken,
                        Messenger.reportJson(
                                "harassment",
                                null,
                                List.of(
                                        Messenger.messageJson(threat.get(0)),
                                        Messenger.messageJson(hello.get(0)))));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        UUID bobReport = UUID.fromString(r.json().get("reportId").asString());
        String carolToken = TestTokens.token(carol, "report");
        Api.Response c =
                api.post(
                        "/api/v2/reports",
                        carolToken,
                        Messenger.reportJson(
                                "spam", null, List.of(Messenger.messageJson(threat.get(1)))));
        assertThat(c.status()).as(c.body()).isEqualTo(201);
        UUID carolReport = UUID.fromString(c.json().get("reportId").asString());
        UUID caseId =
                jdbc.queryForObject(
                        "SELECT case_id FROM reports WHERE id = ?", UUID.class, bobReport);
        assertThat(
                        jdbc.queryForObject(
                                "SELECT case_id FROM reports WHERE id = ?",
                                UUID.class,
                                carolReport))
                .isEqualTo(caseId);
        UUID threatItem = item(bobReport, 0);
        UUID helloItem = item(bobReport, 1);
        assertThat(item(carolReport, 0))
                .as("the same commitment is one item")
                .isEqualTo(threatItem);
        return new Mixed(
                caseId, bobReport, bobToken, carolReport, carolToken, helloItem, threatItem);
    }

    private UUID item(UUID report, int idx) {
        return jdbc.queryForObject(
                "SELECT evidence_item_id FROM report_messages WHERE report_id = ? AND idx = ?",
                UUID.class,
                report,
                idx);
    }

    private int auditRows(UUID caseId) {
        return jdbc.queryForObject(
                "SELECT count(*) FROM audit_log WHERE case_id = ?", Integer.class, caseId);
    }

    private List<Map<String, Object>> rows(UUID caseId, String event) {
        return jdbc.queryForList(
                "SELECT actor, subject, detail FROM audit_log WHERE case_id = ? AND event = ?"
                        + " ORDER BY seq",
                caseId,
                event);
    }

    @Test
    void oneRevealIsOneAuditRowAndShowingItAgainWritesNone() {
        Mixed m = mixed();
        int before = auditRows(m.caseId());

        Views.RevealedTranscript t = cases.revealTranscript(m.caseId(), m.bobReport(), MOD);
        // causal order (§5.5): the hello before the threat that had seen it
        assertThat(t.items())
                .extracting(RevealedItem::itemId)
                .containsExactly(m.hello(), m.threat());
        assertThat(t.items())
                .extracting(RevealedItem::text)
                .containsExactly("hello", "you will regret this");
        assertThat(auditRows(m.caseId())).isEqualTo(before + 1);
        assertThat(rows(m.caseId(), "transcript.viewed"))
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(r.get("actor")).isEqualTo(MOD.username());
                            assertThat(r.get("subject")).isEqualTo(m.bobReport().toString());
                            assertThat(r.get("detail"))
                                    .isEqualTo("items=" + m.hello() + "," + m.threat());
                        });

        // refresh: the grant shows it again, and the audit log does not grow
        RevealGrant grant = RevealGrant.transcript(m.caseId(), m.bobReport(), CLOCK.instant());
        for (int refresh = 0; refresh < 3; refresh++) {
            assertThat(cases.showAgain(grant, MOD))
                    .extracting(RevealedItem::text)
                    .containsExactly("hello", "you will regret this");
        }
        assertThat(auditRows(m.caseId())).isEqualTo(before + 1);

        // the grant stands on the audit record: another reviewer, another report, nothing
        assertThat(cases.showAgain(grant, MOD2)).isEmpty();
        assertThat(
                        cases.showAgain(
                                RevealGrant.transcript(
                                        m.caseId(), m.carolReport(), CLOCK.instant()),
                                MOD))
                .isEmpty();
        assertThat(cases.showAgain(RevealGrant.item(m.caseId(), m.hello(), CLOCK.instant()), MOD))
                .as("a transcript view is no grant for a single-message view")
                .isEmpty();

        // the evidence package counts it as a view of each message shown
        assertThat(audit.views(m.caseId()))
                .extracting(AuditLog.View::subject)
                .contains(m.hello().toString(), m.threat().toString());

        // the grant ends with its lifetime
        CLOCK.advance(RevealGrant.LIFETIME.plus(Duration.ofSeconds(1)));
        assertThat(cases.showAgain(grant, MOD)).isEmpty();
        assertThat(auditRows(m.caseId())).isEqualTo(before + 1);
    }

    @Test
    void aSingleMessageRevealIsShownAgainUnderItsGrantToo() {
        Mixed m = mixed();
        cases.reveal(m.caseId(), m.threat(), MOD);
        int after = auditRows(m.caseId());
        RevealGrant grant = RevealGrant.item(m.caseId(), m.threat(), CLOCK.instant());
        assertThat(cases.showAgain(grant, MOD))
                .extracting(RevealedItem::text)
                .containsExactly("you will regret this");
        assertThat(cases.showAgain(RevealGrant.item(m.caseId(), m.hello(), CLOCK.instant()), MOD))
                .isEmpty();
        assertThat(auditRows(m.caseId())).isEqualTo(after);
        assertThatThrownBy(() -> cases.revealTranscript(m.caseId(), UUID.randomUUID(), MOD))
                .isInstanceOf(ReviewPorts.NotFound.class);
        assertThat(auditRows(m.caseId())).isEqualTo(after);
    }

    @Test
    void eachReportIsUpheldOrDismissedAndEachReporterIsToldTheirOwnOutcome() {
        Mixed m = mixed();
        // only the one deciding the case judges its reports
        assertThatThrownBy(
                        () ->
                                actions.judgeReport(
                                        m.caseId(), m.carolReport(), ReportVerdict.DISMISSED, MOD))
                .isInstanceOf(ReviewPorts.ActionRefused.class)
                .hasMessage("refused.not-assignee");
        actions.claim(m.caseId(), MOD);
        assertThatThrownBy(
                        () ->
                                actions.judgeReport(
                                        m.caseId(), m.carolReport(), ReportVerdict.DISMISSED, MOD2))
                .isInstanceOf(ReviewPorts.ActionRefused.class);
        assertThatThrownBy(
                        () ->
                                actions.judgeReport(
                                        m.caseId(), UUID.randomUUID(), ReportVerdict.UPHELD, MOD))
                .isInstanceOf(ReviewPorts.NotFound.class);

        actions.judgeReport(m.caseId(), m.bobReport(), ReportVerdict.DISMISSED, MOD);
        actions.judgeReport(m.caseId(), m.bobReport(), ReportVerdict.UPHELD, MOD); // changed mind
        actions.judgeReport(m.caseId(), m.carolReport(), ReportVerdict.DISMISSED, MOD);

        Views.CaseView c = cases.find(m.caseId(), MOD).orElseThrow();
        assertThat(c.reports())
                .extracting(
                        Views.ReportRow::id, Views.ReportRow::verdict, Views.ReportRow::verdictBy)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(
                                m.bobReport(), ReportVerdict.UPHELD, MOD.username()),
                        org.assertj.core.groups.Tuple.tuple(
                                m.carolReport(), ReportVerdict.DISMISSED, MOD.username()));
        assertThat(rows(m.caseId(), "report.upheld"))
                .extracting(r -> r.get("subject"))
                .containsExactly(m.bobReport().toString());
        assertThat(rows(m.caseId(), "report.dismissed"))
                .extracting(r -> r.get("subject"))
                .containsExactly(m.bobReport().toString(), m.carolReport().toString());
        // the refused attempts are in the trail too (an unknown report is a 404, not a refusal)
        assertThat(rows(m.caseId(), "case.action_refused"))
                .extracting(r -> r.get("subject"))
                .containsExactly("judge:dismissed", "judge:dismissed");

        // one decision for the account; each reporter learns their own report's outcome
        actions.decide(
                m.caseId(),
                Views.Decision.WARN,
                new Views.StatementOfReasons("Terms of service: harassment", "Threats.", false),
                MOD);
        assertThat(outcome(m.bobReport(), m.bobToken())).isEqualTo("action_taken");
        assertThat(outcome(m.carolReport(), m.carolToken())).isEqualTo("no_action");
        assertThat(
                        jdbc.queryForObject(
                                "SELECT count(*) FROM outbox WHERE payload LIKE ?",
                                Integer.class,
                                "%" + m.caseId() + "%"))
                .as("one platform action for the case")
                .isEqualTo(1);

        // a decided case's reports are no longer judged
        assertThatThrownBy(
                        () ->
                                actions.judgeReport(
                                        m.caseId(), m.carolReport(), ReportVerdict.UPHELD, MOD))
                .isInstanceOf(ReviewPorts.ActionRefused.class)
                .hasMessage("refused.closed");
    }

    private String outcome(UUID report, String token) {
        Api.Response r = api.get("/api/v2/reports/" + report, token);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("outcome").get("decision").asString();
    }
}
