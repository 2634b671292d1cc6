package dev.franking.service.outbox;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.UUID;

/**
 * A moderation decision for the platform (the platform webhook's body, after the entry's {@code
 * id}): {@code {"id", "type": "account_action", "action", "account", "caseId", "ground",
 * "decidedAt"}}. The platform verifies the signature over these bytes, so the order is fixed.
 */
@JsonPropertyOrder({"type", "action", "account", "caseId", "ground", "decidedAt"})
@JsonIgnoreProperties({"id"})
public record PlatformActionPayload(
        String type, String action, String account, String caseId, String ground, String decidedAt)
        implements OutboxPayload {

    public static PlatformActionPayload accountAction(
            String action, String account, UUID caseId, String ground, Instant decidedAt) {
        return new PlatformActionPayload(
                "account_action", action, account, caseId.toString(), ground, decidedAt.toString());
    }

    @Override
    public OutboxKind kind() {
        return OutboxKind.PLATFORM_ACTION;
    }
}
