package dev.franking;

import java.time.Instant;
import java.util.List;

/**
 * A report every message of which verified (PROTOCOL.md §5). The first message is the reported one.
 */
public record VerifiedReport(
        String reporterId, List<VerifiedMessage> messages, Instant verifiedAt) {
    public VerifiedReport {
        messages = List.copyOf(messages);
    }

    public VerifiedMessage reported() {
        return messages.get(0);
    }
}
