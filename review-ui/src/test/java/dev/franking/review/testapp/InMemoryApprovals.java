package dev.franking.review.testapp;

import dev.franking.review.model.ReviewPorts;
import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Views.ApprovalRow;
import dev.franking.review.model.Views.CaseView;
import dev.franking.review.model.Views.EvidenceStatus;
import dev.franking.review.model.Views.ForwardingRow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * The approvals port over {@link InMemoryEvidence}: pending forwardings on cases the reviewer sees,
 * requested by someone else, for child-safety moderators and admins (who may approve).
 */
public class InMemoryApprovals implements ReviewPorts.Approvals {
    private final InMemoryReviewPorts ports;
    private final InMemoryEvidence evidence;

    public InMemoryApprovals(InMemoryReviewPorts ports, InMemoryEvidence evidence) {
        this.ports = ports;
        this.evidence = evidence;
    }

    @Override
    public List<ApprovalRow> awaitingApproval(Reviewer viewer) {
        if (!viewer.seesChildSafety()) {
            return List.of();
        }
        List<ApprovalRow> rows = new ArrayList<>();
        for (UUID id : ports.caseIds()) {
            EvidenceStatus st = evidence.status(id, viewer);
            if (st == null) {
                continue;
            }
            CaseView c = ports.find(id, viewer).orElseThrow();
            for (ForwardingRow f : st.forwardings()) {
                if ("requested".equals(f.status()) && !viewer.username().equals(f.requestedBy())) {
                    rows.add(
                            new ApprovalRow(
                                    id,
                                    f.id(),
                                    c.reportedAccount(),
                                    f.destination(),
                                    f.requestedBy(),
                                    f.requestedAt(),
                                    f.reason()));
                }
            }
        }
        rows.sort(Comparator.comparing(ApprovalRow::requestedAt));
        return rows;
    }
}
