package dev.franking.v2;

import java.util.ArrayList;
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

    private Transcript(
            List<Integer> order, List<List<Integer>> links, List<List<Commitment>> gaps) {
        // plain loops: this runs for every verified report, and streams cost more than the work
        this.order = List.copyOf(order);
        List<List<Integer>> l = new ArrayList<>(links.size());
        for (List<Integer> x : links) {
            l.add(List.copyOf(x));
        }
        this.links = List.copyOf(l);
        List<List<Commitment>> g = new ArrayList<>(gaps.size());
        int count = 0;
        for (List<Commitment> x : gaps) {
            g.add(List.copyOf(x));
            count += x.size();
        }
        this.gaps = List.copyOf(g);
        this.gapCount = count;
    }

    static Transcript of(List<VerifiedMessage> ms) {
        int n = ms.size();
        Map<Commitment, Integer> byCommitment = new HashMap<>();
        for (int i = 0; i < n; i++) {
            byCommitment.putIfAbsent(ms.get(i).commitment(), i);
        }
        List<List<Integer>> links = new ArrayList<>(n);
        List<List<Commitment>> gaps = new ArrayList<>(n);
        List<List<Integer>> after = new ArrayList<>(n); // j -> the messages that link to j
        int[] waiting = new int[n];
        for (int i = 0; i < n; i++) {
            after.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            List<Integer> l = new ArrayList<>();
            List<Commitment> g = new ArrayList<>();
            for (Commitment p : ms.get(i).content().prev()) {
                Integer j = byCommitment.get(p);
                if (j != null && j != i) {
                    l.add(j);
                    after.get(j).add(i);
                    waiting[i]++;
                } else {
                    g.add(p);
                }
            }
            links.add(l);
            gaps.add(g);
        }
        List<Integer> order = new ArrayList<>(n);
        boolean[] placed = new boolean[n];
        while (order.size() < n) {
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
            order.add(next);
            for (int k : after.get(next)) {
                waiting[k]--;
            }
        }
        return new Transcript(order, links, gaps);
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
