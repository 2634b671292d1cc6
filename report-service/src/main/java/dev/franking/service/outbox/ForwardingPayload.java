package dev.franking.service.outbox;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.UUID;

/** An approved forwarding to deliver: {@code {"id", "forwardingId"}}. */
@JsonIgnoreProperties({"id"})
public record ForwardingPayload(UUID forwardingId) implements OutboxPayload {
    @Override
    public OutboxKind kind() {
        return OutboxKind.FORWARD;
    }
}
