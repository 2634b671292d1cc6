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
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The stamp service's hot path in protocol v2, PROTOCOL.md §3: one stamp over a {@value
 * V2Fixtures#STAMP_INPUT_BYTES}-byte {@code stamp_input}, through the public {@code Stamper}
 * (clock, ring lookup, MAC). {@code stampBulk} is the raw batch form the service's endpoint uses
 * (100 messages of one route, per stamp). The references compute the same MAC other ways, to choose
 * the stamper's HMAC: {@code jdkMacKeyed} is {@code javax.crypto.Mac} keyed once (it re-absorbs the
 * padded key into both hashes on every call: five SHA-256 blocks a stamp); {@code jdkMacCloned}
 * clones a keyed {@code Mac} prototype that has already absorbed the constant prefix (the inner pad
 * is saved, the outer pad is still absorbed per call: four blocks). The library clones two prepared
 * SHA-256 digests (three blocks, as OpenSSL with a reused key context). {@code stampBatch10} stamps
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
    private Mac prototype;
    private byte[] input;
    private byte[] commitments;
    private int[] counts;
    private byte[] bulkRoutes;
    private byte[] macs;

    @Setup
    public void setup() throws Exception {
        V2Fixtures.checkLengths();
        StampKey key = V2Fixtures.stampKey();
        stamper = new Stamper(V2Fixtures.ring(key), V2Fixtures.clock());
        commitment = V2Fixtures.commitment();
        route = V2Fixtures.route();
        routes = java.util.Collections.nCopies(10, route);
        input = V2Fixtures.stampInput(commitment, route, V2Fixtures.RECEIVED_AT);
        jdk = Mac.getInstance("HmacSHA256");
        jdk.init(new SecretKeySpec(key.secret(InsecureSecretAccess.get()), "HmacSHA256"));
        prototype = Mac.getInstance("HmacSHA256");
        prototype.init(new SecretKeySpec(key.secret(InsecureSecretAccess.get()), "HmacSHA256"));
        prototype.update(input, 0, V2Fixtures.STAMP_INPUT_BYTES - 72);
        commitments = new byte[32 * BULK];
        bulkRoutes = new byte[32 * BULK];
        macs = new byte[32 * BULK];
        counts = new int[BULK];
        java.util.Arrays.fill(counts, 1);
        for (int i = 0; i < BULK; i++) {
            System.arraycopy(commitment.toBytes(), 0, commitments, 32 * i, 32);
            System.arraycopy(route.toBytes(), 0, bulkRoutes, 32 * i, 32);
        }
        stampBulk();
        if (!Arrays.equals(jdkMacCloned(), stamp().mac())
                || !Arrays.equals(
                        Arrays.copyOfRange(macs, 32 * (BULK - 1), 32 * BULK), stamp().mac())) {
            throw new IllegalStateException("the references disagree with the stamp");
        }
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

    static final int BULK = 100;

    @Benchmark
    @OperationsPerInvocation(BULK)
    public Stamper.Batch stampBulk() {
        return stamper.stamp(commitments, counts, BULK, bulkRoutes, macs);
    }

    @Benchmark
    public byte[] jdkMacCloned() throws CloneNotSupportedException {
        Mac m = (Mac) prototype.clone();
        m.update(input, V2Fixtures.STAMP_INPUT_BYTES - 72, 72);
        return m.doFinal();
    }

    @Benchmark
    public byte[] jdkMacKeyed() {
        return jdk.doFinal(input);
    }
}
