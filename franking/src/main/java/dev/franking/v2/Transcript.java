package dev.franking.v2;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The causal order of a verified report (PROTOCOL.md §5 step 5). A {@code prev} entry that is the
 * commitment of another message of the report is a <b>link</b>; any other entry is a <b>gap</b> (it
 * names a message the report left out). The order is Kahn's topological order over the links, a
 * message after every message it links to, always taking among the ready messages the one with the
 * smallest ({@code received_at}, index): the platform's clock, never the sender's {@code sent_at}.
 * Only the verifier makes one.
 */
public final class Transcript {
    private final List<Integer> order;
    private final List<List<Integer>> links;
    private final List<List<Commitment>> gaps;
    private final int gapCount;

    /** Takes the lists as they are: {@link #of} makes them immutable and keeps no reference. */
    private Transcript(
            List<Integer> order,
            List<List<Integer>> links,
            List<List<Commitment>> gaps,
            int gapCount) {
        this.order = order;
        this.links = links;
        this.gaps = gaps;
        this.gapCount = gapCount;
    }

    /** A report of one message that names no other: no links, no gaps, order [0]. */
    private static final Transcript SINGLE =
            new Transcript(List.of(0), List.of(List.of()), List.of(List.of()), 0);

    static Transcript of(List<VerifiedMessage> ms) {
        // plain loops and arrays, and the map only when some message has a prev: this runs for
        // every verified report, and a one-message report's transcript is most of them
        int n = ms.size();
        int prevs = 0;
        for (int i = 0; i < n; i++) {
            prevs += ms.get(i).content().prev().size();
        }
        if (n == 1 && prevs == 0) {
            return SINGLE; // immutable, so one instance serves every such report
        }
        Map<Commitment, Integer> byCommitment = Map.of();
        if (prevs > 0) {
            byCommitment = new HashMap<>();
            for (int i = 0; i < n; i++) {
                byCommitment.putIfAbsent(ms.get(i).commitment(), i);
            }
        }
        @SuppressWarnings("unchecked")
        List<Integer>[] links = new List[n];
        @SuppressWarnings("unchecked")
        List<Commitment>[] gaps = new List[n];
        int[][] after = new int[n][]; // j -> the messages that link to j
        int[] afterCount = new int[n];
        int[] waiting = new int[n];
        int gapCount = 0;
        for (int i = 0; i < n; i++) {
            List<Commitment> prev = ms.get(i).content().prev();
            if (prev.isEmpty()) {
                links[i] = List.of();
                gaps[i] = List.of();
                continue;
            }
            Integer[] l = new Integer[prev.size()];
            Commitment[] g = new Commitment[prev.size()];
            int nl = 0;
            int ng = 0;
            for (Commitment p : prev) {
                Integer j = byCommitment.get(p);
                if (j != null && j != i) {
                    l[nl++] = j;
                    if (after[j] == null) {
                        after[j] = new int[n];
                    }
                    after[j][afterCount[j]++] = i;
                    waiting[i]++;
                } else {
                    g[ng++] = p;
                }
            }
            links[i] = List.of(Arrays.copyOf(l, nl));
            gaps[i] = List.of(Arrays.copyOf(g, ng));
            gapCount += ng;
        }
        Integer[] order = new Integer[n];
        boolean[] placed = new boolean[n];
        for (int placedCount = 0; placedCount < n; placedCount++) {
            int next = -1;
            for (int i = 0; i < n; i++) {
                if (!placed[i] && waiting[i] == 0 && (next < 0 || earlier(ms, i, next))) {
                    next = i;
                }
            }
            if (next < 0) {
                // a cycle of links needs a SHA-256 collision; should one ever be submitted, the
                // rest still comes out, by (received_at, index)
                for (int i = 0; i < n; i++) {
                    if (!placed[i] && (next < 0 || earlier(ms, i, next))) {
                        next = i;
                    }
                }
            }
            placed[next] = true;
            order[placedCount] = next;
            for (int k = 0; k < afterCount[next]; k++) {
                waiting[after[next][k]]--;
            }
        }
        return new Transcript(List.of(order), List.of(links), List.of(gaps), gapCount);
    }

    private static boolean earlier(List<VerifiedMessage> ms, int a, int b) {
        long ra = ms.get(a).stamp().receivedAt();
        long rb = ms.get(b).stamp().receivedAt();
        return ra < rb || (ra == rb && a < b);
    }

    /** Message indexes in causal order. */
    public List<Integer> order() {
        return order;
    }

    /** The number of {@code prev} entries, over all messages, that are gaps. */
    public int gaps() {
        return gapCount;
    }

    /** The indexes of the messages that message {@code index} links to. */
    public List<Integer> linksOf(int index) {
        return links.get(index);
    }

    /** The {@code prev} entries of message {@code index} that name messages not in the report. */
    public List<Commitment> gapsOf(int index) {
        return gaps.get(index);
    }

    @Override
    public String toString() {
        return "Transcript[order=" + order + ", gaps=" + gapCount + "]";
    }
}
