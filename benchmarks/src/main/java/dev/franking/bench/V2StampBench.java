package dev.franking.bench;

import dev.franking.v2.Commitment;
import dev.franking.v2.InsecureSecretAccess;
import dev.franking.v2.Route;
import dev.franking.v2.Stamp;
import dev.franking.v2.StampKey;
import dev.franking.v2.Stamper;
import java.util.Arrays;
import java.util.List;
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
 * The stamp service's hot path in protocol v2, PROTOCOL.md §3: one stamp over a {@value
 * V2Fixtures#STAMP_INPUT_BYTES}-byte {@code stamp_input}, through the public {@code Stamper}
 * (clock, ring lookup, MAC). {@code jdkMacKeyed} is the JDK's {@code javax.crypto.Mac}, keyed once,
 * over the same bytes: what v1's stamp was built on, for comparison. {@code stampBatch10} stamps
 * one commitment for ten routes (a group message), per call.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class V2StampBench {
    private Stamper stamper;
    private Commitment commitment;
    private Route route;
    private List<Route> routes;
    private Mac jdk;
    private byte[] input;

    @Setup
    public void setup() throws Exception {
        V2Fixtures.checkLengths();
        StampKey key = V2Fixtures.stampKey();
        stamper = new Stamper(V2Fixtures.ring(key), V2Fixtures.clock());
        commitment = V2Fixtures.commitment();
        route = V2Fixtures.route();
        routes = java.util.Collections.nCopies(10, route);
        input = V2Fixtures.stampInput(commitment, route, Fixtures.RECEIVED_AT);
        jdk = Mac.getInstance("HmacSHA256");
        jdk.init(new SecretKeySpec(key.secret(InsecureSecretAccess.get()), "HmacSHA256"));
        // the stamp is exactly HMAC(key, stamp_input) over the bytes whose length OpenSSL is run at
        if (!Arrays.equals(jdk.doFinal(input), stamp().mac())) {
            throw new IllegalStateException("stamp is not HMAC over the reconstructed stamp_input");
        }
    }

    @Benchmark
    public Stamp stamp() {
        return stamper.stamp(commitment, route);
    }

    @Benchmark
    public List<Stamp> stampBatch10() {
        return stamper.stamp(commitment, routes);
    }

    @Benchmark
    public byte[] jdkMacKeyed() {
        return jdk.doFinal(input);
    }
}
