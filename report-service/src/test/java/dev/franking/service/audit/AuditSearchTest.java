package dev.franking.service.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.franking.review.model.Views.AuditFilter;
import dev.franking.review.model.Views.AuditRow;
import dev.franking.service.ServiceTestBase;
import java.io.StringWriter;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/** The audit log's search and CSV export read back exactly the columns that were appended. */
class AuditSearchTest extends ServiceTestBase {
    @Autowired AuditLog audit;
    @Autowired TransactionTemplate tx;

    @Test
    void searchAndExportReturnTheAppendedRowsNewestFirstAndOldestFirst() throws Exception {
        String actor = unique("auditor");
        // an append is written at its transaction's commit: its seq is the head's once committed
        tx.executeWithoutResult(
                s ->
                        audit.append(
                                actor,
                                AuditEvent.MODERATOR_CREATED,
                                null,
                                "subject-1",
                                "=detail, one"));
        long first = audit.head().orElseThrow().seq();
        tx.executeWithoutResult(
                s ->
                        audit.append(
                                actor,
                                AuditEvent.MODERATOR_PASSWORD_RESET,
                                null,
                                "subject-2",
                                null));
        long second = audit.head().orElseThrow().seq();

        AuditFilter byActor = new AuditFilter(actor, null, null, null, null);
        List<AuditRow> rows = audit.search(byActor, null, 10);
        assertThat(rows).extracting(AuditRow::seq).containsExactly(second, first);
        AuditRow older = rows.get(1);
        assertThat(older.actor()).isEqualTo(actor);
        assertThat(older.event()).isEqualTo("moderator.created");
        assertThat(older.subject()).isEqualTo("subject-1");
        assertThat(older.detail()).isEqualTo("=detail, one");
        assertThat(older.caseId()).isNull();
        byte[] stored =
                jdbc.queryForObject(
                        "SELECT hash FROM audit_log WHERE seq = ?", byte[].class, first);
        assertThat(older.hashHex()).isEqualTo(HexFormat.of().formatHex(stored));
        assertThat(audit.search(byActor, second, 10))
                .extracting(AuditRow::seq)
                .containsExactly(first);

        StringWriter csv = new StringWriter();
        audit.exportCsv(byActor, csv);
        String[] lines = csv.toString().split("\r\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[1])
                .startsWith(first + ",")
                .contains("," + actor + ",moderator.created,,subject-1,\"'=detail, one\",")
                .endsWith(older.hashHex());
        assertThat(lines[2]).startsWith(second + ",").contains(",subject-2,,");
        assertThat(audit.verifyChain().intact()).isTrue();
    }
}
