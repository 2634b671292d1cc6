package dev.franking.service.outbox;

import java.util.Locale;

/**
 * The kinds of side effect the outbox carries ({@code outbox.kind}; the {@code outbox_kind} CHECK
 * of V5 holds the same list), each with its payload record.
 */
public enum OutboxKind {
    /** A moderation decision for the platform's webhook: {@link PlatformActionPayload}. */
    PLATFORM_ACTION,
    /** An approved forwarding to deliver: {@link ForwardingPayload}. */
    FORWARD;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
