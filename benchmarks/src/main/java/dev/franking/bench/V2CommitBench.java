package dev.franking.bench;

import dev.franking.v2.MessageContent;
import dev.franking.v2.Opening;
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
 * The sender's commitment in protocol v2, PROTOCOL.md §1: a fresh franking key from the CSPRNG,
 * {@code content_bytes} encoded, and {@code HMAC(franking_key, content_bytes)} under that new key
 * (the key's two padded blocks cannot be saved: it is used once). {@code content_bytes} is {@value
 * V2Fixtures#CONTENT_OVERHEAD_BYTES} bytes plus the body, which is what OpenSSL's HMAC is run at.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class V2CommitBench {
    @Param({"100", "1024", "65536"})
    public int bodyBytes;

    private MessageContent content;

    @Setup
    public void setup() {
        V2Fixtures.checkLengths();
        content = V2Fixtures.content(bodyBytes);
    }

    @Benchmark
    public Opening commit() {
        return Opening.commit(content);
    }
}
