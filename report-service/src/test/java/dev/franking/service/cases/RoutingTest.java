package dev.franking.service.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.franking.review.model.ReviewPorts;
import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Role;
import dev.franking.review.model.Views;
import dev.franking.service.Reported;
import dev.franking.service.ServiceTestBase;
import dev.franking.service.moderators.ModeratorService;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 14, routing that never strands work, on real PostgreSQL through the real intake: a case
 * that becomes child safety (a child-safety report joins it, or it is escalated) leaves an assignee
 * who may not work on it, who is told (never a 404 for what was theirs); it takes child safety's
 * priority and target and sorts with child-safety work; escalated cases and the approvals a
 * reviewer may give are listed for them.
 */
class RoutingTest extends ServiceTestBase {
    @Autowired ReviewPorts.Queue queue;
    @Autowired ReviewPorts.Cases cases;
    @Autowired ReviewPorts.Actions actions;
    @Autowired ReviewPorts.Evidence evidence;
    @Autowired ReviewPorts.Approvals approvals;
    @Autowired ModeratorService moderators;

    static final Reviewer MOD = new Reviewer("route-mod-1", EnumSet.of(Role.MODERATOR));
    static final Reviewer MOD2 = new Reviewer("route-mod-2", EnumSet.of(Role.MODERATOR));
    static final Reviewer SENIOR = new Reviewer("route-senior-1", EnumSet.of(Role.CHILD_SAFETY));
    static final Reviewer SENIOR2 = new Reviewer("route-senior-2", EnumSet.of(Role.CHILD_SAFETY));
    static final Reviewer ADMIN = new Reviewer("route-admin", EnumSet.of(Role.ADMIN));

    /** One report of {@code sender}'s message, by a new reporter; the case it joined. */
    private UUID report(String sender, String category) {
        return Reported.by(messenger, api, jdbc, sender, category, "reporter's words", "text")
                .caseId();
    }

    private Views.QueueRow row(UUID caseId, Reviewer viewer) {
        String cursor = null;
        do {
            Views.QueuePage p = queue.page(Views.QueueFilter.none(), cursor, 50, viewer);
            for (Views.QueueRow r : p.rows()) {
                if (r.caseId().equals(caseId)) {
                    return r;
                }
            }
            cursor = p.nextCursor();
        } while (cursor != null);
        return null;
    }

    @Test
    void aChildSafetyReportJoiningAClaimedCaseTakesItFromAModeratorWhoIsTold() {
        String sender = unique("sender");
        UUID caseId = report(sender, "spam");
        actions.claim(caseId, MOD);
        assertThat(queue.movedFrom(MOD)).noneMatch(m -> m.caseId().equals(caseId));

        assertThat(report(sender, "child_safety")).isEqualTo(caseId);

        // gone from the moderator, who is told instead of meeting a 404
        assertThat(cases.find(caseId, MOD)).isEmpty();
        Views.MovedCase moved = queue.moved(caseId, MOD).orElseThrow();
        assertThat(moved.why()).isEqualTo("child_safety_report");
        assertThat(moved.reportedAccount()).isEqualTo(sender);
        assertThat(queue.movedFrom(MOD)).extracting(Views.MovedCase::caseId).contains(caseId);
        assertThat(queue.moved(caseId, MOD2)).as("someone who never held it").isEmpty();
        assertThatThrownBy(() -> actions.decide(caseId, Views.Decision.DISMISS, reasons(), MOD))
                .isInstanceOf(ReviewPorts.NotFound.class);

        // child-safety staff find it unassigned, at child safety's priority and target
        Views.QueueRow row = row(caseId, SENIOR);
        assertThat(row).isNotNull();
        assertThat(row.assignee()).isNull();
        assertThat(row.category()).isEqualTo("child_safety");
        assertThat(row.responseTarget()).isEqualTo(Duration.ofHours(1));
        assertThat(cases.find(caseId, SENIOR).orElseThrow().history())
                .anySatisfy(
                        h -> {
                            assertThat(h.event()).isEqualTo("case.rerouted");
                            assertThat(h.detail()).contains(MOD.username());
                        });
        actions.claim(caseId, SENIOR);
        assertThat(cases.find(caseId, SENIOR).orElseThrow().assignee())
                .isEqualTo(SENIOR.username());
        // the notice stays while the case is open, and goes once it is decided
        actions.decide(caseId, Views.Decision.DISMISS, reasons(), SENIOR);
        assertThat(queue.movedFrom(MOD)).noneMatch(m -> m.caseId().equals(caseId));
    }

