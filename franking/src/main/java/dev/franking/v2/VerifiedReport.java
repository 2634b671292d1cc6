package dev.franking.v2;

import java.time.Instant;
import java.util.List;

/**
 * A report every message of which passed every step of PROTOCOL.md §5, with its transcript. Only
 * {@link ReportVerifier} makes one.
 */
public final class VerifiedReport {
    private final String reporterId;
    private final List<VerifiedMessage> messages;
    private final Transcript transcript;
    private final Instant verifiedAt;

    VerifiedReport(
            String reporterId,
            List<VerifiedMessage> messages,
            Transcript transcript,
            Instant verifiedAt) {
        this.reporterId = reporterId;
        this.messages = List.copyOf(messages);
        this.transcript = transcript;
        this.verifiedAt = verifiedAt;
    }

    public String reporterId() {
        return reporterId;
    }

    /** In the order submitted; index 0 is the reported message. */
    public List<VerifiedMessage> messages() {
        return messages;
    }

    public VerifiedMessage reported() {
        return messages.get(0);
    }

    public Transcript transcript() {
        return transcript;
    }

    /** The messages in the transcript's order (§5 step 5). */
    public List<VerifiedMessage> inOrder() {
        return transcript.order().stream().map(messages::get).toList();
    }

    public Instant verifiedAt() {
        return verifiedAt;
    }

    @Override
    public String toString() {
        return "VerifiedReport[" + messages.size() + " messages, " + transcript + "]";
    }
}
