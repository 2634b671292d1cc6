package dev.franking.service.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.franking.service.intake.IntakeDecisions.History;
import dev.franking.service.intake.IntakeDecisions.Joining;
import dev.franking.service.intake.IntakeDecisions.QueueDelta;
import dev.franking.service.intake.IntakeDecisions.Recent;
import dev.franking.service.intake.IntakeDecisions.Request;
import dev.franking.service.reports.WriteOutcome;
import dev.franking.service.reports.WriteOutcome.Rejected;
import dev.franking.service.reports.WriteOutcome.Repeat;
import dev.franking.service.reports.WriteOutcome.Stored;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The intake decisions on plain inputs: no database, no Spring. */
class IntakeDecisionsTest {
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

    private static byte[] key(int k) {
        return new byte[] {(byte) k, 7};
    }

    private static Request req(String reporter, int dedupe) {
        return new Request(reporter, key(dedupe), "sender-of-" + reporter, 1 + dedupe % 3);
    }

    /** Ids 00000000-0000-0000-0000-00000000000n in order. */
    private static Supplier<UUID> ids() {
        long[] next = {1};
        return () -> new UUID(0, next[0]++);
    }

    private static History none() {
        return new History(Map.of(), Map.of());
    }

    @Test
    void newReportsAreAcceptedWithFreshIds() {
        var out =
                IntakeDecisions.decide(
                        List.of(req("bob", 1), req("carol", 1)), none(), 20, NOW, ids());
        assertThat(out)
                .containsExactly(new Stored(new UUID(0, 1), 2), new Stored(new UUID(0, 2), 2));
    }

    @Test
    void aStoredReportIsARepeatWithItsStoredId() {
        UUID stored = UUID.randomUUID();
        var history =
                new History(
                        Map.of(IntakeDecisions.dedupeKey("bob", key(1)), new Repeat(stored, 2)),
                        Map.of("bob", new Recent(20, NOW.minusSeconds(10))));
        // a repeat is answered even when the reporter is at the limit: it stores nothing
        var out = IntakeDecisions.decide(List.of(req("bob", 1)), history, 20, NOW, ids());
        assertThat(out).containsExactly(new Repeat(stored, 2));
    }

    @Test
    void theSameReportTwiceInOneBatchIsStoredOnce() {
        var out =
                IntakeDecisions.decide(
                        List.of(req("bob", 1), req("bob", 1), req("alice", 1)),
                        none(),
                        20,
                        NOW,
                        ids());
        assertThat(out)
                .containsExactly(
                        new Stored(new UUID(0, 1), 2),
                        new Repeat(new UUID(0, 1), 2),
                        new Stored(new UUID(0, 2), 2));
    }

    @Test
    void theRateLimitCountsTheWindowAndTheBatch() {
        var history =
                new History(
                        Map.of(), Map.of("bob", new Recent(18, NOW.minus(Duration.ofMinutes(59)))));
        var out =
                IntakeDecisions.decide(
                        List.of(req("bob", 1), req("bob", 2), req("bob", 3), req("carol", 3)),
                        history,
                        20,
                        NOW,
                        ids());
        assertThat(out.get(0)).isInstanceOf(Stored.class);
        assertThat(out.get(1)).isInstanceOf(Stored.class);
        // the oldest leaves the window in one minute
        assertThat(out.get(2)).isEqualTo(new Rejected(20, 60));
        assertThat(out.get(3)).isInstanceOf(Stored.class);
    }

    @Test
    void aReporterWithNothingInTheWindowStartsTheWindowNow() {
        var out =
                IntakeDecisions.decide(
                        List.of(req("bob", 1), req("bob", 2)), none(), 1, NOW, ids());
        assertThat(out.get(1)).isEqualTo(new Rejected(1, 3600));
    }

    @Test
    void aLimitOfZeroRefusesEverythingForAWholeWindow() {
        var out = IntakeDecisions.decide(List.of(req("bob", 1)), none(), 0, NOW, ids());
        assertThat(out).containsExactly(new Rejected(0, 3600));
    }

    @Test
    void retryAfterIsRoundedUpToWholeSecondsAndIsAtLeastOne() {
        Instant oldest = NOW.minus(Duration.ofMinutes(59)).minusMillis(500);
        assertThat(IntakeDecisions.retryAfterSeconds(oldest, NOW)).isEqualTo(60);
        assertThat(IntakeDecisions.retryAfterSeconds(NOW.minus(Duration.ofHours(1)), NOW))
                .isEqualTo(1);
        assertThat(IntakeDecisions.retryAfterSeconds(NOW, NOW)).isEqualTo(3600);
        assertThat(IntakeDecisions.retryAfterSeconds(null, NOW)).isEqualTo(3600);
    }

    @Test
    void casesAreOpenedForSendersWithoutOneInSortedOrder() {
        assertThat(IntakeDecisions.casesToOpen(List.of("zed", "amy", "bob", "amy"), Set.of("bob")))
                .containsExactly("amy", "zed");
    }

