package dev.franking.bench;

import dev.franking.KeyLookup;
import dev.franking.Opening;
import dev.franking.ReportVerificationException;
import dev.franking.Stamp;
import dev.franking.StampKey;
import dev.franking.Stamper;
import dev.franking.SubmittedMessage;
import dev.franking.VerifiedReport;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
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
 * Report verification, PROTOCOL.md §5, of a one-message report: the limits, the recomputed
 * commitment, the key lookup (an in-memory map), the stamp and the party and conversation checks.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class VerifyBench {
    @Param({"100", "1024", "65536"})
    public int bodyBytes;

    private dev.franking.ReportVerifier verifier;
    private List<SubmittedMessage> report;

    @Setup
    public void setup() throws ReportVerificationException {
        Fixtures.checkLengths();
        StampKey key = Fixtures.stampKey();
        Opening opening = Opening.commit(Fixtures.content(bodyBytes), new SecureRandom());
        Stamp stamp =
                Stamper.stamp(
                        key, opening.commitment(), Fixtures.stampContext(), Fixtures.RECEIVED_AT);
        KeyLookup found = new KeyLookup.Found(key);
        KeyLookup.Source keys = kid -> kid.equals(key.kid()) ? found : new KeyLookup.Unknown(kid);
        verifier = new dev.franking.ReportVerifier(keys, Clock.fixed(Fixtures.NOW, ZoneOffset.UTC));
        report = List.of(SubmittedMessage.of(opening, Fixtures.RECIPIENT, stamp));
        verify(); // must verify, or the benchmark measures the failure path
    }

    @Benchmark
    public VerifiedReport verify() throws ReportVerificationException {
        return verifier.verify(Fixtures.RECIPIENT, report);
    }
}
