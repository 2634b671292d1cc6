package dev.franking.service.forwarding;

import dev.franking.review.model.ReviewPorts;
import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Views.ApprovalRow;
import dev.franking.service.Rows;
import dev.franking.service.cases.CaseRepository;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The review UI's "awaiting my approval": pending forwarding requests this reviewer may approve,
 * that is, requested by someone else (four eyes), on cases they see, for those whose role may
 * approve (child safety, admins). A file of its own in this package (it reads {@code forwardings},
 * this package's table) so that it stays out of {@link ForwardingService}'s way.
 */
@Service
class PendingApprovals implements ReviewPorts.Approvals {
    /** More would not be read in one sitting; the list is oldest first. */
    static final int MAX_ROWS = 200;

    private final JdbcClient jdbc;
    private final CaseRepository cases;

    PendingApprovals(JdbcClient jdbc, CaseRepository cases) {
        this.jdbc = jdbc;
        this.cases = cases;
    }

    private record Pending(
            UUID id,
            UUID caseId,
            String destination,
            String requestedBy,
            Instant requestedAt,
            String requestReason) {}

    /** One count, not the rows with a case read each (this is on every page's navigation). */
    @Override
    public int awaitingCount(Reviewer viewer) {
        if (!viewer.seesChildSafety()) {
            return 0;
        }
        return jdbc.sql("SELECT count(*) FROM forwardings WHERE status = ? AND requested_by <> ?")
                .params(ForwardingStatus.REQUESTED.wire(), viewer.username())
                .query(Integer.class)
                .single();
    }

    @Override
    public List<ApprovalRow> awaitingApproval(Reviewer viewer) {
        if (!viewer.seesChildSafety()) {
            // only they may approve; and they see every case, so no row needs hiding
            return List.of();
        }
        return jdbc
                .sql(
                        "SELECT f.id, f.case_id, d.name AS destination, f.requested_by,"
                                + " f.requested_at, f.request_reason FROM forwardings f JOIN"
                                + " destinations d ON d.id = f.destination_id WHERE f.status ="
                                + " ? AND f.requested_by <> ? ORDER BY f.requested_at, f.id"
                                + " LIMIT ?")
                .params(ForwardingStatus.REQUESTED.wire(), viewer.username(), MAX_ROWS)
                .query(Rows.of(Pending.class))
                .list()
                .stream()
                .map(
                        p ->
                                new ApprovalRow(
                                        p.caseId(),
                                        p.id(),
                                        cases.summary(p.caseId())
                                                .map(CaseRepository.CaseSummary::reportedSenderId)
                                                .orElse(""),
                                        p.destination(),
                                        p.requestedBy(),
                                        p.requestedAt(),
                                        p.requestReason()))
                .toList();
    }
}
