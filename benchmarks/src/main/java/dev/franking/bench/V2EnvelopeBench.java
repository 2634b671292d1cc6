package dev.franking.bench;

import dev.franking.v2.Delivery;
import dev.franking.v2.Envelope;
import dev.franking.v2.FrankingException;
import dev.franking.v2.MessageKey;
import dev.franking.v2.Opening;
import dev.franking.v2.Receipt;
import dev.franking.v2.ReceivedMessage;
import dev.franking.v2.RecipientStamp;
import dev.franking.v2.Stamper;
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
 * The recipient's path in protocol v2, PROTOCOL.md §2 and §4, for a 1 KiB body: {@code open} is the
 * one receipt call (AES-256-GCM decryption with the commitment in the AD, strict parsing of payload
 * and {@code content_bytes}, the commitment recomputed and compared, the relay's claims checked);
 * {@code seal} is the sender's side.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class V2EnvelopeBench {
    @Param({"1024"})
    public int bodyBytes;

    private MessageKey key;
    private Opening opening;
    private byte[] sealed;
    private Delivery delivery;

    @Setup
    public void setup() throws FrankingException {
        key = MessageKey.fromBytes(V2Fixtures.bytes(32, 11));
        opening = Opening.commit(V2Fixtures.content(bodyBytes));
        sealed = Envelope.seal(key, opening, List.of());
        RecipientStamp stamp =
                RecipientStamp.of(
                        new Stamper(V2Fixtures.ring(V2Fixtures.stampKey()), V2Fixtures.clock())
                                .stamp(opening.commitment(), V2Fixtures.route()),
                        V2Fixtures.salt());
        delivery =
                new Delivery(
                        opening.commitment(),
                        V2Fixtures.SENDER,
                        V2Fixtures.RECIPIENT,
                        V2Fixtures.CONVERSATION,
                        V2Fixtures.MESSAGE_ID,
                        stamp);
        int expected =
                12
                        + bodyBytes
                        + V2Fixtures.CONTENT_OVERHEAD_BYTES
                        + V2Fixtures.PAYLOAD_OVERHEAD_BYTES
                        + 16;
        if (sealed.length != expected) {
            throw new IllegalStateException(
                    "envelope is " + sealed.length + " bytes, not " + expected);
        }
        if (!open().content().equals(opening.content())) {
            throw new IllegalStateException("round trip failed");
        }
    }

    @Benchmark
    public byte[] seal() {
        return Envelope.seal(key, opening, List.of());
    }

    @Benchmark
    public ReceivedMessage open() throws FrankingException {
        return Receipt.open(key, sealed, delivery);
    }
}
