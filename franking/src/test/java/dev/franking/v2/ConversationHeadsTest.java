package dev.franking.v2;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The heads update rule of PROTOCOL.md §1, step by step. */
class ConversationHeadsTest {
    private static Commitment c(int i) {
        byte[] b = new byte[32];
        b[0] = (byte) (0xff - i); // later numbers sort earlier: prev() must sort, not keep order
        b[31] = (byte) i;
        return Commitment.fromBytes(b);
    }

    @Test
    void aNewConversationHasNoHeads() {
        assertThat(new ConversationHeads().prev()).isEmpty();
    }

    @Test
    void aMessageReplacesTheHeadsItNames() {
        ConversationHeads h = new ConversationHeads();
        h.record(c(1), List.of());
        h.record(c(2), List.of());
        assertThat(h.heads()).containsExactly(c(1), c(2));
        assertThat(h.prev()).containsExactly(c(2), c(1)); // sorted
        h.record(c(3), List.of(c(1), c(2)).stream().sorted().toList());
        assertThat(h.heads()).containsExactly(c(3));
        // a message naming only one head leaves the other
        h.record(c(4), List.of());
        h.record(c(5), List.of(c(3)));
        assertThat(h.heads()).containsExactly(c(4), c(5));
    }

    @Test
    void aMessageAlreadyNamedByAnotherNeverBecomesAHead() {
        ConversationHeads h = new ConversationHeads();
        // c(2) arrives first and names c(1), which arrives late
        h.record(c(2), List.of(c(1)));
        h.record(c(1), List.of());
        assertThat(h.heads()).containsExactly(c(2));
    }

    @Test
    void aMessageShownTwiceIsOneHead() {
        ConversationHeads h = new ConversationHeads();
        h.record(c(1), List.of());
        h.record(c(1), List.of());
        assertThat(h.heads()).containsExactly(c(1));
    }

    @Test
    void atMostEightHeadsTheOldestDropped() {
        ConversationHeads h = new ConversationHeads();
        for (int i = 1; i <= 10; i++) {
            h.record(c(i), List.of());
        }
        assertThat(h.heads()).containsExactly(c(3), c(4), c(5), c(6), c(7), c(8), c(9), c(10));
        List<Commitment> prev = h.prev();
        assertThat(prev).hasSize(8).isSorted();
        // what prev() gives is a valid prev: a content accepts it
        assertThat(Fixture.content("m", "a", "c", prev, "x").prev()).isEqualTo(prev);
    }

    @Test
    void sentAndReceivedMessagesUpdateTheSameWay() throws Exception {
        Fixture f = new Fixture();
        ConversationHeads alice = new ConversationHeads();
        ConversationHeads bob = new ConversationHeads();
        Fixture.Sent s1 = f.send(Fixture.content("m1", "alice", "c1", alice.prev(), "one"), "bob");
        alice.record(s1.opening());
        bob.record(Receipt.open(s1.messageKey(), s1.envelope(), s1.delivery()));
        assertThat(bob.heads()).containsExactly(s1.commitment());
        Fixture.Sent s2 = f.send(Fixture.content("m2", "bob", "c1", bob.prev(), "two"), "alice");
        bob.record(s2.opening());
        alice.record(Receipt.open(s2.messageKey(), s2.envelope(), s2.delivery()));
        assertThat(alice.heads()).containsExactly(s2.commitment());
        assertThat(bob.heads()).containsExactly(s2.commitment());
    }

    @Test
    void restoreGivesBackTheSameState() {
        ConversationHeads h = new ConversationHeads();
        List<Commitment> heads = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            h.record(c(i), i == 1 ? List.of() : List.of(c(i + 10)));
            heads.add(c(i));
        }
        ConversationHeads r = ConversationHeads.restore(h.heads(), h.referenced());
        assertThat(r.heads()).isEqualTo(h.heads()).isEqualTo(heads);
        assertThat(r.referenced()).isEqualTo(Set.of(c(12), c(13)));
        r.record(c(12), List.of());
        assertThat(r.heads()).isEqualTo(heads);
    }
}