    @Test
    void aChildSafetyModeratorKeepsTheCaseTheyHold() {
        String sender = unique("sender");
        UUID caseId = report(sender, "harassment");
        actions.claim(caseId, SENIOR);
        report(sender, "child_safety");
        Views.CaseView c = cases.find(caseId, SENIOR).orElseThrow();
        assertThat(c.assignee()).isEqualTo(SENIOR.username());
        assertThat(c.childSafety()).isTrue();
        assertThat(queue.moved(caseId, SENIOR)).isEmpty();
    }

    @Test
    void anAdminReassigningToAModeratorRecordsThatTheyCannotKeepChildSafetyWork() {
        String sender = unique("sender");
        UUID caseId = report(sender, "fraud");
        Reviewer mod = new Reviewer(unique("route-mod"), EnumSet.of(Role.MODERATOR));
        moderators.create(
                mod.username(), EnumSet.of(Role.MODERATOR), "a long enough password 1", "test");
        actions.reassign(caseId, mod.username(), ADMIN);
        report(sender, "child_safety");
        assertThat(queue.moved(caseId, mod).orElseThrow().why()).isEqualTo("child_safety_report");
        assertThat(cases.find(caseId, ADMIN).orElseThrow().assignee()).isNull();
    }

    @Test
    void escalationTakesChildSafetyPriorityAndTargetAndTellsTheAssignee() {
        UUID earlierChildSafety = report(unique("sender"), "child_safety");
        String sender = unique("sender");
        UUID caseId = report(sender, "spam");
        actions.claim(caseId, MOD2);
        assertThat(row(caseId, SENIOR).responseTarget()).isEqualTo(Duration.ofHours(72));

        actions.escalate(caseId, "looks like grooming", MOD);

        // the escalator and the assignee it left both learn where it went
        assertThat(queue.moved(caseId, MOD).orElseThrow().why()).isEqualTo("escalated");
        assertThat(queue.moved(caseId, MOD2).orElseThrow().why()).isEqualTo("escalated");
        assertThat(queue.movedFrom(MOD2)).extracting(Views.MovedCase::caseId).contains(caseId);
        // at child safety's priority and target, among child-safety work: before every other case
        Views.QueueRow row = row(caseId, SENIOR);
        assertThat(row.category()).isEqualTo("child_safety");
        assertThat(row.responseTarget()).isEqualTo(Duration.ofHours(1));
        assertThat(row.status()).isEqualTo(Views.CaseStatus.ESCALATED);
        List<UUID> order =
                queue.page(Views.QueueFilter.none(), null, 200, SENIOR).rows().stream()
                        .map(Views.QueueRow::caseId)
                        .toList();
        assertThat(order).contains(earlierChildSafety, caseId);
        for (Views.QueueRow r : queue.page(Views.QueueFilter.none(), null, 200, SENIOR).rows()) {
            if (!"child_safety".equals(r.category())) {
                assertThat(order.indexOf(caseId)).isLessThan(order.indexOf(r.caseId()));
            }
        }
        assertThat(cases.find(caseId, SENIOR).orElseThrow().history())
                .anySatisfy(
                        h -> {
                            assertThat(h.event()).isEqualTo("case.escalated");
                            assertThat(h.detail())
                                    .contains("from=spam")
                                    .contains(MOD2.username())
                                    // issue 14: the reason in the history, from its sealed note
                                    .contains("reason=looks like grooming");
                        });

        // "escalated to me": unassigned or mine, for child-safety staff only
        assertThat(queue.escalated(SENIOR, 200).rows())
                .extracting(Views.QueueRow::caseId)
                .contains(caseId)
                .doesNotContain(earlierChildSafety);
        int before = queue.escalatedCount(SENIOR2);
        assertThat(before).isEqualTo(queue.escalated(SENIOR2, 200).rows().size());
        actions.claim(caseId, SENIOR);
        assertThat(queue.escalated(SENIOR, 200).rows())
                .extracting(Views.QueueRow::caseId)
                .contains(caseId);
        assertThat(queue.escalated(SENIOR2, 200).rows())
                .extracting(Views.QueueRow::caseId)
                .doesNotContain(caseId);
        assertThat(queue.escalatedCount(SENIOR2)).isEqualTo(before - 1);
        assertThat(queue.escalated(MOD, 200).rows()).isEmpty();
        assertThat(queue.escalatedCount(MOD)).isZero();
    }

