package dev.franking.service.forwarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.franking.evidence.TimeStampFailure;
import dev.franking.review.model.ReviewPorts;
import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Role;
import dev.franking.service.Reported;
import dev.franking.service.ReportsProperties;
import dev.franking.service.ServiceTestBase;
import dev.franking.service.TestSigning;
import dev.franking.service.audit.AuditLog;
import dev.franking.service.cases.CaseRepository;
import dev.franking.service.crypto.Vault;
import dev.franking.service.outbox.Outbox;
import dev.franking.service.reports.ReportRepository;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.client.RestClient;

/**
 * A time-stamp authority that cannot be reached makes an approval a clear refusal (issue 13): the
 * approver is told that nothing was sent, the refusal is audited, and the request still waits for
 * approval, so approving again once the TSA answers goes through.
 */
class TsaRefusalTest extends ServiceTestBase {
    static final Reviewer REQUESTER = new Reviewer("tsa-senior-1", EnumSet.of(Role.CHILD_SAFETY));
    static final Reviewer APPROVER = new Reviewer("tsa-senior-2", EnumSet.of(Role.CHILD_SAFETY));
    static final Reviewer ADMIN = new Reviewer("tsa-admin", EnumSet.of(Role.ADMIN));

    @Autowired EvidencePorts evidence;
    @Autowired ForwardingService forwarding;
    @Autowired CaseRepository cases;
    @Autowired AuditLog audit;
    @Autowired Outbox outbox;
    @Autowired Vault vault;
    @Autowired ReportsProperties props;
    @Autowired RestClient http;
    @Autowired PlatformTransactionManager txm;
    @Autowired ReportRepository reports;
    @Autowired TransactionTemplate tx;
    @Autowired DestinationRepository destinations;

    /** The service's forwarding, with a signer whose TSA is unreachable. */
    private ForwardingService withUnreachableTsa() {
        var signer =
                TestSigning.signer()
                        .withTimeStamps(
                                query -> {
                                    throw new IOException(
                                            "the TSA at http://127.0.0.1:9/ could not be reached");
                                });
        EvidencePackager unreachable =
                (caseId, actor) -> {
                    signer.sign("manifest".getBytes(StandardCharsets.UTF_8), CLOCK.instant());
                    throw new AssertionError("signed without a time-stamp");
                };
        return new ForwardingService(
                jdbc,
                cases,
                audit,
                outbox,
                unreachable,
                vault,
                CLOCK,
                props,
                http,
                txm,
                reports,
                destinations);
    }

    private UUID aCase() {
        return Reported.of(messenger, api, jdbc, "child_safety", "words").caseId();
    }

    @Test
    void anUnreachableTsaRefusesTheApprovalAuditedAndLeavesTheRequestRetryable() {
        UUID caseId = aCase();
        UUID dest =
                evidence.addDestination(
                        unique("tsa-download"), "download", null, null, null, ADMIN);
        UUID f = evidence.requestForwarding(caseId, dest, "mandatory reporting", REQUESTER);

        ForwardingService failing = withUnreachableTsa();
        // as the service's proxy runs it: one transaction, rolled back by the refusal
        assertThatThrownBy(() -> tx.executeWithoutResult(s -> failing.approve(f, APPROVER)))
                .isInstanceOf(ReviewPorts.ActionRefused.class)
                .hasMessage("refused.tsa-unreachable");

        // nothing signed, stored or queued; the request still waits for an approver
        assertThat(forwarding.find(f).orElseThrow().status()).isEqualTo("requested");
        assertThat(forwarding.find(f).orElseThrow().packageId()).isNull();
        var rows = audit.forCase(caseId);
        assertThat(rows).extracting(r -> r.event()).doesNotContain("evidence.packaged");
        assertThat(rows).extracting(r -> r.event()).doesNotContain("forwarding.approved");
        var refusal = rows.stream().filter(r -> r.event().equals("case.action_refused")).toList();
        assertThat(refusal).hasSize(1);
        assertThat(refusal.get(0).actor()).isEqualTo(APPROVER.username());
        assertThat(refusal.get(0).subject()).isEqualTo("approve-forwarding");
        assertThat(refusal.get(0).detail())
                .isEqualTo("reason=refused.tsa-unreachable; forwarding=" + f)
                .doesNotContain("127.0.0.1");

        // the TSA answers again: the same request is approved
        evidence.approveForwarding(caseId, f, APPROVER);
        assertThat(forwarding.find(f).orElseThrow().status()).isEqualTo("ready");
        assertThat(audit.verifyChain().intact()).isTrue();
    }

    @Test
    void theSignerTellsATsaFailureApart() {
        var signer =
                TestSigning.signer()
                        .withTimeStamps(
                                query -> {
                                    throw new IOException("connection refused");
                                });
        assertThatThrownBy(() -> signer.sign(new byte[] {1}, CLOCK.instant()))
                .isInstanceOf(TimeStampFailure.class)
                .hasMessageContaining("the TSA could not be asked");
    }
}
