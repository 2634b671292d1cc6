package dev.franking.service.reports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.franking.service.MigratedSchema;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * StatesTest's check for {@code reports.outcome}, kept in this package because ReportOutcome is
 * package-private (no other package needs it): the column's CHECK constraint admits exactly the
 * enum's values.
 */
class ReportOutcomeStateTest {

    @Test
    void theOutcomeCheckMirrorsTheEnum() {
        assertThat(MigratedSchema.checkedValues("reports", "outcome"))
                .as("reports.outcome: its CHECK constraint and its enum")
                .containsExactlyInAnyOrderElementsOf(
                        Arrays.stream(ReportOutcome.values()).map(ReportOutcome::wire).toList());
    }
}
