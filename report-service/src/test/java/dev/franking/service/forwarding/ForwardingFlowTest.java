package dev.franking.service.forwarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.franking.evidence.EvidenceVerifier;
import dev.franking.evidence.VerificationReport;
import dev.franking.review.model.ReviewPorts;
import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Role;
import dev.franking.review.model.Views;
import dev.franking.service.ReportsProperties;
import dev.franking.service.TestSigning;
import dev.franking.service.forwarding.destinations.FakeCyberTipline;
import dev.franking.service.forwarding.destinations.FakeWebhookReceiver;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Forwarding on real PostgreSQL against local test doubles of each destination: four eyes enforced;
 * delivery retried through failures and a restart and delivered exactly once; the CyberTipline flow
 * in the right order with the right elements; the delivered package verifies offline.
 */
class ForwardingFlowTest extends ForwardingTestBase {
    static final Reviewer SENIOR_1 = new Reviewer("fwd-senior-1", EnumSet.of(Role.CHILD_SAFETY));
    static final Reviewer SENIOR_2 = new Reviewer("fwd-senior-2", EnumSet.of(Role.CHILD_SAFETY));
    static final Reviewer MOD = new Reviewer("fwd-mod", EnumSet.of(Role.MODERATOR));
    static final Reviewer ADMIN = new Reviewer("fwd-admin", EnumSet.of(Role.ADMIN));
    static final String SECRET = "0123456789abcdef0123456789abcdef-webhook";

    @Autowired ReviewPorts.Queue queue;
    @Autowired ReviewPorts.Actions actions;

    private UUID childSafetyCase() {
        Reported reported = childSafetyReportWithImage(Duration.ZERO);
        UUID caseId = reported.caseId(), item = reported.item();
        cases.reveal(
                caseId, item,
                SENIOR_1); // one recorded view: the package must say the body was viewed, the image
        // not
        return caseId;
    }

    private VerificationReport verifyOffline(byte[] zip) {
        return new EvidenceVerifier()
                .verify(zip, EvidenceVerifier.Pin.certificate(TestSigning.signer().certificate()));
    }