    @Test
    void pendingApprovalsAreListedForThoseWhoMayGiveThem() {
        UUID caseId = report(unique("sender"), "child_safety");
        UUID dest = evidence.addDestination(unique("manual"), "download", null, null, null, ADMIN);
        UUID f = evidence.requestForwarding(caseId, dest, "mandatory report", SENIOR);

        assertThat(approvals.awaitingApproval(SENIOR))
                .as("never one's own request")
                .noneMatch(a -> a.forwardingId().equals(f));
        assertThat(approvals.awaitingApproval(MOD)).isEmpty();
        assertThat(approvals.awaitingApproval(SENIOR2))
                .anySatisfy(
                        a -> {
                            assertThat(a.forwardingId()).isEqualTo(f);
                            assertThat(a.caseId()).isEqualTo(caseId);
                            assertThat(a.requestedBy()).isEqualTo(SENIOR.username());
                            assertThat(a.reason()).isEqualTo("mandatory report");
                        });
        assertThat(approvals.awaitingApproval(ADMIN)).anyMatch(a -> a.forwardingId().equals(f));

        evidence.approveForwarding(caseId, f, SENIOR2);
        assertThat(approvals.awaitingApproval(ADMIN)).noneMatch(a -> a.forwardingId().equals(f));
    }

    @Test
    void aRefusedAttemptIsAuditedWithItsReasonAndChangesNothing() {
        UUID caseId = report(unique("sender"), "spam");
        actions.claim(caseId, MOD);
        assertThatThrownBy(() -> actions.claim(caseId, MOD2))
                .isInstanceOf(ReviewPorts.ActionRefused.class);
        assertThatThrownBy(() -> actions.decide(caseId, Views.Decision.SUSPEND, reasons(), MOD2))
                .isInstanceOf(ReviewPorts.ActionRefused.class);
        assertThat(
                        jdbc.queryForList(
                                "SELECT subject || ' ' || detail FROM audit_log WHERE case_id = ?"
                                        + " AND actor = ? AND event = 'case.action_refused' ORDER"
                                        + " BY seq",
                                String.class,
                                caseId,
                                MOD2.username()))
                .containsExactly(
                        "claim reason=refused.claimed",
                        "decide:suspend reason=refused.not-assignee");
        assertThat(cases.find(caseId, MOD).orElseThrow().assignee()).isEqualTo(MOD.username());
        assertThat(
                        jdbc.queryForObject(
                                "SELECT count(*) FROM outbox WHERE payload LIKE ?",
                                Integer.class,
                                "%" + caseId + "%"))
                .isZero();
    }

    private static Views.StatementOfReasons reasons() {
        return new Views.StatementOfReasons("Terms of service: spam", "facts", false);
    }
}
