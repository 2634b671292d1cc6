package dev.franking.bench;

import dev.franking.Envelope;
import dev.franking.FrankingException;
import dev.franking.Opening;
import dev.franking.SymmetricKey;
import java.security.SecureRandom;
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
 * The committing envelope, PROTOCOL.md §2, of a 1 KiB message: seal (encode, AES-256-GCM) and open
 * (decrypt, parse, recompute and compare the commitment).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EnvelopeBench {
    @Param({"1024"})
    public int bodyBytes;

    private SymmetricKey key;
    private Opening opening;
    private byte[] sealed;
    private SecureRandom random;

    @Setup
    public void setup() throws FrankingException {
        random = new SecureRandom();
        key = new SymmetricKey(Fixtures.bytes(32, 11));
        opening = Opening.commit(Fixtures.content(bodyBytes), random);
        sealed = Envelope.seal(key, opening, random);
        if (!Envelope.open(key, sealed, opening.commitment()).equals(opening)) {
            throw new IllegalStateException("round trip failed");
        }
    }

    @Benchmark
    public byte[] seal() {
        return Envelope.seal(key, opening, random);
    }

    @Benchmark
    public Opening open() throws FrankingException {
        return Envelope.open(key, sealed, opening.commitment());
    }
}