    @Test
    void queueDeltasCountReportsReportersAndTheMostSevereCategory() {
        UUID a = new UUID(0, 2), b = new UUID(0, 1);
        SortedMap<UUID, QueueDelta> d =
                IntakeDecisions.queueDeltas(
                        List.of(
                                new Joining(a, "bob", "spam"),
                                new Joining(a, "carol", "harassment"),
                                new Joining(a, "bob", "hate"),
                                new Joining(b, "dan", "child_safety"),
                                new Joining(a, "erin", "harassment")));
        assertThat(d.keySet()).containsExactly(b, a);
        assertThat(d.get(a).reports()).isEqualTo(4);
        assertThat(d.get(a).reporters()).containsExactly("bob", "carol", "erin");
        // harassment and hate rank the same; the first stays
        assertThat(d.get(a).category()).isEqualTo("harassment");
        assertThat(d.get(b).category()).isEqualTo("child_safety");
        assertThat(d.get(b).severity()).isEqualTo(0);
        assertThat(d.get(a).without(Set.of("bob", "zed")).reporters())
                .containsExactly("carol", "erin");
        assertThat(d.get(a).reporters()).as("without() leaves the delta as it was").hasSize(3);
    }

    @Test
    void itemKeysAreOnePerCaseAndCommitment() {
        UUID c1 = UUID.randomUUID(), c2 = UUID.randomUUID();
        assertThat(IntakeDecisions.itemKey(c1, new byte[] {1, 2}))
                .isEqualTo(IntakeDecisions.itemKey(c1, new byte[] {1, 2}))
                .isNotEqualTo(IntakeDecisions.itemKey(c2, new byte[] {1, 2}))
                .isNotEqualTo(IntakeDecisions.itemKey(c1, new byte[] {1, 3}));
    }

    static Stream<Long> seeds() {
        return IntStream.range(0, 300).mapToObj(i -> 0xdec1_0000L + i);
    }

    /**
     * Random batches over a few reporters and dedupe keys, random histories and limits. Checked
     * against what the decisions promise, not against a second implementation: at most {@code
     * limit} in the window per reporter, none refused below it, a stored or earlier-accepted report
     * always a repeat with that id, every accepted report a fresh id.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void decisionsKeepTheirPromises(long seed) {
        Random rnd = new Random(seed);
        int limit = rnd.nextInt(6);
        List<String> reporters = List.of("r0", "r1", "r2", "r3");
        Map<String, Repeat> stored = new HashMap<>();
        Map<String, Recent> recent = new HashMap<>();
        for (String r : reporters) {
            int had = rnd.nextInt(limit + 2);
            if (had > 0) {
                recent.put(r, new Recent(had, NOW.minusSeconds(1 + rnd.nextInt(3599))));
            }
            for (int k = 0; k < had && k < 3; k++) {
                if (rnd.nextBoolean()) {
                    stored.put(
                            IntakeDecisions.dedupeKey(r, key(k)), new Repeat(UUID.randomUUID(), 1));
                }
            }
        }
        List<Request> batch = new ArrayList<>();
        int n = rnd.nextInt(40);
        for (int i = 0; i < n; i++) {
            batch.add(req(reporters.get(rnd.nextInt(reporters.size())), rnd.nextInt(8)));
        }
        History history = new History(Map.copyOf(stored), Map.copyOf(recent));

        List<WriteOutcome> out =
                IntakeDecisions.decide(batch, history, limit, NOW, UUID::randomUUID);

        String as = "seed " + seed;
        assertThat(out).as(as).hasSize(n);
        Map<String, Integer> accepted = new HashMap<>();
        Map<String, UUID> firstId = new HashMap<>();
        Set<UUID> fresh = new HashSet<>();
        for (int i = 0; i < n; i++) {
            Request r = batch.get(i);
            String key = IntakeDecisions.dedupeKey(r.reporter(), r.dedupe());
            WriteOutcome o = out.get(i);
            int before = recent.containsKey(r.reporter()) ? recent.get(r.reporter()).count() : 0;
            int inWindow = before + accepted.getOrDefault(r.reporter(), 0);
            if (stored.containsKey(key)) {
                assertThat(o).as(as).isEqualTo(stored.get(key));
            } else if (firstId.containsKey(key)) {
                assertThat(o).as(as).isEqualTo(new Repeat(firstId.get(key), r.messages()));
            } else if (inWindow >= limit) {
                assertThat(o).as(as).isInstanceOf(Rejected.class);
                assertThat(((Rejected) o).retryAfterSeconds()).as(as).isBetween(1L, 3600L);
                assertThat(((Rejected) o).limit()).as(as).isEqualTo(limit);
            } else {
                assertThat(o).as(as).isInstanceOf(Stored.class);
                Stored s = (Stored) o;
                assertThat(s.messages()).as(as).isEqualTo(r.messages());
                assertThat(fresh.add(s.reportId())).as(as + ": a fresh id").isTrue();
                firstId.put(key, s.reportId());
                accepted.merge(r.reporter(), 1, Integer::sum);
            }
        }
        for (String r : reporters) {
            int before = recent.containsKey(r) ? recent.get(r).count() : 0;
            assertThat(accepted.getOrDefault(r, 0))
                    .as(as + ": " + r)
                    .isLessThanOrEqualTo(Math.max(0, limit - before));
        }
    }
}