    @Test
    void fourEyesThenAWebhookDeliveryRetriedThroughFailuresAndARestartArrivesOnce()
            throws Exception {
        UUID caseId = childSafetyCase();
        try (FakeWebhookReceiver receiver =
                new FakeWebhookReceiver(SECRET.getBytes(StandardCharsets.UTF_8), CLOCK)) {
            UUID dest =
                    evidence.addDestination(
                            unique("partner-hook"),
                            "webhook",
                            receiver.url().toString(),
                            null,
                            SECRET,
                            ADMIN);
            assertThatThrownBy(
                            () ->
                                    evidence.addDestination(
                                            unique("x"),
                                            "webhook",
                                            receiver.url().toString(),
                                            null,
                                            SECRET,
                                            SENIOR_1))
                    .hasMessage("refused.forbidden");

            assertThatThrownBy(() -> evidence.requestForwarding(caseId, dest, "CSAM", MOD))
                    .isInstanceOf(ReviewPorts.NotFound.class);
            UUID f =
                    evidence.requestForwarding(
                            caseId, dest, "verified CSAM report, mandatory reporting", SENIOR_1);
            assertThatThrownBy(() -> evidence.approveForwarding(caseId, f, SENIOR_1))
                    .hasMessage("refused.four-eyes");
            assertThat(
                            jdbc.queryForObject(
                                    "SELECT count(*) FROM outbox WHERE payload LIKE ?",
                                    Integer.class,
                                    "%" + f + "%"))
                    .isZero();
            evidence.approveForwarding(caseId, f, SENIOR_2);
            assertThatThrownBy(() -> evidence.approveForwarding(caseId, f, ADMIN))
                    .hasMessage("refused.forwarding-not-pending");

            Views.EvidenceStatus status = evidence.status(caseId, SENIOR_1);
            assertThat(status.forwardings())
                    .singleElement()
                    .satisfies(
                            row -> {
                                assertThat(row.status()).isEqualTo("queued");
                                assertThat(row.requestedBy()).isEqualTo(SENIOR_1.username());
                                assertThat(row.decidedBy()).isEqualTo(SENIOR_2.username());
                                assertThat(row.packageSha256()).hasSize(64);
                            });
            assertThat(status.preservedUntil())
                    .isAfterOrEqualTo(CLOCK.instant().plus(Duration.ofDays(364)));
            assertThat(
                            jdbc.queryForList(
                                    "SELECT event FROM audit_log WHERE case_id = ? ORDER BY seq",
                                    String.class,
                                    caseId))
                    .containsSubsequence(
                            "forwarding.requested", "evidence.packaged", "forwarding.approved");
            assertThat(
                            jdbc.queryForObject(
                                    "SELECT detail FROM audit_log WHERE case_id = ? AND event ="
                                            + " 'forwarding.approved'",
                                    String.class,
                                    caseId))
                    .contains("sha256=" + status.forwardings().get(0).packageSha256());

            receiver.failNext(
                    FakeWebhookReceiver.Failure.HTTP_503, FakeWebhookReceiver.Failure.DROP_BEFORE);
            assertThat(newDispatcher().deliverDue()).isZero();
            CLOCK.advance(Duration.ofMinutes(2));
            assertThat(newDispatcher().deliverDue())
                    .isZero(); // a "restart": a new dispatcher, the same outbox
            CLOCK.advance(Duration.ofMinutes(2));
            assertThat(newDispatcher().deliverDue()).isEqualTo(1);
            CLOCK.advance(Duration.ofMinutes(10));
            assertThat(newDispatcher().deliverDue()).isZero();

            assertThat(receiver.accepted()).hasSize(1);
            assertThat(receiver.attempts())
                    .extracting(FakeWebhookReceiver.Attempt::deliveryId)
                    .containsOnly(f.toString());
            assertThat(receiver.violations()).isEmpty();
            var row = evidence.status(caseId, SENIOR_1).forwardings().get(0);
            assertThat(row.status()).isEqualTo("acknowledged");
            assertThat(row.reference()).isNotBlank();
            VerificationReport report = verifyOffline(receiver.accepted().get(f.toString()).body());
            assertThat(report.ok()).as(report.toString()).isTrue();
        }
    }

    @Test
    void theCyberTiplineFlowRunsInOrderResumesAfterAFailureAndSubmitsOnce() throws Exception {
        UUID caseId = childSafetyCase();
        try (FakeCyberTipline ncmec = new FakeCyberTipline("esp-user", "esp-password")) {
            UUID dest =
                    evidence.addDestination(
                            unique("cybertipline"),
                            "cybertipline",
                            ncmec.baseUri().toString(),
                            "esp-user",
                            "esp-password",
                            ADMIN);
            UUID f = evidence.requestForwarding(caseId, dest, "mandatory report", SENIOR_1);
            evidence.approveForwarding(caseId, f, ADMIN);

            ncmec.fail("/upload", 2, 1, FakeCyberTipline.Failure.HTTP_503);
            assertThat(newDispatcher().deliverDue()).isZero();
            var afterFailure = evidence.status(caseId, SENIOR_1).forwardings().get(0);
            assertThat(afterFailure.lastError()).isNotBlank();
            assertThat(afterFailure.status())
                    .as("the CyberTipline holds the report: sent, not yet acknowledged")
                    .isEqualTo("sent");
            CLOCK.advance(Duration.ofMinutes(2));
            assertThat(newDispatcher().deliverDue()).isEqualTo(1);

            assertThat(ncmec.violations()).isEmpty();
            assertThat(ncmec.duplicateSubmits()).isZero();
            assertThat(ncmec.count("/submit")).isEqualTo(1);
            List<String> accepted = ncmec.acceptedPaths();
            assertThat(accepted.get(0)).isEqualTo("/submit");
            assertThat(accepted.get(accepted.size() - 1)).isEqualTo("/finish");
            int uploads = (int) accepted.stream().filter("/upload"::equals).count();
            assertThat(uploads)
                    .isEqualTo((int) accepted.stream().filter("/fileinfo"::equals).count())
                    .isEqualTo(3);
            assertThat(accepted.indexOf("/fileinfo"))
                    .isGreaterThan(accepted.lastIndexOf("/upload"));
            var row = evidence.status(caseId, SENIOR_1).forwardings().get(0);
            assertThat(row.status()).isEqualTo("acknowledged");
            assertThat(row.reference()).isEqualTo(ncmec.reports().get(0).reportId);
            // the body was viewed (one audited reveal), the image never was (shown blurred at
            // most), and the package holds the viewed body
            assertThat(ncmec.reports().get(0).fileDetails).hasSize(3);
            List<String> viewed =
                    ncmec.reports().get(0).fileDetails.values().stream()
                            .map(
                                    d ->
                                            d.getElementsByTagName("fileViewedByEsp")
                                                    .item(0)
                                                    .getTextContent())
                            .toList();
            assertThat(viewed).containsExactlyInAnyOrder("true", "false", "true");
        }
    }

