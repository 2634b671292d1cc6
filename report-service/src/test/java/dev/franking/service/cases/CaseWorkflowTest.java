package dev.franking.service.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.franking.review.model.ReviewPorts;
import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Role;
import dev.franking.review.model.Views;
import dev.franking.service.Api;
import dev.franking.service.Messenger;
import dev.franking.service.ServiceTestBase;
import dev.franking.service.TestTokens;
import dev.franking.service.audit.AuditLog;
import dev.franking.service.outbox.PlatformWebhook;
import dev.franking.v2.AttachmentDescriptor;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The moderator workflow on real PostgreSQL: queue, visibility, claim, reveal, decide, audit,
 * outbox.
 */
class CaseWorkflowTest extends ServiceTestBase {
    @Autowired ReviewPorts.Queue queue;
    @Autowired ReviewPorts.Cases cases;
    @Autowired ReviewPorts.Actions actions;
    @Autowired AuditLog audit;

    static final Reviewer MOD = new Reviewer("mod-1", EnumSet.of(Role.MODERATOR));
    static final Reviewer MOD2 = new Reviewer("mod-2", EnumSet.of(Role.MODERATOR));
    static final Reviewer SENIOR = new Reviewer("senior-1", EnumSet.of(Role.CHILD_SAFETY));
    static final Reviewer ADMIN = new Reviewer("admin-1", EnumSet.of(Role.ADMIN));

    record Reported(UUID caseId, String reportId, String token, UUID itemId) {}

    private Reported report(String category, String text, byte[] attachment) {
        String alice = unique("alice"), bob = unique("bob");
        List<AttachmentDescriptor> atts =
                attachment == null
                        ? List.of()
                        : List.of(AttachmentDescriptor.of("image/png", attachment));
        var held =
                messenger
                        .send(messenger.compose(unique("m"), alice, unique("c"), text, atts), bob)
                        .get(0);
        String token = TestTokens.token(bob, "report");
        Api.Response r =
                api.post(
                        "/api/v2/reports",
                        token,
                        Messenger.reportJson(
                                category,
                                "reporter's words",
                                List.of(Messenger.messageJson(held))));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String reportId = r.json().get("reportId").asString();
        if (attachment != null) {
            assertThat(
                            api.put(
                                            "/api/v2/reports/"
                                                    + reportId
                                                    + "/messages/0/attachments/0",
                                            token,
                                            attachment)
                                    .status())
                    .isEqualTo(204);
        }
        UUID caseId =
                jdbc.queryForObject(
                        "SELECT case_id FROM reports WHERE id = ?::uuid", UUID.class, reportId);
        UUID item =
                jdbc.queryForObject(
                        "SELECT evidence_item_id FROM report_messages WHERE report_id = ?::uuid AND"
                                + " idx = 0",
                        UUID.class,
                        reportId);
        return new Reported(caseId, reportId, token, item);
    }

    private List<UUID> queueIds(Reviewer r) {
        List<UUID> ids = new ArrayList<>();
        String cursor = null;
        do {
            Views.QueuePage p = queue.page(Views.QueueFilter.none(), cursor, 7, r);
            p.rows().forEach(row -> ids.add(row.caseId()));
            cursor = p.nextCursor();
        } while (cursor != null);
        return ids;
    }

    @Test
    void childSafetyCasesExistOnlyForChildSafetyModeratorsAndComeFirst() {
        Reported spam = report("spam", "buy now", null);
        Reported cs = report("child_safety", "[demo: placeholder]", null);
        assertThat(queueIds(MOD)).contains(spam.caseId()).doesNotContain(cs.caseId());
        List<UUID> senior = queueIds(SENIOR);
        assertThat(senior).contains(spam.caseId(), cs.caseId());
        assertThat(senior.indexOf(cs.caseId())).isLessThan(senior.indexOf(spam.caseId()));
        assertThat(cases.find(cs.caseId(), MOD)).isEmpty();
        assertThatThrownBy(() -> cases.reveal(cs.caseId(), cs.itemId(), MOD))
                .isInstanceOf(ReviewPorts.NotFound.class);
        assertThatThrownBy(() -> actions.claim(cs.caseId(), MOD))
                .isInstanceOf(ReviewPorts.NotFound.class);
        assertThat(cases.find(cs.caseId(), SENIOR)).isPresent();
        // escalating moves an ordinary case out of moderators' sight
        Reported threat = report("violent_threat", "threat", null);
        actions.escalate(threat.caseId(), "looks like grooming", MOD);
        assertThat(cases.find(threat.caseId(), MOD)).isEmpty();
        assertThat(cases.find(threat.caseId(), SENIOR).orElseThrow().status())
                .isEqualTo(Views.CaseStatus.ESCALATED);
    }

