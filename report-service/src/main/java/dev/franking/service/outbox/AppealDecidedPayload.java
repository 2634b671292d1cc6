package dev.franking.service.outbox;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.UUID;

/**
 * An appeal's outcome for the platform (PROTOCOL.md §7): {@code {"id", "type": "appeal.decided",
 * "appealId", "actionId", "caseId", "outcome", "decidedAt"}}; {@code outcome} is {@code upheld} or
 * {@code reversed}, {@code actionId} the appealed action (null for a reporter's appeal). Signed
 * over these bytes, so the order is fixed.
 */
@JsonPropertyOrder({"type", "appealId", "actionId", "caseId", "outcome", "decidedAt"})
@JsonIgnoreProperties({"id"})
public record AppealDecidedPayload(
        String type,
        String appealId,
        String actionId,
        String caseId,
        String outcome,
        String decidedAt)
        implements OutboxPayload {

    public static final String TYPE = "appeal.decided";

    public static AppealDecidedPayload of(
            UUID appealId, UUID actionId, UUID caseId, String outcome, Instant decidedAt) {
        return new AppealDecidedPayload(
                TYPE,
                appealId.toString(),
                actionId == null ? null : actionId.toString(),
                caseId.toString(),
                outcome,
                decidedAt.toString());
    }

    @Override
    public OutboxKind kind() {
        return OutboxKind.PLATFORM_ACTION;
    }
}