    @Test
    void aDownloadDestinationHoldsASignedPackageThatVerifiesOffline() {
        UUID caseId = childSafetyCase();
        UUID dest = evidence.addDestination(unique("manual"), "download", null, null, null, ADMIN);
        UUID f = evidence.requestForwarding(caseId, dest, "manual submission", SENIOR_2);
        assertThatThrownBy(() -> evidence.download(caseId, f, SENIOR_1))
                .hasMessage("refused.forwarding-not-approved");
        evidence.approveForwarding(caseId, f, SENIOR_1);
        assertThat(evidence.status(caseId, SENIOR_2).forwardings().get(0).status())
                .isEqualTo("ready");
        Views.PackageDownload pkg = evidence.download(caseId, f, SENIOR_2);
        VerificationReport report = verifyOffline(pkg.zip());
        assertThat(report.ok()).as(report.toString()).isTrue();
        assertThat(report.summary().caseId()).isEqualTo(caseId.toString());
        assertThat(
                        jdbc.queryForObject(
                                "SELECT count(*) FROM audit_log WHERE case_id = ? AND event ="
                                        + " 'evidence.package_downloaded'",
                                Integer.class,
                                caseId))
                .isEqualTo(1);
        // a forwarded case is preserved: retention passes it by even long after closing
        assertThat(
                        jdbc.queryForObject(
                                        "SELECT preserve_until FROM cases WHERE id = ?",
                                        Timestamp.class,
                                        caseId)
                                .toInstant())
                .isAfter(CLOCK.instant().plus(Duration.ofDays(364)));
    }

    // ------------------------------------------------ issue 13 item 1: delivery that always ends

    @Autowired ReportsProperties props;

    /** A CyberTipline destination on the fake, and an approved forwarding of a new case to it. */
    private record Queued(UUID caseId, UUID destination, UUID forwarding) {}

    private Queued queuedForCyberTipline(FakeCyberTipline ncmec) {
        UUID caseId = childSafetyCase();
        UUID dest =
                evidence.addDestination(
                        unique("cybertipline"),
                        "cybertipline",
                        ncmec.baseUri().toString(),
                        "esp-user",
                        "esp-password",
                        ADMIN);
        UUID f = evidence.requestForwarding(caseId, dest, "mandatory report", SENIOR_1);
        evidence.approveForwarding(caseId, f, ADMIN);
        return new Queued(caseId, dest, f);
    }

    private Views.ForwardingRow row(Queued q) {
        return evidence.status(q.caseId(), SENIOR_1).forwardings().stream()
                .filter(r -> r.id().equals(q.forwarding()))
                .findFirst()
                .orElseThrow();
    }

