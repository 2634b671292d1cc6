package dev.franking.bench;

import dev.franking.Commitment;
import dev.franking.Stamp;
import dev.franking.StampContext;
import dev.franking.StampKey;
import dev.franking.Stamper;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The relay's hot path, PROTOCOL.md §3: one stamp under a fixed key. The input does not depend on
 * the message body ({@code stamp_input} is {@value Fixtures#STAMP_INPUT_BYTES} bytes here), so
 * there is no size axis; the raw-HMAC references over the same length are in {@link
 * HmacReferenceBench}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class StampBench {
    private StampKey key;
    private Commitment commitment;
    private StampContext ctx;

    @Setup
    public void setup() throws Exception {
        Fixtures.checkLengths();
        key = Fixtures.stampKey();
        commitment = Fixtures.commitment();
        ctx = Fixtures.stampContext();
        // the library's stamp is exactly HMAC(key, stamp_input) over the bytes whose length run.sh
        // uses
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.secret(), "HmacSHA256"));
        byte[] expected = mac.doFinal(Fixtures.stampInput(commitment, Fixtures.RECEIVED_AT));
        if (!Arrays.equals(expected, stamp().mac())) {
            throw new IllegalStateException("stamp is not HMAC over the reconstructed stamp_input");
        }
    }

    @Benchmark
    public Stamp stamp() {
        return Stamper.stamp(key, commitment, ctx, Fixtures.RECEIVED_AT);
    }
}
