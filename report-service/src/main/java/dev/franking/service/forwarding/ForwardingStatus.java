package dev.franking.service.forwarding;

import java.util.Locale;

/**
 * Where a forwarding stands ({@code forwardings.status}; its CHECK in V3 holds the same list):
 * requested, then rejected, or approved into {@code ready} (a download) or {@code queued}; a queued
 * one is {@code sent} once the destination holds it, {@code acknowledged} when it confirms, {@code
 * failed} when a person must look.
 */
public enum ForwardingStatus {
    REQUESTED,
    REJECTED,
    QUEUED,
    SENT,
    ACKNOWLEDGED,
    FAILED,
    READY;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The stored value's status; the CHECK constraint admits no other. */
    public static ForwardingStatus of(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }

    public boolean is(String wire) {
        return wire().equals(wire);
    }
}
