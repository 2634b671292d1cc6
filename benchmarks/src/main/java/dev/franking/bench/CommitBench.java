package dev.franking.bench;

import dev.franking.Commitment;
import dev.franking.FrankingKey;
import dev.franking.MessageContent;
import dev.franking.Opening;
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
 * The sender's commitment, PROTOCOL.md §1, for bodies of 100 B, 1 KiB and 64 KiB ({@code
 * content_bytes} is 130 bytes longer). {@code commit} is {@link Opening#commit}: a fresh franking
 * key from a {@link SecureRandom} and the HMAC; {@code compute} is {@link Commitment#compute} under
 * a given key (still keying the MAC every call).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CommitBench {
    @Param({"100", "1024", "65536"})
    public int bodyBytes;

    private MessageContent content;
    private FrankingKey key;
    private SecureRandom random;

    @Setup
    public void setup() {
        Fixtures.checkLengths();
        content = Fixtures.content(bodyBytes);
        key = Fixtures.frankingKey();
        random = new SecureRandom();
    }

    @Benchmark
    public Opening commit() {
        return Opening.commit(content, random);
    }

    @Benchmark
    public Commitment compute() {
        return Commitment.compute(key, content);
    }
}
