package dev.franking.service.forwarding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.franking.review.model.ReviewPorts;
import dev.franking.service.Api;
import dev.franking.service.Messenger;
import dev.franking.service.ReportsProperties;
import dev.franking.service.ServiceTestBase;
import dev.franking.service.TestTokens;
import dev.franking.service.audit.AuditLog;
import dev.franking.service.cases.CaseRepository;
import dev.franking.service.outbox.Outbox;
import dev.franking.service.reports.ReportRepository;
import dev.franking.v2.AttachmentDescriptor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the forwarding flow tests share: the services a forwarding passes through and a dispatcher
 * of their own over the same database (no schedule, its own HTTP client), which is what the service
 * is after a restart.
 */
abstract class ForwardingTestBase extends ServiceTestBase {
    static final ReportsProperties.Cybertipline CONTACT =
            new ReportsProperties.Cybertipline(
                    "Tess Safety", "tns@example.org", "+1 555 0100", null);

    @Autowired EvidencePorts evidence;
    @Autowired ForwardingService forwarding;
    @Autowired ReviewPorts.Cases cases;
    @Autowired Outbox outbox;
    @Autowired EvidencePackageService packages;
    @Autowired AuditLog audit;
    @Autowired CaseRepository caseRepository;
    @Autowired ReportRepository reportRepository;
    @Autowired TransactionTemplate tx;
    @Autowired PlatformTransactionManager txm;

    /** A new dispatcher over the same database, on the test clock, with {@link #CONTACT}. */
    ForwardingDispatcher newDispatcher() {
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
                CONTACT);
    }

    /** A reported child-safety message and its evidence item. */
    record Reported(UUID caseId, UUID item) {}

    /**
     * A child-safety report of one message with one uploaded image, reported {@code delay} after it
     * was received.
     */
    Reported childSafetyReportWithImage(Duration delay) {
        byte[] image = ("stand-in image " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        String sender = unique("offender"), victim = unique("victim");
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
        CLOCK.advance(delay);
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
        return new Reported(caseId, item);
    }
}
