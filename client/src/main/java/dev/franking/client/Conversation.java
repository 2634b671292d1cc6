package dev.franking.client;

import dev.franking.SymmetricKey;
import java.util.List;

/**
 * A conversation as its members' clients know it: the platform's id, the members' user ids, and the
 * key {@code K} the envelope (PROTOCOL.md §2) and attachment blobs (§6) are encrypted under.
 *
 * <p>The key stands in for the messenger's own end-to-end encryption (a Signal session, an MLS
 * group): it is shared by the members' clients only, and the relay and report service never see it.
 * A real messenger would also use a fresh key per attachment, sent inside its encrypted payload.
 */
public record Conversation(String id, List<String> members, SymmetricKey key) {
    public Conversation {
        members = List.copyOf(members);
    }

    /** Everyone but the sender: who the relay delivers a message of {@code senderId} to. */
    public List<String> recipientsOf(String senderId) {
        return members.stream().filter(m -> !m.equals(senderId)).toList();
    }

    @Override
    public String toString() {
        return "Conversation[" + id + ", " + members.size() + " members, key=[REDACTED]]";
    }
}
