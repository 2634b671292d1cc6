package dev.franking.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.franking.v2.Commitment;
import dev.franking.v2.InMemoryStampKeyRing;
import dev.franking.v2.Kid;
import dev.franking.v2.MessageContent;
import dev.franking.v2.Opening;
import dev.franking.v2.RecipientStamp;
import dev.franking.v2.ReportVerifier;
import dev.franking.v2.Route;
import dev.franking.v2.RouteSalt;
import dev.franking.v2.StampKey;
import dev.franking.v2.Stamper;
import dev.franking.v2.SubmittedMessage;
import dev.franking.v2.Transcript;
import dev.franking.v2.VerifiedReport;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The verifier's own transcript (written from PROTOCOL.md §5.5) agrees with the franking library's
 * on reports the library verified: random conversations with links, gaps, equal stamp times and
 * shuffled submission order.
 */
class TranscriptOrderTest {
    static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void agreesWithTheLibrarysTranscriptOnRandomReports() throws Exception {
        InMemoryStampKeyRing ring = new InMemoryStampKeyRing();
        ring.add(StampKey.generate(new Kid("k1"), T0, Duration.ofDays(1), Duration.ofDays(90)));
        ReportVerifier verifier =
                new ReportVerifier(ring, Clock.fixed(T0.plusSeconds(3600), ZoneOffset.UTC));
        Random rnd = new Random(11);
        for (int round = 0; round < 200; round++) {
            int n = 1 + rnd.nextInt(9);
            List<Commitment> sent = new ArrayList<>();
            List<SubmittedMessage> report = new ArrayList<>();
            int reported = -1;
            for (int i = 0; i < n; i++) {
                // prev: some earlier messages (in the report or not) and sometimes an unknown one
                List<Commitment> prev = new ArrayList<>();
                for (Commitment c : sent) {
                    if (rnd.nextInt(3) == 0 && prev.size() < 7) {
                        prev.add(c);
                    }
                }
                if (rnd.nextInt(4) == 0) {
                    byte[] b = new byte[32];
                    rnd.nextBytes(b);
                    prev.add(Commitment.fromBytes(b));
                }
                Collections.sort(prev);
                boolean fromAlice = rnd.nextBoolean() || i == n - 1 && reported < 0;
                String sender = fromAlice ? "alice" : "bob";
                String recipient = fromAlice ? "bob" : "alice";
                Opening o =
                        Opening.commit(
                                new MessageContent(
                                        "m" + i,
                                        sender,
                                        "c",
                                        // the sender's clock, wildly off: it must not matter
                                        rnd.nextInt(1_000_000),
                                        prev,
                                        "text/plain",
                                        ("message " + i).getBytes(StandardCharsets.UTF_8),
                                        List.of()));
                sent.add(o.commitment());
                // stamp times mostly rising, sometimes equal, sometimes behind an earlier one
                long at = T0.toEpochMilli() + 1000L * i + (rnd.nextInt(4) == 0 ? -1500 : 0);
                Stamper stamper =
                        new Stamper(ring, Clock.fixed(Instant.ofEpochMilli(at), ZoneOffset.UTC));
                RouteSalt salt = RouteSalt.generate();
                var stamp =
                        stamper.stamp(
                                o.commitment(),
                                Route.compute(salt, sender, recipient, "c", "m" + i));
                boolean keep = rnd.nextInt(5) != 0 || (fromAlice && reported < 0);
                if (keep) {
                    SubmittedMessage m =
                            SubmittedMessage.of(o, recipient, RecipientStamp.of(stamp, salt));
                    if (fromAlice && reported < 0 && rnd.nextBoolean()
                            || i == n - 1 && reported < 0) {
                        reported = report.size();
                    }
                    report.add(m);
                }
            }
            // the reported message (alice to bob) first, the rest shuffled
            SubmittedMessage first = report.remove(reported);
            Collections.shuffle(report, rnd);
            report.add(0, first);

            VerifiedReport v = verifier.verify("bob", report);
            Transcript t = v.transcript();
            List<TranscriptOrder.Node> nodes = new ArrayList<>();
            for (var m : v.messages()) {
                nodes.add(
                        new TranscriptOrder.Node(
                                m.index(),
                                m.commitment().toBytes(),
                                m.content().prev().stream().map(Commitment::toBytes).toList(),
                                m.stamp().receivedAt()));
            }
            // shuffle the nodes too: the result must not depend on the order they come in
            List<Integer> perm = new ArrayList<>();
            for (int i = 0; i < nodes.size(); i++) {
                perm.add(i);
            }
            Collections.shuffle(perm, rnd);
            List<TranscriptOrder.Node> shuffled = perm.stream().map(nodes::get).toList();
            TranscriptOrder.Result r = TranscriptOrder.of(shuffled);
            for (int k = 0; k < shuffled.size(); k++) {
                int index = shuffled.get(k).index();
                assertThat(r.position()[k])
                        .as("round %d, message %d", round, index)
                        .isEqualTo(t.order().indexOf(index));
                assertThat(r.gaps()[k]).isEqualTo(t.gapsOf(index).size());
            }
            assertThat(r.totalGaps()).isEqualTo(t.gaps());
        }
    }
}
