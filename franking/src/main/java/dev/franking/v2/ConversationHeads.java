package dev.franking.v2;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A client's heads of one conversation (PROTOCOL.md §1): the commitments no message it has sent or
 * shown names yet, oldest first, at most 8. A new message's {@code prev} is {@link #prev()}, and
 * every message sent or shown (after {@link Receipt}) is {@link #record recorded}:
 *
 * <ol>
 *   <li>remove from the list every commitment in that message's {@code prev};
 *   <li>append the message's commitment, unless it is already in the list or in the {@code prev} of
 *       a message the client has already sent or shown;
 *   <li>while the list holds more than 8, drop its oldest entry.
 * </ol>
 *
 * Thread-safe. A client persists {@link #heads()} and {@link #referenced()} and rebuilds with
 * {@link #restore}.
 */
public final class ConversationHeads {
    private final List<Commitment> heads = new ArrayList<>();
    // every commitment named in the prev of a message sent or shown: such a message is never a
    // head again, even when it arrives late
    private final Set<Commitment> referenced = new HashSet<>();

    public ConversationHeads() {}

    /** Heads and referenced commitments as a client stored them. */
    public static ConversationHeads restore(List<Commitment> heads, Set<Commitment> referenced) {
        ConversationHeads h = new ConversationHeads();
        h.referenced.addAll(referenced);
        for (Commitment c : heads) {
            if (!h.heads.contains(c)) {
                h.heads.add(c);
            }
        }
        h.trim();
        return h;
    }

    /** The {@code prev} of a message composed now: the heads, sorted (§0 order). */
    public synchronized List<Commitment> prev() {
        List<Commitment> p = new ArrayList<>(heads);
        p.sort(null);
        return List.copyOf(p);
    }

    /** The heads, oldest first. */
    public synchronized List<Commitment> heads() {
        return List.copyOf(heads);
    }

    public synchronized Set<Commitment> referenced() {
        return Set.copyOf(referenced);
    }

    /** Records a message this client sent. */
    public void record(Opening sent) {
        record(sent.commitment(), sent.content().prev());
    }

    /** Records a message this client shows (it passed {@link Receipt}). */
    public void record(ReceivedMessage shown) {
        record(shown.commitment(), shown.content().prev());
    }

    synchronized void record(Commitment commitment, List<Commitment> prev) {
        heads.removeAll(prev);
        if (!heads.contains(commitment) && !referenced.contains(commitment)) {
            heads.add(commitment);
        }
        referenced.addAll(prev);
        trim();
    }

    private void trim() {
        while (heads.size() > Limits.MAX_PREV) {
            heads.remove(0);
        }
    }

    @Override
    public synchronized String toString() {
        return "ConversationHeads[" + heads.size() + " heads]";
    }
}
