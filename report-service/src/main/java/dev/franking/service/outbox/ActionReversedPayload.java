package dev.franking.service.outbox;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.UUID;

/**
 * A moderation action withdrawn (PROTOCOL.md §7): the case was reopened or an appeal reversed the
 * decision. {@code {"id", "type": "action.reversed", "actionId", "account", "caseId", "why",
 * "reversedAt"}}; {@code actionId} is the {@code id} of the {@link PlatformActionPayload} entry it
 * withdraws, {@code why} is {@code reopened} or {@code appeal}. Signed over these bytes, so the
 * order is fixed.
 */
@JsonPropertyOrder({"type", "actionId", "account", "caseId", "why", "reversedAt"})
@JsonIgnoreProperties({"id"})
public record ActionReversedPayload(
        String type, String actionId, String account, String caseId, String why, String reversedAt)
        implements OutboxPayload {

    public static final String TYPE = "action.reversed";

    public static ActionReversedPayload of(
            UUID actionId, String account, UUID caseId, String why, Instant reversedAt) {
        return new ActionReversedPayload(
                TYPE, actionId.toString(), account, caseId.toString(), why, reversedAt.toString());
    }

    @Override
    public OutboxKind kind() {
        return OutboxKind.PLATFORM_ACTION;
    }
}
