package dev.franking.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.franking.review.model.Views.Decision;
import dev.franking.service.audit.AuditEvent;
import dev.franking.service.outbox.OutboxKind;
import dev.franking.service.reports.Category;
import dev.franking.service.reports.ReportStatus;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Every stored status, kind and audit event is one of an enum's values, and the database agrees:
 * each column's CHECK constraint (read from {@code pg_constraint} of a freshly migrated database)
 * admits exactly the enum's values, no more, no fewer.
 */
class StatesTest {
    static <E extends Enum<E>> List<String> wires(Class<E> type, Function<E, String> wire) {
        return Arrays.stream(type.getEnumConstants()).map(wire).toList();
    }

    static void mirrors(String table, String column, List<String> values) {
        assertThat(MigratedSchema.checkedValues(table, column))
                .as(table + "." + column + ": its CHECK constraint and its enum")
                .containsExactlyInAnyOrderElementsOf(values);
    }

    @Test
    void reportStatusesAndOutcomes() {
        mirrors("reports", "status", wires(ReportStatus.class, ReportStatus::wire));
        // reports.outcome: ReportOutcomeStateTest, next to the package-private enum
    }

    @Test
    void reportVerdicts() {
        mirrors(
                "reports",
                "verdict",
                wires(
                        dev.franking.review.model.Views.ReportVerdict.class,
                        v -> v.name().toLowerCase(Locale.ROOT)));
    }

    @Test
    void categories() {
        mirrors("reports", "category", wires(Category.class, Category::wire));
        mirrors("cases", "top_category", wires(Category.class, Category::wire));
    }

    @Test
    void decisions() {
        mirrors("cases", "decision", wires(Decision.class, d -> d.name().toLowerCase(Locale.ROOT)));
    }

    @Test
    void outboxKinds() {
        mirrors("outbox", "kind", wires(OutboxKind.class, OutboxKind::wire));
    }

    @Test
    void auditEvents() {
        List<String> events = wires(AuditEvent.class, AuditEvent::wire);
        assertThat(events).doesNotHaveDuplicates();
        assertThat(events)
                .allSatisfy(
                        e ->
                                assertThat(e)
                                        .hasSizeLessThanOrEqualTo(64)
                                        .matches("[a-z_]+\\.[a-z_]+"));
        mirrors("audit_log", "event", events);
    }
}
