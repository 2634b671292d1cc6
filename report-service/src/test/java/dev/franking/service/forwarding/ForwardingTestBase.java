package dev.franking.service.forwarding;

import dev.franking.review.model.ReviewPorts;
import dev.franking.service.ReportsProperties;
import dev.franking.service.ServiceTestBase;
import dev.franking.service.audit.AuditLog;
import dev.franking.service.cases.CaseRepository;
import dev.franking.service.outbox.Outbox;
import dev.franking.service.reports.ReportRepository;
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
}
