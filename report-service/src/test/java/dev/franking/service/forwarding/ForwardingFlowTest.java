package dev.franking.service.forwarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.franking.evidence.EvidenceVerifier;
import dev.franking.evidence.VerificationReport;
import dev.franking.review.model.ReviewPorts;
import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Role;
import dev.franking.review.model.Views;
import dev.franking.service.Api;
import dev.franking.service.Messenger;
import dev.franking.service.ServiceTestBase;
import dev.franking.service.TestSigning;
import dev.franking.service.TestTokens;
import dev.franking.service.audit.AuditLog;
import dev.franking.service.cases.CaseRepository;
import dev.franking.service.forwarding.destinations.FakeCyberTipline;
import dev.franking.service.forwarding.destinations.FakeWebhookReceiver;
import dev.franking.service.outbox.Outbox;
import dev.franking.service.reports.ReportRepository;
import dev.franking.v2.AttachmentDescriptor;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Forwarding on real PostgreSQL against local test doubles of each destination: four eyes enforced;
 * delivery retried through failures and a restart and delivered exactly once; the CyberTipline flow
 * in the right order with the right elements; the delivered package verifies offline.
 */
class ForwardingFlowTest extends ServiceTestBase {
    static final Reviewer SENIOR_1 = new Reviewer("fwd-senior-1", EnumSet.of(Role.CHILD_SAFETY));
    static final Reviewer SENIOR_2 = new Reviewer("fwd-senior-2", EnumSet.of(Role.CHILD_SAFETY));
    static final Reviewer MOD = new Reviewer("fwd-mod", EnumSet.of(Role.MODERATOR));
    static final Reviewer ADMIN = new Reviewer("fwd-admin", EnumSet.of(Role.ADMIN));
    static final String SECRET = "0123456789abcdef0123456789abcdef-webhook";

    @Autowired EvidencePorts evidence;
    @Autowired ForwardingService forwarding;
    @Autowired ReviewPorts.Queue queue;
    @Autowired ReviewPorts.Cases cases;
    @Autowired ReviewPorts.Actions actions;
    @Autowired Outbox outbox;
    @Autowired EvidencePackageService packages;
    @Autowired AuditLog audit;
    @Autowired CaseRepository caseRepository;
    @Autowired ReportRepository reportRepository;
    @Autowired TransactionTemplate tx;
    @Autowired PlatformTransactionManager txm;

    /** A new dispatcher over the same database: what the service is after a restart. */
    private ForwardingDispatcher restartedDispatcher() {
        return new ForwardingDispatcher(
                outbox,
                forwarding,
                packages,
                audit,
                caseRepository,
                reportRepository,
                jdbc,
                tx,
                txm,
                CLOCK,
                "Test platform",
                "tns@example.org");
    }

    private UUID childSafetyCase() {
        String sender = unique("offender"), victim = unique("victim");
        byte[] image = ("stand-in image " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        var held =
                messenger
                        .send(
                                messenger.compose(
                                        unique("m"),
                                        sender,
                                        unique("c"),
                                        "[demo: placeholder for a child-safety message]",
                                        List.of(AttachmentDescriptor.of("image/png", image))),
                                victim)
                        .get(0);
        String token = TestTokens.token(victim, "report");
        Api.Response r =
                api.post("/api/v2/reports", token, Messenger.reportJson("child_safety", held));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String reportId = r.json().get("reportId").asString();
        assertThat(
                        api.put(
                                        "/api/v2/reports/" + reportId + "/messages/0/attachments/0",
                                        token,
                                        image)
                                .status())
                .isEqualTo(204);
        UUID caseId =
                jdbc.queryForObject(
                        "SELECT case_id FROM reports WHERE id = ?::uuid", UUID.class, reportId);
        UUID item =
                jdbc.queryForObject(
                        "SELECT evidence_item_id FROM report_messages WHERE report_id = ?::uuid",
                        UUID.class,
                        reportId);
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
            assertThat(restartedDispatcher().deliverDue()).isZero();
            CLOCK.advance(Duration.ofMinutes(2));
            assertThat(restartedDispatcher().deliverDue())
                    .isZero(); // a "restart": a new dispatcher, the same outbox
            CLOCK.advance(Duration.ofMinutes(2));
            assertThat(restartedDispatcher().deliverDue()).isEqualTo(1);
            CLOCK.advance(Duration.ofMinutes(10));
            assertThat(restartedDispatcher().deliverDue()).isZero();

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
            assertThat(restartedDispatcher().deliverDue()).isZero();
            var afterFailure = evidence.status(caseId, SENIOR_1).forwardings().get(0);
            assertThat(afterFailure.lastError()).isNotBlank();
            assertThat(afterFailure.status())
                    .as("the CyberTipline holds the report: sent, not yet acknowledged")
                    .isEqualTo("sent");
            CLOCK.advance(Duration.ofMinutes(2));
            assertThat(restartedDispatcher().deliverDue()).isEqualTo(1);

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
            // the body was viewed (one audited reveal), the image never was
            assertThat(ncmec.reports().get(0).fileDetails).hasSize(3);
            List<String> viewed =
                    ncmec.reports().get(0).fileDetails.values().stream()
                            .map(
                                    d ->
                                            d.getElementsByTagName("fileViewedByEsp")
                                                    .item(0)
                                                    .getTextContent())
                            .toList();
            assertThat(viewed).containsExactlyInAnyOrder("true", "false", "false");
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
}
