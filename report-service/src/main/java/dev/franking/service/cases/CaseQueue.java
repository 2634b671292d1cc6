package dev.franking.service.cases;

import dev.franking.review.model.ReviewPorts;
import dev.franking.review.model.ReviewPorts.ActionRefused;
import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Views.CaseStatus;
import dev.franking.review.model.Views.MovedCase;
import dev.franking.review.model.Views.QueueFilter;
import dev.franking.review.model.Views.QueuePage;
import dev.franking.review.model.Views.QueueRow;
import dev.franking.service.reports.Category;
import dev.franking.service.reports.CategoryPolicy;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * The review queue: open cases by severity, then by how many people reported the sender, then by
 * age, paged with an opaque keyset cursor. Child-safety cases are left out for those who may not
 * see them.
 */
@Service
class CaseQueue implements ReviewPorts.Queue {
    private final CaseRepository cases;
    private final Clock clock;

    CaseQueue(CaseRepository cases, Clock clock) {
        this.cases = cases;
        this.clock = clock;
    }

    @Override
    public List<String> categories() {
        return Arrays.stream(Category.values()).map(Category::wire).toList();
    }

    /** The queue's SQL and arguments, exactly as {@link #page} runs them (tests EXPLAIN it). */
    record QueueQuery(String sql, List<Object> args) {}

    static QueueQuery queueQuery(QueueFilter filter, String cursor, int limit, Reviewer viewer) {
        StringBuilder where = new StringBuilder();
        List<Object> args = new ArrayList<>();
        CaseStatus status = filter == null ? null : filter.status();
        where.append(status == CaseStatus.CLOSED ? "closed_at IS NOT NULL" : "closed_at IS NULL");
        if (status == CaseStatus.OPEN) {
            where.append(" AND assigned_to IS NULL AND escalated_at IS NULL");
        } else if (status == CaseStatus.CLAIMED) {
            where.append(" AND assigned_to IS NOT NULL");
        } else if (status == CaseStatus.ESCALATED) {
            where.append(" AND escalated_at IS NOT NULL");
        }
        if (filter != null && filter.category() != null && !filter.category().isBlank()) {
            where.append(" AND top_category = ?");
            args.add(filter.category());
        }
        if (filter != null && filter.assignee() != null && !filter.assignee().isBlank()) {
            if ("none".equals(filter.assignee())) {
                where.append(" AND assigned_to IS NULL");
            } else {
                where.append(" AND assigned_to = ?");
                args.add(filter.assignee());
            }
        }
        if (!viewer.seesChildSafety()) {
            // "> child safety's" rather than "<>": child safety is the lowest severity, first in
            // every queue index, so as a range condition the scan starts after it instead of
            // reading past every child-safety case (issue 15: 626 ms with a million open cases)
            where.append(" AND severity > ? AND escalated_at IS NULL");
            args.add(CaseRow.CHILD_SAFETY_SEVERITY);
        }
        if (cursor != null && !cursor.isBlank()) {
            Object[] c = decodeCursor(cursor);
            where.append(" AND (severity, -distinct_reporters, opened_at, id) > (?, ?, ?, ?)");
            args.addAll(Arrays.asList(c));
        }
        args.add(limit + 1);
        return new QueueQuery(
                "SELECT id, reported_sender_id, top_category, severity, distinct_reporters,"
                    + " report_count, opened_at, assigned_to, escalated_at, closed_at FROM cases"
                    + " WHERE "
                        + where
                        + " ORDER BY severity, -distinct_reporters, opened_at, id LIMIT ?",
                args);
    }

    @Override
    public QueuePage page(QueueFilter filter, String cursor, int limit, Reviewer viewer) {
        int n = Math.max(1, Math.min(limit, 200));
        List<CaseRepository.QueueEntry> found = cases.queue(queueQuery(filter, cursor, n, viewer));
        String next = found.size() > n ? encodeCursor(found.get(n - 1)) : null;
        return new QueuePage(rows(found.subList(0, Math.min(n, found.size()))), next);
    }

    @Override
    public QueuePage escalated(Reviewer viewer, int limit) {
        if (!viewer.seesChildSafety()) {
            return new QueuePage(List.of(), null);
        }
        int n = Math.max(1, Math.min(limit, 200));
        return new QueuePage(rows(cases.escalated(viewer.username(), n)), null);
    }

    @Override
    public int escalatedCount(Reviewer viewer) {
        return viewer.seesChildSafety() ? cases.escalatedCount(viewer.username()) : 0;
    }

    @Override
    public List<MovedCase> movedFrom(Reviewer viewer) {
        return cases.movedFrom(viewer.username()).stream()
                // one who may now see the case (given the role since) needs no notice
                .filter(m -> !viewer.seesChildSafety())
                .map(CaseQueue::moved)
                .toList();
    }

    @Override
    public Optional<MovedCase> moved(UUID caseId, Reviewer viewer) {
        return cases.moved(caseId, viewer.username()).map(CaseQueue::moved);
    }

    private static MovedCase moved(CaseRepository.MovedEntry m) {
        return new MovedCase(m.id(), m.sender(), m.at(), m.why());
    }

    private List<QueueRow> rows(List<CaseRepository.QueueEntry> found) {
        Instant now = clock.instant();
        List<QueueRow> rows = new ArrayList<>();
        for (CaseRepository.QueueEntry e : found) {
            Duration target = CategoryPolicy.responseTarget(e.topCategory());
            Duration age = Duration.between(e.openedAt(), now);
            rows.add(
                    new QueueRow(
                            e.id(),
                            e.reportedSenderId(),
                            e.topCategory(),
                            e.distinctReporters(),
                            e.reportCount(),
                            e.openedAt(),
                            age,
                            target,
                            e.closedAt() == null && age.compareTo(target) > 0,
                            CaseRow.status(e.closedAt(), e.escalatedAt(), e.assignedTo()),
                            e.assignedTo()));
        }
        return List.copyOf(rows);
    }

    static String encodeCursor(CaseRepository.QueueEntry last) {
        String s =
                last.severity()
                        + "|"
                        + -last.distinctReporters()
                        + "|"
                        + last.openedAt()
                        + "|"
                        + last.id();
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static Object[] decodeCursor(String cursor) {
        try {
            String[] p =
                    new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8)
                            .split("\\|");
            return new Object[] {
                Integer.parseInt(p[0]),
                Integer.parseInt(p[1]),
                Timestamp.from(Instant.parse(p[2])),
                UUID.fromString(p[3])
            };
        } catch (RuntimeException e) {
            throw new ActionRefused("refused.bad-cursor");
        }
    }
}
