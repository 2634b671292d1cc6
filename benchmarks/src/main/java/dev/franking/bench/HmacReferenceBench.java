package dev.franking.bench;

import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Raw HMAC-SHA256, no franking encoding, over the lengths the library MACs: 150 is {@code
 * stamp_input}; 230, 1154 and 65666 are {@code content_bytes} for bodies of 100 B, 1 KiB and 64
 * KiB. {@code jdkKeyed} and {@code bcKeyed} reuse a keyed MAC (as the stamp path does and as {@code
 * openssl speed -hmac} does); {@code jdkRekey} keys the MAC on every call (as the commitment path
 * must: a fresh franking key per message). JDK vs Bouncy Castle checks the claim in Hmac.java.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class HmacReferenceBench {
    @Param({"150", "230", "1154", "65666"})
    public int length;

    private byte[] data;
    private byte[] keyBytes;
    private Mac jdk;
    private HMac bc;
    private final byte[] out = new byte[32];

    @Setup
    public void setup() throws Exception {
        data = Fixtures.bytes(length, 5);
        keyBytes = Fixtures.bytes(32, 6);
        jdk = Mac.getInstance("HmacSHA256");
        jdk.init(new SecretKeySpec(keyBytes, "HmacSHA256"));
        bc = new HMac(SHA256Digest.newInstance());
        bc.init(new KeyParameter(keyBytes));
        byte[] a = jdk.doFinal(data);
        bc.update(data, 0, data.length);
        bc.doFinal(out, 0);
        if (!java.util.Arrays.equals(a, out)) {
            throw new IllegalStateException("JDK and Bouncy Castle HMAC disagree");
        }
    }

    @Benchmark
    public byte[] jdkKeyed() {
        return jdk.doFinal(data);
    }

    @Benchmark
    public byte[] jdkRekey() throws Exception {
        jdk.init(new SecretKeySpec(keyBytes, "HmacSHA256"));
        return jdk.doFinal(data);
    }

    @Benchmark
    public byte[] bcKeyed() {
        bc.update(data, 0, data.length);
        bc.doFinal(out, 0); // doFinal leaves the HMac keyed
        return out;
    }
}
