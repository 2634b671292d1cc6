package dev.franking.service.reports;

import dev.franking.VerifiedMessage;
import dev.franking.service.crypto.Aead;
import dev.franking.service.crypto.Kek;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;

/**
 * The seals report intake puts on what it stores, for the intake package: the labels and layouts
 * stay {@link ReportService}'s (package-private there), so this is the one place intake reaches
 * them through, and the one to switch when they move to a vault.
 */
public final class ReportSealing {
    private ReportSealing() {}

    /** A fresh case data key, wrapped by the KEK under the case's id. */
    public static byte[] wrapCaseKey(Kek kek, UUID caseId, byte[] dataKey) {
        return kek.wrap(dataKey, ReportService.caseContext(caseId));
    }

    public static byte[] unwrapCaseKey(Kek kek, UUID caseId, byte[] wrapped) {
        return kek.unwrap(wrapped, ReportService.caseContext(caseId));
    }

    /** An evidence item's {@code content_enc}: the message and its franking key. */
    public static byte[] sealContent(byte[] dataKey, UUID itemId, VerifiedMessage m) {
        byte[] payload = ReportService.contentPayload(m.content(), m.frankingKey());
        try {
            return Aead.encrypt(dataKey, payload, ReportService.evidenceContext(itemId));
        } finally {
            Arrays.fill(payload, (byte) 0);
        }
    }

    /** A report's {@code comment_enc}; null for no comment. */
    public static byte[] sealComment(byte[] dataKey, UUID reportId, String comment) {
        if (comment == null || comment.isEmpty()) {
            return null;
        }
        return Aead.encrypt(
                dataKey, comment.getBytes(StandardCharsets.UTF_8), "report-comment:" + reportId);
    }
}
