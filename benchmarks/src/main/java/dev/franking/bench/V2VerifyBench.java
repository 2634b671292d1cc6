package dev.franking.bench;

import dev.franking.v2.Opening;
import dev.franking.v2.RecipientStamp;
import dev.franking.v2.ReportRejectedException;
import dev.franking.v2.ReportVerifier;
import dev.franking.v2.StampKey;
import dev.franking.v2.Stamper;
import dev.franking.v2.SubmittedMessage;
import dev.franking.v2.VerifiedReport;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Report verification in protocol v2, PROTOCOL.md §5, of a one-message report, every step: the form
 * (B64 decoding, limits), the claims, the key lookup (in memory), the proof (commitment over {@code
 * content_bytes} under a fresh key, the route digest, the stamp MAC) and the transcript.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class V2VerifyBench {
    @Param({"100", "1024"})
    public int bodyBytes;

    private ReportVerifier verifier;
    private List<SubmittedMessage> report;

    @Setup
    public void setup() throws ReportRejectedException {
        V2Fixtures.checkLengths();
        StampKey key = V2Fixtures.stampKey();
        Opening opening = Opening.commit(V2Fixtures.content(bodyBytes));
        RecipientStamp stamp =
                RecipientStamp.of(
                        new Stamper(V2Fixtures.ring(key), V2Fixtures.clock())
                                .stamp(opening.commitment(), V2Fixtures.route()),
                        V2Fixtures.salt());
        verifier = new ReportVerifier(V2Fixtures.ring(key), V2Fixtures.clock());
        report = List.of(SubmittedMessage.of(opening, V2Fixtures.RECIPIENT, stamp));
        verify(); // must verify, or the benchmark measures the failure path
    }

    @Benchmark
    public VerifiedReport verify() throws ReportRejectedException {
        return verifier.verify(V2Fixtures.RECIPIENT, report);
    }
}
