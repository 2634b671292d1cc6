package dev.franking.service.outbox;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * What an outbox entry carries, written as JSON by Jackson. The outbox puts the entry's {@code id}
 * first; the record's components follow in their order.
 */
sealed interface OutboxPayload
        permits PlatformActionPayload,
                ForwardingPayload,
                ActionReversedPayload,
                AppealDecidedPayload {
    @JsonIgnore
    OutboxKind kind();
}
