package dev.franking.service.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.franking.review.model.ReviewPorts;
import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Role;
import dev.franking.review.model.Views.AuditRow;
import dev.franking.service.Api;
import dev.franking.service.Messenger;
import dev.franking.service.ServiceTestBase;
import dev.franking.service.TestTokens;
import dev.franking.v2.AttachmentDescriptor;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Custody starts when a report arrives: the intake's batches append a row per report (and per case
 * they open) in their own transaction, an upload appends one, and the chain stays verifiable while
 * batches and moderators append at the same time.
 */
class CustodyFromReceiptTest extends ServiceTestBase {
    static final Reviewer MOD = new Reviewer("custody-mod", EnumSet.of(Role.MODERATOR));

    @Autowired AuditLog audit;
    @Autowired ReviewPorts.Actions actions;

    private record Sent(String reportId, String token, Messenger.Held held) {}

    private Sent report(String sender, String reporter, String text, byte[] attachment) {
        List<AttachmentDescriptor> atts =
                attachment == null
                        ? List.of()
                        : List.of(AttachmentDescriptor.of("image/png", attachment));
        var held =
                messenger
                        .send(
                                messenger.compose(unique("m"), sender, unique("c"), text, atts),
                                reporter)
                        .get(0);
        String token = TestTokens.token(reporter, "report");
        Api.Response r = api.post("/api/v2/reports", token, Messenger.reportJson("spam", held));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return new Sent(r.json().get("reportId").asString(), token, held);
    }

    private UUID caseOf(String reportId) {
        return jdbc.queryForObject(
                "SELECT case_id FROM reports WHERE id = ?::uuid", UUID.class, reportId);
    }

    @Test
    void receiptCaseOpeningAndUploadAreAuditedBySystemWithoutContent() throws Exception {
        String sender = unique("sender"), bob = unique("bob"), carol = unique("carol");
        byte[] image = ("image " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        Sent first = report(sender, bob, "the secret words", image);
        UUID caseId = caseOf(first.reportId());

        List<AuditRow> rows = audit.forCase(caseId);
        assertThat(rows)
                .extracting(AuditRow::event)
                .containsExactly("case.opened", "report.received");
        assertThat(rows).allSatisfy(r -> assertThat(r.actor()).isEqualTo("system"));
        assertThat(rows).allSatisfy(r -> assertThat(r.subject()).isEqualTo(first.reportId()));
        assertThat(rows.get(1).detail())
                .startsWith("verified; messages=1; transcript_gaps=0; verified_at=");
        assertThat(rows.get(1).seq()).isEqualTo(rows.get(0).seq() + 1);

        // the upload: once, however often it is sent
        String path = "/api/v2/reports/" + first.reportId() + "/messages/0/attachments/0";
        assertThat(api.put(path, first.token(), image).status()).isEqualTo(204);
        assertThat(api.put(path, first.token(), image).status()).isEqualTo(204);
        UUID item =
                jdbc.queryForObject(
                        "SELECT evidence_item_id FROM report_messages WHERE report_id = ?::uuid",
                        UUID.class,
                        first.reportId());
        List<AuditRow> uploads =
                audit.forCase(caseId).stream()
                        .filter(r -> r.event().equals("attachment.uploaded"))
                        .toList();
        assertThat(uploads).hasSize(1);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(image));
        assertThat(uploads.get(0).actor()).isEqualTo("system");
        assertThat(uploads.get(0).subject()).isEqualTo(item + "#0");
        assertThat(uploads.get(0).detail())
                .isEqualTo(
                        "report="
                                + first.reportId()
                                + "; message=0; n=0; size="
                                + image.length
                                + "; sha256_prefix="
                                + sha.substring(0, 16));

        // a second report joins the open case: received, not opened again
        Sent second = report(sender, carol, "more secret words", null);
        assertThat(caseOf(second.reportId())).isEqualTo(caseId);
        assertThat(audit.forCase(caseId))
                .extracting(AuditRow::event)
                .containsExactly(
                        "case.opened", "report.received", "attachment.uploaded", "report.received");

        // no content and no reporter id in any of them
        for (AuditRow r : audit.forCase(caseId)) {
            String all = r.subject() + " " + r.detail();
            assertThat(all)
                    .doesNotContain("secret", bob, carol, sender)
                    .doesNotContain(new String(image, StandardCharsets.UTF_8));
        }
        assertThat(audit.verifyChain().intact()).isTrue();
    }

    @Test
    void theChainStaysVerifiableUnderConcurrentIntakeAndModeratorActions() throws Exception {
        // one case for the moderator to work on while reports pour in
        String target = unique("target");
        UUID worked = caseOf(report(target, unique("r"), "x", null).reportId());

        List<String> senders = List.of(unique("s0"), unique("s1"), unique("s2"), unique("s3"));
        List<Callable<String>> jobs = new ArrayList<>();
        for (int i = 0; i < 48; i++) {
            String sender = senders.get(i % senders.size());
            String reporter = unique("rep" + i);
            var held =
                    messenger
                            .send(
                                    messenger.compose(
                                            unique("m"), sender, unique("c"), "m " + i, List.of()),
                                    reporter)
                            .get(0);
            String token = TestTokens.token(reporter, "report");
            var json = Messenger.reportJson("spam", held);
            jobs.add(
                    () -> {
                        Api.Response r = api.post("/api/v2/reports", token, json);
                        assertThat(r.status()).as(r.body()).isEqualTo(201);
                        return r.json().get("reportId").asString();
                    });
        }
        ExecutorService pool = Executors.newFixedThreadPool(17);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<String>> reports = new ArrayList<>();
            for (Callable<String> j : jobs) {
                reports.add(
                        pool.submit(
                                () -> {
                                    go.await();
                                    return j.call();
                                }));
            }
            Future<?> moderator =
                    pool.submit(
                            () -> {
                                go.await();
                                for (int k = 0; k < 10; k++) {
                                    actions.claim(worked, MOD);
                                    actions.release(worked, MOD);
                                }
                                return null;
                            });
            go.countDown();
            List<String> ids = new ArrayList<>();
            for (Future<String> f : reports) {
                ids.add(f.get());
            }
            moderator.get();

            // one received row per report, one opened row per case, each case's rows ordered
            for (String id : ids) {
                assertThat(
                                jdbc.queryForObject(
                                        "SELECT count(*) FROM audit_log WHERE event ="
                                                + " 'report.received' AND subject = ? AND case_id"
                                                + " = (SELECT case_id FROM reports WHERE id ="
                                                + " ?::uuid)",
                                        Integer.class,
                                        id,
                                        id))
                        .isEqualTo(1);
            }
            for (String s : senders) {
                UUID c =
                        jdbc.queryForObject(
                                "SELECT id FROM cases WHERE reported_sender_id = ?", UUID.class, s);
                List<AuditRow> rows = audit.forCase(c);
                assertThat(rows.get(0).event()).isEqualTo("case.opened");
                assertThat(rows).filteredOn(r -> r.event().equals("case.opened")).hasSize(1);
                assertThat(rows).filteredOn(r -> r.event().equals("report.received")).hasSize(12);
            }
            assertThat(audit.forCase(worked))
                    .filteredOn(r -> r.event().equals("case.claimed"))
                    .hasSize(10);
            // the whole chain: no fork, no gap, every hash recomputes
            var check = audit.verifyChain();
            assertThat(check.intact()).as("first broken: %s", check.firstBrokenSeq()).isTrue();
            assertThat(check.rowsChecked()).isGreaterThanOrEqualTo(ids.size() + senders.size());
        } finally {
            pool.shutdownNow();
        }
    }
}
