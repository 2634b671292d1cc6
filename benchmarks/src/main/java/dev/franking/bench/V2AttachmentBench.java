package dev.franking.bench;

import dev.franking.v2.AttachmentCipher;
import dev.franking.v2.AttachmentDescriptor;
import dev.franking.v2.AttachmentKey;
import dev.franking.v2.BlobRef;
import dev.franking.v2.Delivery;
import dev.franking.v2.Envelope;
import dev.franking.v2.FrankingException;
import dev.franking.v2.MessageContent;
import dev.franking.v2.MessageKey;
import dev.franking.v2.Opening;
import dev.franking.v2.Receipt;
import dev.franking.v2.ReceivedMessage;
import dev.franking.v2.RecipientStamp;
import dev.franking.v2.Stamper;
import java.util.Arrays;
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
 * The attachment cipher FKA2 of PROTOCOL.md §6 on a 1 MiB blob: {@code encrypt} (HKDF, AES-256-GCM
 * with the key commitment in the AD) and {@code open}, the recipient's one call (§4): the key
 * commitment recomputed and compared, AES-256-GCM decryption, and the plaintext's size and SHA-256
 * checked against the committed descriptor. OpenSSL's reference is AES-256-GCM over the same length
 * (plus, for {@code open}, SHA-256 of it).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class V2AttachmentBench {
    @Param({"1048576"})
    public int bytes;

    private AttachmentKey key;
    private byte[] plaintext;
    private byte[] blob;
    private ReceivedMessage received;

    @Setup
    public void setup() throws FrankingException {
        plaintext = V2Fixtures.bytes(bytes, 9);
        key = AttachmentKey.generate();
        blob = AttachmentCipher.encrypt(key, plaintext);
        MessageContent base = V2Fixtures.content(16);
        MessageContent content =
                new MessageContent(
                        base.messageId(),
                        base.senderId(),
                        base.conversationId(),
                        base.sentAt(),
                        base.prev(),
                        base.contentType(),
                        base.body(),
                        List.of(AttachmentDescriptor.of("application/octet-stream", plaintext)));
        Opening opening = Opening.commit(content);
        MessageKey messageKey = MessageKey.fromBytes(V2Fixtures.bytes(32, 11));
        byte[] sealed =
                Envelope.seal(messageKey, opening, List.of(BlobRef.of(key, new byte[] {1, 2, 3})));
        RecipientStamp stamp =
                RecipientStamp.of(
                        new Stamper(V2Fixtures.ring(V2Fixtures.stampKey()), V2Fixtures.clock())
                                .stamp(opening.commitment(), V2Fixtures.route()),
                        V2Fixtures.salt());
        received =
                Receipt.open(
                        messageKey,
                        sealed,
                        new Delivery(
                                opening.commitment(),
                                V2Fixtures.SENDER,
                                V2Fixtures.RECIPIENT,
                                V2Fixtures.CONVERSATION,
                                V2Fixtures.MESSAGE_ID,
                                stamp));
        if (!Arrays.equals(open(), plaintext)) {
            throw new IllegalStateException("round trip failed");
        }
    }

    @Benchmark
    public byte[] encrypt() {
        return AttachmentCipher.encrypt(key, plaintext);
    }

    @Benchmark
    public byte[] open() throws FrankingException {
        return received.openAttachment(0, blob);
    }
}
