package dev.franking.service.intake;

import dev.franking.service.crypto.Vault;
import dev.franking.service.reports.ReportStatements;
import dev.franking.service.reports.ReportWriter.Pending;
import dev.franking.v2.Commitment;
import dev.franking.v2.Transcript;
import dev.franking.v2.VerifiedMessage;
import dev.franking.v2.VerifiedReport;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.UUID;

/**
 * A batch's accepted reports as the rows the statements insert: comments and message content sealed
 * under their case's data key, evidence items once per case.
 */
final class BatchRows {
    private BatchRows() {}

    /** A sender's case: its id and data key, once known. */
    static final class CaseKey {
        UUID id;
        byte[] dataKey;

        CaseKey(UUID id, byte[] dataKey) {
            this.id = id;
            this.dataKey = dataKey;
        }
    }

    record Accepted(Pending pending, UUID reportId, CaseKey kase) {
        VerifiedReport report() {
            return pending.report();
        }
    }

    static List<ReportStatements.ReportRow> reports(Vault vault, List<Accepted> accepted) {
        List<ReportStatements.ReportRow> rows = new ArrayList<>(accepted.size());
        for (Accepted a : accepted) {
            rows.add(
                    new ReportStatements.ReportRow(
                            a.reportId(),
                            a.kase().id,
                            a.report().reporterId(),
                            a.pending().category(),
                            comment(vault, a),
                            a.report().messages().size(),
                            a.pending().dedupe(),
                            a.report().verifiedAt(),
                            a.report().transcript().gaps()));
        }
        return rows;
    }

    /**
     * The evidence items the cases do not hold yet, content sealed under their case's data key;
     * their new ids go into {@code itemIds}.
     */
    /** A report's {@code comment_enc}; null for no comment. */
    private static byte[] comment(Vault vault, Accepted a) {
        String comment = a.pending().comment();
        if (comment == null || comment.isEmpty()) {
            return null;
        }
        return vault.sealComment(a.kase().dataKey, a.reportId(), comment);
    }

    static List<ReportStatements.ItemRow> newItems(
            Vault vault,
            SortedMap<String, VerifiedMessage> messages,
            Map<String, CaseKey> messageCase,
            Map<String, UUID> itemIds) {
        List<ReportStatements.ItemRow> rows = new ArrayList<>();
        messages.forEach(
                (key, m) -> {
                    if (itemIds.containsKey(key)) {
                        return;
                    }
                    CaseKey kase = messageCase.get(key);
                    UUID id = UUID.randomUUID();
                    itemIds.put(key, id);
                    var content = m.content();
                    rows.add(
                            new ReportStatements.ItemRow(
                                    id,
                                    kase.id,
                                    m.commitment().toBytes(),
                                    content.messageId(),
                                    content.senderId(),
                                    content.conversationId(),
                                    content.sentAt(),
                                    content.contentType(),
                                    content.body().length,
                                    vault.sealContent(
                                            kase.dataKey, id, m.content(), m.frankingKey()),
                                    prev(content.prev()),
                                    content.attachments()));
                });
        return rows;
    }

    static List<ReportStatements.MessageRow> messages(
            List<Accepted> accepted, Map<String, UUID> itemIds) {
        List<ReportStatements.MessageRow> rows = new ArrayList<>();
        for (Accepted a : accepted) {
            Transcript t = a.report().transcript();
            int[] position = new int[a.report().messages().size()];
            for (int p = 0; p < t.order().size(); p++) {
                position[t.order().get(p)] = p;
            }
            for (VerifiedMessage m : a.report().messages()) {
                rows.add(
                        new ReportStatements.MessageRow(
                                a.reportId(),
                                m.index(),
                                itemIds.get(
                                        IntakeDecisions.itemKey(
                                                a.kase().id, m.commitment().toBytes())),
                                m.recipientId(),
                                m.stamp().kid().value(),
                                m.stamp().receivedAt(),
                                m.stamp().mac(),
                                m.keyDestroyAt(),
                                a.report().verifiedAt(),
                                m.stamp().routeSalt().toBytes(),
                                position[m.index()],
                                t.gapsOf(m.index()).size(),
                                m.byReporter()));
            }
        }
        return rows;
    }

    /** {@code prev} as committed: its entries' 32 bytes each, in order. */
    private static byte[] prev(List<Commitment> prev) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(32 * prev.size());
        for (Commitment c : prev) {
            out.writeBytes(c.toBytes());
        }
        return out.toByteArray();
    }
}
