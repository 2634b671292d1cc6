package dev.franking.evidence;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The transcript of one report (PROTOCOL.md §5 step 5), recomputed from nothing but public values:
 * each message's commitment, its committed {@code prev}, its position in the report and its stamp's
 * {@code received_at}. A {@code prev} entry that is the commitment of another message of the report
 * is a link; any other entry is a gap. The order is Kahn's topological order over the links, taking
 * among the ready messages the one with the smallest ({@code received_at}, index).
 *
 * <p>Written from PROTOCOL.md, apart from the library's {@code Transcript} (which only its report
 * verifier can make): the builder uses it to refuse a package whose stored transcript disagrees,
 * and the offline verifier to check the manifest's claims, so an agency's check does not rest on
 * the code that made the claim.
 */
final class TranscriptOrder {
    /** One message of a report, as far as the transcript needs it. */
    record Node(int index, byte[] commitment, List<byte[]> prev, long receivedAt) {}

    /**
     * @param position by node (in the order given): its position in the causal order
     * @param gaps by node: how many of its {@code prev} entries are gaps
     */
    record Result(int[] position, int[] gaps) {
        int totalGaps() {
            int t = 0;
            for (int g : gaps) {
                t += g;
            }
            return t;
        }
    }

    private TranscriptOrder() {}

    /** The transcript of {@code nodes} (one report's messages, any order, distinct indexes). */
    static Result of(List<Node> nodes) {
        int n = nodes.size();
        // the first message (by index) holding a commitment is the one a link names, as in §5.5
        Integer[] byIndex = new Integer[n];
        for (int i = 0; i < n; i++) {
            byIndex[i] = i;
        }
        java.util.Arrays.sort(
                byIndex, (a, b) -> Integer.compare(nodes.get(a).index(), nodes.get(b).index()));
        Map<ByteBuffer, Integer> byCommitment = new HashMap<>();
        for (int k : byIndex) {
            byCommitment.putIfAbsent(ByteBuffer.wrap(nodes.get(k).commitment()), k);
        }
        int[] waiting = new int[n];
        int[] gaps = new int[n];
        List<List<Integer>> after = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            after.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            for (byte[] p : nodes.get(i).prev()) {
                Integer j = byCommitment.get(ByteBuffer.wrap(p));
                if (j != null && j != i) {
                    after.get(j).add(i);
                    waiting[i]++;
                } else {
                    gaps[i]++;
                }
            }
        }
        int[] position = new int[n];
        boolean[] placed = new boolean[n];
        for (int pos = 0; pos < n; pos++) {
            int next = pick(nodes, placed, waiting, true);
            if (next < 0) {
                // a cycle of links needs a SHA-256 collision; the rest still comes out in order
                next = pick(nodes, placed, waiting, false);
            }
            placed[next] = true;
            position[next] = pos;
            for (int k : after.get(next)) {
                waiting[k]--;
            }
        }
        return new Result(position, gaps);
    }

    private static int pick(List<Node> nodes, boolean[] placed, int[] waiting, boolean ready) {
        int next = -1;
        for (int i = 0; i < nodes.size(); i++) {
            if (!placed[i]
                    && (!ready || waiting[i] <= 0)
                    && (next < 0 || earlier(nodes, i, next))) {
                next = i;
            }
        }
        return next;
    }

    private static boolean earlier(List<Node> nodes, int a, int b) {
        Node x = nodes.get(a);
        Node y = nodes.get(b);
        return x.receivedAt() < y.receivedAt()
                || (x.receivedAt() == y.receivedAt() && x.index() < y.index());
    }
}
