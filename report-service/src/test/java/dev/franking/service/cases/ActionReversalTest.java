package dev.franking.service.cases;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.franking.review.model.ReviewPorts;
import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Role;
import dev.franking.review.model.Views;
import dev.franking.service.Reported;
import dev.franking.service.ServiceTestBase;
import dev.franking.service.audit.AuditLog;
import dev.franking.service.outbox.Drain;
import dev.franking.service.outbox.Outbox;
import dev.franking.service.outbox.PlatformWebhook;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 14: reopening a decided case withdraws its platform action ({@code action.reversed} naming
 * the original action's id), and the audit tells "queued" from "delivered".
 */
class ActionReversalTest extends ServiceTestBase {
    @Autowired ReviewPorts.Actions actions;
    @Autowired Outbox outbox;
    @Autowired AuditLog audit;
    @Autowired ReviewPorts.Cases caseViews;

    static final Reviewer MOD = new Reviewer("rev-mod-1", EnumSet.of(Role.MODERATOR));

    private UUID reportedCase() {
        return Reported.spam(messenger, api, jdbc, "spam").caseId();
    }

    private List<String> events(UUID caseId) {
        return jdbc.queryForList(
                "SELECT event FROM audit_log WHERE case_id = ? ORDER BY seq", String.class, caseId);
    }

    /** Delivers what is due to a local platform; returns the bodies that name {@code caseId}. */
    private List<String> deliver(UUID caseId) throws Exception {
        return Drain.deliveredNaming(caseId, outbox, CLOCK, audit);
    }

    /** Leaves no event of this test queued for other tests' platforms. */
    @AfterEach
    void drain() throws Exception {
        Drain.platformEvents(outbox, CLOCK);
    }

    @Test
    void reopeningADecidedCaseReversesItsDeliveredAction() throws Exception {
        UUID caseId = reportedCase();
        actions.claim(caseId, MOD);
        actions.decide(
                caseId,
                Views.Decision.SUSPEND,
                new Views.StatementOfReasons("ToS 4.2", "bulk spam", false),
                MOD);
        // queued, not yet delivered: the trail says so and nothing more
        assertThat(events(caseId))
                .contains("platform_action.queued")
                .doesNotContain("platform_action.delivered");
        String actionId =
                jdbc.queryForObject(
                        "SELECT subject FROM audit_log WHERE case_id = ? AND event ="
                                + " 'platform_action.queued'",
                        String.class,
                        caseId);

        List<String> first = deliver(caseId);
        assertThat(first).hasSize(1);
        assertThat(first.get(0)).contains("\"id\":\"" + actionId + "\"", "\"account_action\"");
        assertThat(
                        jdbc.queryForObject(
                                "SELECT subject FROM audit_log WHERE case_id = ? AND event ="
                                        + " 'platform_action.delivered'",
                                String.class,
                                caseId))
                .isEqualTo(actionId);

        actions.reopen(caseId, "decided on the wrong account", MOD);
        assertThat(
                        jdbc.queryForObject(
                                "SELECT subject FROM audit_log WHERE case_id = ? AND event ="
                                        + " 'platform_action.reversed'",
                                String.class,
                                caseId))
                .isEqualTo(actionId);

        List<String> second = deliver(caseId);
        assertThat(second).hasSize(1);
        assertThat(second.get(0))
                .contains(
                        "\"type\":\"action.reversed\"",
                        "\"actionId\":\"" + actionId + "\"",
                        "\"caseId\":\"" + caseId + "\"",
                        "\"why\":\"reopened\"");
        assertThat(events(caseId).stream().filter("platform_action.delivered"::equals)).hasSize(2);
        assertThat(audit.verifyChain().intact()).isTrue();

        // decided again and reopened again: only the new action is reversed, once
        actions.claim(caseId, MOD);
        actions.decide(
                caseId,
                Views.Decision.WARN,
                new Views.StatementOfReasons("ToS 4.2", "bulk spam", false),
                MOD);
        actions.reopen(caseId, "second thoughts", MOD);
        List<String> reversed =
                jdbc.queryForList(
                        "SELECT payload::jsonb ->> 'actionId' FROM outbox WHERE payload::jsonb"
                                + " ->> 'type' = 'action.reversed' AND payload::jsonb ->> 'caseId'"
                                + " = ?",
                        String.class,
                        caseId.toString());
        assertThat(reversed).hasSize(2).doesNotHaveDuplicates().contains(actionId);
    }

    /**
     * Issue 12: an action still waiting for a retry and its reversal queued after it reach the
     * platform in that order, never the reversal first, although the reversal is due earlier.
     */
    @Test
    void aReversalWaitsForItsActionStillBeingRetried() throws Exception {
        UUID caseId = reportedCase();
        actions.claim(caseId, MOD);
        actions.decide(
                caseId,
                Views.Decision.SUSPEND,
                new Views.StatementOfReasons("ToS 4.2", "bulk spam", false),
                MOD);
        List<String> got = Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicBoolean up =
                new java.util.concurrent.atomic.AtomicBoolean(false);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(
                "/hook",
                ex -> {
                    String body =
                            new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                    boolean ours = body.contains(caseId.toString());
                    if (ours && up.get()) {
                        got.add(body);
                    }
                    ex.sendResponseHeaders(ours && !up.get() ? 503 : 204, -1);
                    ex.close();
                });
        server.start();
        try {
            PlatformWebhook hook =
                    new PlatformWebhook(
                            outbox,
                            CLOCK,
                            "http://127.0.0.1:" + server.getAddress().getPort() + "/hook",
                            "test-secret-of-at-least-32-bytes",
                            audit);
            hook.deliverDue(); // the action is refused for now: it waits for its retry
            actions.reopen(caseId, "decided on the wrong account", MOD);
            up.set(true);
            hook.deliverDue(); // the reversal is due, its action is not: nothing may go
            assertThat(got).isEmpty();
            CLOCK.advance(java.time.Duration.ofDays(1));
            hook.deliverDue();
            hook.deliverDue();
        } finally {
            server.stop(0);
        }
        assertThat(got).hasSize(2);
        assertThat(got.get(0)).contains("\"account_action\"");
        assertThat(got.get(1)).contains("\"type\":\"action.reversed\"");
    }

    @Test
    void reopeningADismissalReversesNothing() {
        UUID caseId = reportedCase();
        actions.claim(caseId, MOD);
        actions.decide(
                caseId,
                Views.Decision.DISMISS,
                new Views.StatementOfReasons("no breach", "ordinary message", false),
                MOD);
        actions.reopen(caseId, "look again", MOD);
        assertThat(events(caseId))
                .contains("case.reopened")
                .doesNotContain("platform_action.queued", "platform_action.reversed");
        // issue 14: the reopening's reason in the case's history (sealed as a note, shown beside
        // the row), with the decision it undid
        assertThat(caseViews.find(caseId, MOD).orElseThrow().history())
                .filteredOn(h -> h.event().equals("case.reopened"))
                .extracting(Views.HistoryRow::detail)
                .containsExactly("previous=dismiss; reason=look again");
    }
}