    /**
     * Runs delivery attempts, each in a new dispatcher (a restart), until the forwarding's row
     * satisfies {@code until}. The application's own scheduled dispatcher may take an attempt (it
     * locks the outbox row and this one skips it), so this waits for the row, not for a count of
     * attempts. {@code advance}: move the clock past any backoff before each attempt.
     */
    private Views.ForwardingRow await(
            Queued q, boolean advance, java.util.function.Predicate<Views.ForwardingRow> until)
            throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        Views.ForwardingRow r = row(q);
        while (!until.test(r) && System.nanoTime() < end) {
            if (advance) {
                CLOCK.advance(Duration.ofHours(2));
            }
            newDispatcher().deliverDue();
            r = row(q);
            if (!until.test(r)) {
                Thread.sleep(100);
                r = row(q);
            }
        }
        return r;
    }

    private List<String> events(UUID forwardingId) {
        return jdbc.queryForList(
                "SELECT event FROM audit_log WHERE subject = ? ORDER BY seq",
                String.class,
                forwardingId.toString());
    }

    /** Exactly one finished report, holding every file once with its details; nothing open. */
    private static FakeCyberTipline.StoredReport oneFinishedNoneOpen(
            FakeCyberTipline ncmec, String label) {
        assertThat(ncmec.violations()).as(label).isEmpty();
        assertThat(ncmec.duplicateSubmits()).as(label).isZero();
        assertThat(ncmec.reports()).as(label).noneMatch(FakeCyberTipline.StoredReport::open);
        List<FakeCyberTipline.StoredReport> finished =
                ncmec.reports().stream().filter(r -> r.finishCount > 0).toList();
        assertThat(finished).as(label).hasSize(1);
        FakeCyberTipline.StoredReport done = finished.get(0);
        assertThat(done.finishCount).as(label).isEqualTo(1);
        assertThat(done.files).as(label).hasSize(3);
        assertThat(done.fileInfoCount).as(label).hasSize(3);
        assertThat(done.fileInfoCount.values()).as(label).containsOnly(1);
        return done;
    }

    /**
     * Each answer of the CyberTipline is lost in turn (processed, then the connection closed), and
     * every delivery attempt runs in a new dispatcher (a restart). Every run ends in exactly one
     * finished report whose id the forwarding records, no report left open, {@code /fileinfo} at
     * most once per file and report, and preservation counted from the acknowledgement. A lost
     * submit answer is the one case a person resolves, by recording the id NCMEC gives them.
     */
    @Test
    void everyLostCyberTiplineAnswerWithRestartsEndsInExactlyOneFinishedReport() throws Exception {
        List<List<String>> scenarios =
                List.of(
                        List.of("/submit 1"),
                        List.of("/upload 1"),
                        List.of("/upload 2"),
                        List.of("/upload 3"),
                        List.of("/fileinfo 1"),
                        List.of("/fileinfo 2"),
                        List.of("/fileinfo 3"),
                        List.of("/finish 1"),
                        List.of("/upload 2", "/retract 1"),
                        List.of("/fileinfo 3", "/submit 2", "/finish 1"));
        for (List<String> drops : scenarios) {
            String label = "answers lost: " + drops;
            try (FakeCyberTipline ncmec = new FakeCyberTipline("esp-user", "esp-password")) {
                for (String d : drops) {
                    String[] pc = d.split(" ");
                    ncmec.fail(
                            pc[0], Integer.parseInt(pc[1]), 1, FakeCyberTipline.Failure.DROP_AFTER);
                }
                Queued q = queuedForCyberTipline(ncmec);
                Views.ForwardingRow r = row(q);
                for (int round = 0; round < 3 && !r.status().equals("acknowledged"); round++) {
                    r =
                            await(
                                    q,
                                    true,
                                    x ->
                                            x.status().equals("acknowledged")
                                                    || x.status().equals("failed"));
                    if (r.status().equals("failed")) {
                        // only an unanswered submit needs a person; no text about markers
                        assertThat(drops).as(label).anyMatch(x -> x.startsWith("/submit"));
                        assertThat(r.lastError())
                                .as(label)
                                .contains("/submit")
                                .contains("record")
                                .contains(q.caseId().toString())
                                .doesNotContain("in-flight");
                        String given =
                                ncmec.reports().stream()
                                        .filter(FakeCyberTipline.StoredReport::open)
                                        .findFirst()
                                        .orElseThrow()
                                        .reportId;
                        evidence.recordForwardingReference(
                                q.caseId(), q.forwarding(), given, SENIOR_2);
                        r = row(q);
                        assertThat(r.status()).as(label).isEqualTo("queued");
                    }
                }
                assertThat(r.status()).as(label + ": " + r.lastError()).isEqualTo("acknowledged");
                FakeCyberTipline.StoredReport done = oneFinishedNoneOpen(ncmec, label);
                assertThat(r.reference()).as(label).isEqualTo(done.reportId);
                long retracted = ncmec.reports().stream().filter(x -> x.retracted).count();
                assertThat(events(q.forwarding()))
                        .as(label)
                        .filteredOn("forwarding.retracted"::equals)
                        .hasSize((int) retracted);
                assertThat(events(q.forwarding())).as(label).endsWith("forwarding.acknowledged");
                if (drops.stream().anyMatch(x -> x.startsWith("/submit"))) {
                    assertThat(events(q.forwarding()))
                            .as(label)
                            .contains("forwarding.reference_recorded");
                }
                // preservation runs from NCMEC's acknowledgement, not from the approval
                Timestamp acknowledged =
                        jdbc.queryForObject(
                                "SELECT acknowledged_at FROM forwardings WHERE id = ?",
                                Timestamp.class,
                                q.forwarding());
                Timestamp decided =
                        jdbc.queryForObject(
                                "SELECT decided_at FROM forwardings WHERE id = ?",
                                Timestamp.class,
                                q.forwarding());
                assertThat(acknowledged.toInstant()).isAfter(decided.toInstant());
                assertThat(
                                jdbc.queryForObject(
                                                "SELECT preserve_until FROM cases WHERE id = ?",
                                                Timestamp.class,
                                                q.caseId())
                                        .toInstant())
                        .as(label)
                        .isEqualTo(
                                acknowledged
                                        .toInstant()
                                        .plus(props.preservation().afterForwarding()));
            }
        }
    }

    @Test
    void aForwardingGivenUpAfterItsSubmitIsRetractedAndAModeratorCanSendItAgain() throws Exception {
        try (FakeCyberTipline ncmec = new FakeCyberTipline("esp-user", "esp-password")) {
            // NCMEC refuses the second file for good, and the first retraction finds it unreachable
            ncmec.fail("/upload", 2, 1, FakeCyberTipline.Failure.HTTP_400);
            ncmec.fail("/retract", 1, 1, FakeCyberTipline.Failure.HTTP_503);
            Queued q = queuedForCyberTipline(ncmec);

            // the first attempt (due at once; no clock change, so no second one yet)
            Views.ForwardingRow r =
                    await(
                            q,
                            false,
                            x -> x.lastError() != null && x.lastError().contains("retract"));
            assertThat(r.status()).as("retraction pending: not failed yet").isEqualTo("sent");
            assertThat(r.lastError()).contains("retracting NCMEC report").contains("HTTP 503");
            assertThat(ncmec.reports())
                    .singleElement()
                    .matches(FakeCyberTipline.StoredReport::open);

            // a restart: the retraction is still done
            r = await(q, true, x -> x.status().equals("failed"));
            assertThat(r.status()).isEqualTo("failed");
            String first = ncmec.reports().get(0).reportId;
            assertThat(r.lastError())
                    .contains("/upload was refused: HTTP 400")
                    .contains("NCMEC report " + first + " was retracted");
            assertThat(ncmec.reports()).singleElement().matches(x -> x.retracted);
            assertThat(events(q.forwarding()))
                    .containsSubsequence("forwarding.retracted", "forwarding.failed");

            // who may repair, and with what
            assertThatThrownBy(() -> evidence.retryForwarding(q.caseId(), q.forwarding(), ADMIN))
                    .hasMessage("refused.forwarding-child-safety-only");
            assertThatThrownBy(
                            () ->
                                    evidence.recordForwardingReference(
                                            q.caseId(), q.forwarding(), "12a", SENIOR_1))
                    .hasMessage("refused.forwarding-reference-invalid");
            assertThatThrownBy(
                            () ->
                                    evidence.recordForwardingReference(
                                            q.caseId(), q.forwarding(), "1", MOD))
                    .isInstanceOf(ReviewPorts.NotFound.class); // a moderator does not see it

            evidence.retryForwarding(q.caseId(), q.forwarding(), SENIOR_2);
            assertThat(row(q).status()).isEqualTo("queued");
            r = await(q, true, x -> x.status().equals("acknowledged"));
            assertThat(r.status()).isEqualTo("acknowledged");
            FakeCyberTipline.StoredReport done = oneFinishedNoneOpen(ncmec, "after the retry");
            assertThat(r.reference()).isEqualTo(done.reportId).isNotEqualTo(first);
            assertThat(events(q.forwarding()))
                    .containsSubsequence(
                            "forwarding.retracted",
                            "forwarding.failed",
                            "forwarding.retried",
                            "forwarding.acknowledged");
            assertThat(
                            jdbc.queryForObject(
                                    "SELECT actor FROM audit_log WHERE subject = ? AND event ="
                                            + " 'forwarding.retried'",
                                    String.class,
                                    q.forwarding().toString()))
                    .isEqualTo(SENIOR_2.username());
            assertThatThrownBy(() -> evidence.retryForwarding(q.caseId(), q.forwarding(), SENIOR_1))
                    .hasMessage("refused.forwarding-not-failed");
        }
    }

    @Test
    void anAdminTestsACyberTiplineDestinationsConnectionAndTheTestIsAudited() throws Exception {
        try (FakeCyberTipline ncmec = new FakeCyberTipline("esp-user", "esp-password")) {
            UUID good =
                    evidence.addDestination(
                            unique("ct-good"),
                            "cybertipline",
                            ncmec.baseUri().toString(),
                            "esp-user",
                            "esp-password",
                            ADMIN);
            UUID wrong =
                    evidence.addDestination(
                            unique("ct-wrong"),
                            "cybertipline",
                            ncmec.baseUri().toString(),
                            "esp-user",
                            "not-the-password",
                            ADMIN);
            Views.ConnectionTest ok = evidence.testDestination(good, ADMIN);
            assertThat(ok.ok()).isTrue();
            assertThat(ok.problem()).isNull();
            Views.ConnectionTest refused = evidence.testDestination(wrong, ADMIN);
            assertThat(refused.ok()).isFalse();
            assertThat(refused.problem())
                    .contains("/status")
                    .contains("authentication failed (HTTP 401)")
                    .doesNotContain("not-the-password");
            assertThat(ncmec.count("/status")).isEqualTo(2);
            assertThat(
                            jdbc.queryForList(
                                    "SELECT actor || ' ' || detail FROM audit_log WHERE event ="
                                            + " 'destination.tested' AND subject IN (?, ?) ORDER"
                                            + " BY seq",
                                    String.class,
                                    good.toString(),
                                    wrong.toString()))
                    .hasSize(2)
                    .satisfiesExactly(
                            a -> assertThat(a).isEqualTo(ADMIN.username() + " ok"),
                            a -> assertThat(a).startsWith(ADMIN.username() + " failed: "));

            assertThatThrownBy(() -> evidence.testDestination(good, SENIOR_1))
                    .hasMessage("refused.forbidden");
            UUID hook =
                    evidence.addDestination(
                            unique("hook"),
                            "webhook",
                            "https://partner.example/hook",
                            null,
                            SECRET,
                            ADMIN);
            assertThatThrownBy(() -> evidence.testDestination(hook, ADMIN))
                    .hasMessage("refused.destination-test-unsupported");
            assertThat(ncmec.count("/status")).isEqualTo(2);
        }
    }
}
