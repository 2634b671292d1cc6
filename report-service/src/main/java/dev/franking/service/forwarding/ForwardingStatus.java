package dev.franking.service.forwarding;

import java.util.Locale;

/**
 * Where a forwarding stands ({@code forwardings.status}; its CHECK in V3 holds the same list):
 * requested, then rejected, or approved into {@code ready} (a download) or {@code queued}; a queued
 * one is {@code sent} once the destination holds it, {@code acknowledged} when it confirms, {@code
 * failed} when a person must look.
 */
enum ForwardingStatus {
    REQUESTED,
    REJECTED,
    QUEUED,
    SENT,
    ACKNOWLEDGED,
    FAILED,
    READY;

    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The stored value's status; the CHECK constraint admits no other. */
    static ForwardingStatus of(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }

    boolean is(String wire) {
        return wire().equals(wire);
    }
}
