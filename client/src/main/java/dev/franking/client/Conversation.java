package dev.franking.client;

import dev.franking.v2.ConversationHeads;
import dev.franking.v2.MessageKey;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A conversation as its members' clients know it: the platform's id, the members' user ids, the key
 * {@code K} the envelope (PROTOCOL.md §2) is encrypted under, and each member's client's heads
 * (§1), which its next message commits to as {@code prev}.
 *
 * <p>The key stands in for the messenger's own end-to-end encryption (a Signal session, an MLS
 * group): it is shared by the members' clients only, and the relay and report service never see it.
 * Attachment blobs have keys of their own, fresh for each, inside the envelope (§2, §6). The heads
 * are kept here for every member only because this reference client runs all of them in one
 * process; each real client keeps its own.
 */
public final class Conversation {
    private final String id;
    private final List<String> members;
    private final MessageKey key;
    private final Map<String, ConversationHeads> heads = new ConcurrentHashMap<>();

    public Conversation(String id, List<String> members, MessageKey key) {
        this.id = id;
        this.members = List.copyOf(members);
        this.key = key;
    }

    public String id() {
        return id;
    }

    public List<String> members() {
        return members;
    }

    public MessageKey key() {
        return key;
    }

    /** Everyone but the sender: who the relay delivers a message of {@code senderId} to. */
    public List<String> recipientsOf(String senderId) {
        return members.stream().filter(m -> !m.equals(senderId)).toList();
    }

    /** The heads of {@code userId}'s client in this conversation (§1). */
    public ConversationHeads heads(String userId) {
        return heads.computeIfAbsent(userId, u -> new ConversationHeads());
    }

    @Override
    public String toString() {
        return "Conversation[" + id + ", " + members.size() + " members, key=[REDACTED]]";
    }
}