    @Test
    void keysetPagesCoverTheQueueOnceInPriorityOrder() {
        for (int i = 0; i < 9; i++) {
            report(i % 3 == 0 ? "hate" : "fraud", "x" + i, null);
        }
        List<UUID> ids = queueIds(ADMIN);
        assertThat(ids).doesNotHaveDuplicates();
        List<Integer> severities = new ArrayList<>();
        for (UUID id : ids) {
            severities.add(
                    jdbc.queryForObject(
                            "SELECT severity FROM cases WHERE id = ?", Integer.class, id));
        }
        List<Integer> sorted = new ArrayList<>(severities);
        Collections.sort(sorted);
        assertThat(severities).isEqualTo(sorted);
        assertThat(ids)
                .hasSize(
                        jdbc.queryForObject(
                                "SELECT count(*) FROM cases WHERE closed_at IS NULL",
                                Integer.class));
    }

    @Test
    void twoModeratorsNeverHoldTheSameCase() throws Exception {
        Reported r = report("harassment", "x", null);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger won = new AtomicInteger();
        List<Future<?>> fs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Reviewer who = new Reviewer("racer-" + i, Set.of(Role.MODERATOR));
            fs.add(
                    pool.submit(
                            () -> {
                                go.await();
                                try {
                                    actions.claim(r.caseId(), who);
                                    won.incrementAndGet();
                                } catch (ReviewPorts.ActionRefused refused) {
                                    assertThat(refused.messageKey()).isEqualTo("refused.claimed");
                                }
                                return null;
                            }));
        }
        go.countDown();
        for (Future<?> f : fs) {
            f.get();
        }
        pool.shutdown();
        assertThat(won.get()).isEqualTo(1);
        assertThat(
                        jdbc.queryForObject(
                                "SELECT count(*) FROM audit_log WHERE case_id = ? AND event ="
                                        + " 'case.claimed'",
                                Integer.class,
                                r.caseId()))
                .isEqualTo(1);
    }

    @Test
    void aDecisionIsAuditedQueuedForThePlatformAndVisibleToTheReporter() throws Exception {
        byte[] image = "png stand-in".getBytes(StandardCharsets.UTF_8);
        Reported r = report("harassment", "you will regret this", image);

        assertThatThrownBy(
                        () ->
                                actions.decide(
                                        r.caseId(),
                                        Views.Decision.SUSPEND,
                                        new Views.StatementOfReasons("g", "f", false),
                                        MOD))
                .isInstanceOf(ReviewPorts.ActionRefused.class)
                .hasMessage("refused.not-assignee");
        actions.claim(r.caseId(), MOD);
        assertThatThrownBy(() -> actions.claim(r.caseId(), MOD2)).hasMessage("refused.claimed");

        Views.RevealedItem shown = cases.reveal(r.caseId(), r.itemId(), MOD);
        assertThat(shown.text()).isEqualTo("you will regret this");
        // issue 13: decrypted for a server-side preview (recorded, not a view), then "view
        // original" (the view)
        assertThat(cases.attachmentForPreview(r.caseId(), r.itemId(), 0, MOD).bytes())
                .isEqualTo(image);
        assertThat(cases.attachment(r.caseId(), r.itemId(), 0, MOD).bytes()).isEqualTo(image);
        assertThat(cases.revealComment(r.caseId(), UUID.fromString(r.reportId()), MOD))
                .isEqualTo("reporter's words");
        actions.note(r.caseId(), "second report this week", MOD);

        assertThatThrownBy(
                        () ->
                                actions.decide(
                                        r.caseId(),
                                        Views.Decision.SUSPEND,
                                        new Views.StatementOfReasons(" ", "f", false),
                                        MOD))
                .hasMessage("refused.ground-required");
        actions.decide(
                r.caseId(),
                Views.Decision.SUSPEND,
                new Views.StatementOfReasons("harassment policy 2.1", "repeated threats", false),
                MOD);

        Views.CaseView view = cases.find(r.caseId(), MOD).orElseThrow();
        assertThat(view.status()).isEqualTo(Views.CaseStatus.CLOSED);
        assertThat(view.decision()).isEqualTo("suspend");
        assertThat(view.notes())
                .extracting(Views.NoteRow::text)
                .contains("second report this week");
        assertThat(view.history())
                .extracting(Views.HistoryRow::event)
                .containsSubsequence(
                        "case.claimed",
                        "evidence.viewed",
                        "attachment.previewed",
                        "attachment.original_viewed",
                        "comment.viewed",
                        "case.note_added",
                        "case.decided");
        assertThat(view.evidence().get(0).proofs()).hasSize(1);
        assertThat(view.evidence().get(0).proofs().get(0).recipient().pseudonym()).isTrue();
        assertThat(view.evidence().get(0).proofs().get(0).recipient().id()).startsWith("P-");

        Api.Response status = api.get("/api/v2/reports/" + r.reportId(), r.token());
        assertThat(status.json().get("status").asString()).isEqualTo("decided");
        assertThat(status.json().get("outcome").get("decision").asString())
                .isEqualTo("action_taken");

        // the platform webhook: fails twice, then acknowledges; delivered exactly once, signed
        List<String> received = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger calls = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        PlatformWebhook hook =
                new PlatformWebhook(
                        outbox,
                        CLOCK,
                        "http://127.0.0.1:" + server.getAddress().getPort() + "/hook",
                        "test-secret-of-at-least-32-bytes",
                        audit);
        server.createContext(
                "/hook",
                ex -> {
                    String body =
                            new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                    int n = calls.incrementAndGet();
                    boolean signed =
                            ("sha256="
                                            + hook.sign(
                                                    ex.getRequestHeaders()
                                                            .getFirst("X-Franking-Timestamp"),
                                                    body))
                                    .equals(
                                            ex.getRequestHeaders()
                                                    .getFirst("X-Franking-Signature"));
                    if (n > 2 && signed) {
                        received.add(body);
                    }
                    ex.sendResponseHeaders(n > 2 ? 204 : 503, -1);
                    ex.close();
                });
        server.start();
        try {
            for (int i = 0; i < 6; i++) {
                hook.deliverDue();
                CLOCK.advance(java.time.Duration.ofMinutes(5));
            }
        } finally {
            server.stop(0);
        }
        assertThat(received).hasSize(1);
        assertThat(received.get(0)).contains("\"action\":\"suspend\"").doesNotContain("regret");
        assertThat(
                        jdbc.queryForObject(
                                "SELECT count(*) FROM outbox WHERE payload LIKE ? AND delivered_at"
                                        + " IS NOT NULL AND attempts = 3",
                                Integer.class,
                                "%" + r.caseId() + "%"))
                .isEqualTo(1);
        // issue 14: the case's history tells "queued" from "delivered" (the delivery status on
        // the case), with the platform's answer
        assertThat(cases.find(r.caseId(), MOD).orElseThrow().history())
                .filteredOn(h -> h.event().startsWith("platform_action."))
                .extracting(Views.HistoryRow::event, Views.HistoryRow::detail)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "platform_action.queued", "action=suspend"),
                        org.assertj.core.groups.Tuple.tuple(
                                "platform_action.delivered", "type=account_action; status=204"));
    }

    @Autowired dev.franking.service.outbox.Outbox outbox;
    @Autowired org.springframework.transaction.support.TransactionTemplate tx;

    @Test
    void theAuditChainDetectsAnEditedRow() {
        Reported r = report("spam", "x", null);
        actions.claim(r.caseId(), MOD);
        actions.release(r.caseId(), MOD);
        assertThat(audit.verifyChain().intact()).isTrue();
        Long seq =
                jdbc.queryForObject(
                        "SELECT max(seq) FROM audit_log WHERE case_id = ?", Long.class, r.caseId());
        jdbc.update("UPDATE audit_log SET actor = 'someone-else' WHERE seq = ?", seq);
        try {
            Views.ChainCheck check = audit.verifyChain();
            assertThat(check.intact()).isFalse();
            assertThat(check.firstBrokenSeq()).isEqualTo(seq);
        } finally {
            jdbc.update("UPDATE audit_log SET actor = ? WHERE seq = ?", MOD.username(), seq);
        }
        assertThat(audit.verifyChain().intact()).isTrue();
    }
}
