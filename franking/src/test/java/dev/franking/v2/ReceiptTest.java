package dev.franking.v2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * The recipient's side, PROTOCOL.md §2, §4 and §6: one receipt call that opens the envelope and
 * checks the commitment, sender, conversation and message id; one attachment call that refuses a
 * blob whose plaintext is not the committed one; and neither opens anything under two keys.
 */
class ReceiptTest {
    private final SecureRandom random = new SecureRandom();
    private final Fixture f = new Fixture();

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** A message with two attachments, sealed: what the relay delivers. */
    private record Sealed(
            Opening opening,
            MessageKey key,
            byte[] envelope,
            Delivery delivery,
            byte[][] plaintexts,
            byte[][] blobs) {}

    private Sealed sealed() {
        byte[][] plaintexts = {bytes(1000), bytes(0)};
        AttachmentKey k0 = AttachmentKey.generate();
        AttachmentKey k1 = AttachmentKey.generate();
        byte[][] blobs = {
            AttachmentCipher.encrypt(k0, plaintexts[0]), AttachmentCipher.encrypt(k1, plaintexts[1])
        };
        MessageContent content =
                new MessageContent(
                        "m1",
                        "alice",
                        "c1",
                        1,
                        List.of(),
                        "text/plain",
                        "look".getBytes(StandardCharsets.UTF_8),
                        List.of(
                                AttachmentDescriptor.of("image/png", plaintexts[0]),
                                AttachmentDescriptor.of("text/plain", plaintexts[1])));
        Opening opening = Opening.commit(content);
        MessageKey key = MessageKey.generate();
        List<BlobRef> refs =
                List.of(
                        BlobRef.of(k0, "blob-0".getBytes(StandardCharsets.UTF_8)),
                        BlobRef.of(k1, new byte[0]));
        byte[] envelope = Envelope.seal(key, opening, refs);
        Fixture.Sent stamped = f.send(content, "bob");
        Delivery d =
                new Delivery(opening.commitment(), "alice", "bob", "c1", "m1", stamped.stamp());
        return new Sealed(opening, key, envelope, d, plaintexts, blobs);
    }

    private static Delivery delivery(
            Delivery d, Commitment c, String sender, String conversation, String messageId) {
        return new Delivery(c, sender, d.recipientId(), conversation, messageId, d.stamp());
    }

    private static void fails(FailureCode code, ThrowingCallable call) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        FrankingException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    @Test
    void aGenuineMessageOpensAndItsAttachmentsCheck() throws Exception {
        Sealed s = sealed();
        ReceivedMessage m = Receipt.open(s.key(), s.envelope(), s.delivery());
        assertThat(m.content()).isEqualTo(s.opening().content());
        assertThat(m.frankingKey()).isEqualTo(s.opening().frankingKey());
        assertThat(m.commitment()).isEqualTo(s.opening().commitment());
        assertThat(m.blobs().get(0).locator()).isEqualTo("blob-0".getBytes(StandardCharsets.UTF_8));
        assertThat(m.openAttachment(0, s.blobs()[0])).isEqualTo(s.plaintexts()[0]);
        assertThat(m.openAttachment(1, s.blobs()[1])).isEqualTo(s.plaintexts()[1]);
        assertThat(m.toSubmission().recipientId()).isEqualTo("bob");
    }

    @Test
    void theRelaysClaimsMustMatchTheContent() {
        Sealed s = sealed();
        Delivery d = s.delivery();
        Commitment c = d.commitment();
        fails(
                FailureCode.WRONG_SENDER,
                () -> Receipt.open(s.key(), s.envelope(), delivery(d, c, "mallory", "c1", "m1")));
        fails(
                FailureCode.WRONG_CONVERSATION,
                () -> Receipt.open(s.key(), s.envelope(), delivery(d, c, "alice", "c2", "m1")));
        fails(
                FailureCode.WRONG_MESSAGE_ID,
                () -> Receipt.open(s.key(), s.envelope(), delivery(d, c, "alice", "c1", "m2")));
        // another commitment: the AD differs, so nothing opens
        Commitment other = Commitment.fromBytes(Arrays.copyOf(c.toBytes(), 32));
        byte[] flipped = c.toBytes();
        flipped[0] ^= 1;
        fails(
                FailureCode.BAD_ENVELOPE,
                () ->
                        Receipt.open(
                                s.key(),
                                s.envelope(),
                                delivery(d, Commitment.fromBytes(flipped), "alice", "c1", "m1")));
        fails(
                FailureCode.BAD_ENVELOPE,
                () ->
                        Receipt.open(
                                MessageKey.generate(),
                                s.envelope(),
                                delivery(d, other, "alice", "c1", "m1")));
    }

    @Test
    void everyFlippedBitTruncationAndExtensionOfAnEnvelopeFails() {
        Sealed s = sealed();
        byte[] e = s.envelope();
        for (int bit = 0; bit < e.length * 8; bit++) {
            byte[] t = e.clone();
            t[bit / 8] ^= (byte) (1 << (bit % 8));
            fails(FailureCode.BAD_ENVELOPE, () -> Receipt.open(s.key(), t, s.delivery()));
        }
        for (int n = 0; n < e.length; n += 7) {
            byte[] t = Arrays.copyOf(e, n);
            fails(FailureCode.BAD_ENVELOPE, () -> Receipt.open(s.key(), t, s.delivery()));
        }
        fails(
                FailureCode.BAD_ENVELOPE,
                () -> Receipt.open(s.key(), Arrays.copyOf(e, e.length + 1), s.delivery()));
        fails(FailureCode.BAD_ENVELOPE, () -> Receipt.open(s.key(), new byte[0], s.delivery()));
    }

    @Test
    void anAttachmentIsShownOnlyIfItsPlaintextIsTheCommittedOne() throws Exception {
        Sealed s = sealed();
        ReceivedMessage m = Receipt.open(s.key(), s.envelope(), s.delivery());
        AttachmentKey k0 = m.blobs().get(0).key();
        // the right key, another plaintext: the blob opens but is not what was committed
        byte[] other = s.plaintexts()[0].clone();
        other[10] ^= 1;
        fails(
                FailureCode.ATTACHMENT_MISMATCH,
                () -> m.openAttachment(0, AttachmentCipher.encrypt(k0, other)));
        fails(
                FailureCode.ATTACHMENT_MISMATCH,
                () ->
                        m.openAttachment(
                                0,
                                AttachmentCipher.encrypt(
                                        k0, Arrays.copyOf(s.plaintexts()[0], 999))));
        // another attachment's blob, another key, a flipped bit, a truncated blob
        fails(FailureCode.BAD_ATTACHMENT_BLOB, () -> m.openAttachment(0, s.blobs()[1]));
        fails(
                FailureCode.BAD_ATTACHMENT_BLOB,
                () ->
                        m.openAttachment(
                                0,
                                AttachmentCipher.encrypt(
                                        AttachmentKey.generate(), s.plaintexts()[0])));
        byte[] blob = s.blobs()[0];
        for (int bit = 0; bit < blob.length * 8; bit += 13) {
            byte[] t = blob.clone();
            t[bit / 8] ^= (byte) (1 << (bit % 8));
            fails(FailureCode.BAD_ATTACHMENT_BLOB, () -> m.openAttachment(0, t));
        }
        fails(
                FailureCode.BAD_ATTACHMENT_BLOB,
                () ->
                        m.openAttachment(
                                0, Arrays.copyOf(blob, AttachmentCipher.MIN_BLOB_BYTES - 1)));
        fails(
                FailureCode.BAD_ATTACHMENT_BLOB,
                () -> m.openAttachment(0, Arrays.copyOf(blob, blob.length - 1)));
    }

    @Test
    void ownPayloadFormatsGetTheSameChecks() throws Exception {
        Sealed s = sealed();
        Opening o = s.opening();
        List<BlobRef> refs =
                List.of(
                        BlobRef.of(AttachmentKey.generate(), new byte[0]),
                        BlobRef.of(AttachmentKey.generate(), new byte[0]));
        assertThat(Receipt.accept(o.content(), o.frankingKey(), refs, s.delivery()).content())
                .isEqualTo(o.content());
        fails(
                FailureCode.BAD_COMMITMENT,
                () -> Receipt.accept(o.content(), FrankingKey.generate(), refs, s.delivery()));
        fails(
                FailureCode.WRONG_SENDER,
                () ->
                        Receipt.accept(
                                o.content(),
                                o.frankingKey(),
                                refs,
                                delivery(s.delivery(), o.commitment(), "eve", "c1", "m1")));
        assertThatThrownBy(() -> Envelope.seal(s.key(), o, refs.subList(0, 1)))
                .isInstanceOf(LimitException.class);
    }

    // ---- multi-key ciphertexts ("invisible salamanders")

    /**
     * CtE1: the commitment is in the AD and is recomputed from the payload. An attacker with two
     * message keys builds one ciphertext that GCM accepts under both (the attack on plain GCM),
     * with the commitment of a payload of their choice in the AD; but the block they solve for
     * changes the payload, the recomputed commitment no longer matches, and the receipt refuses it
     * under either key. Nothing opens under two keys.
     */
    @Test
    void noEnvelopeOpensUnderTwoKeys() throws Exception {
        byte[] k1 = bytes(32);
        byte[] k2 = bytes(32);
        Opening o = null;
        byte[] payload = null;
        for (int len = 40; ; len++) {
            MessageContent c =
                    new MessageContent(
                            "m1",
                            "alice",
                            "c1",
                            1,
                            List.of(),
                            "text/plain",
                            new byte[len],
                            List.of());
            o = Opening.commit(c);
            payload = Envelope.payload(o, List.of());
            if (payload.length % 16 == 0) {
                break;
            }
        }
        byte[] nonce = bytes(12);
        byte[] ad =
                new Wire.Writer(64)
                        .str(Envelope.LABEL)
                        .write(o.commitment().toBytes())
                        .toByteArray();
        // the free block sits in the body, the only bytes the parser takes as they come
        int free = (payload.length - 32 - 4 - 16) / 16 - 1;
        byte[] sealed = GcmCollision.collide(k1, k2, nonce, ad, payload, free);
        assertThat(Aes.decrypt(k1, nonce, ad, sealed, 0, sealed.length))
                .isNotEqualTo(Aes.decrypt(k2, nonce, ad, sealed, 0, sealed.length));
        byte[] envelope = Bytes.concat(nonce, sealed);
        Delivery d =
                new Delivery(
                        o.commitment(),
                        "alice",
                        "bob",
                        "c1",
                        "m1",
                        f.send(o.content(), "bob").stamp());
        fails(FailureCode.BAD_ENVELOPE, () -> Receipt.open(MessageKey.fromBytes(k1), envelope, d));
        fails(FailureCode.BAD_ENVELOPE, () -> Receipt.open(MessageKey.fromBytes(k2), envelope, d));
        // and the honest envelope opens under its key only
        byte[] honest = Envelope.seal(MessageKey.fromBytes(k1), o, List.of());
        assertThat(Receipt.open(MessageKey.fromBytes(k1), honest, d).content())
                .isEqualTo(o.content());
        fails(FailureCode.BAD_ENVELOPE, () -> Receipt.open(MessageKey.fromBytes(k2), honest, d));
    }

    /**
     * FKA2: a blob carries one {@code key_commit}, derived from its key and compared before GCM
     * runs, and the header is GCM's AD; so whatever GCM accepts, at most the one key whose {@code
     * key_commit} the header carries opens the blob.
     */
    @Test
    void noFka2BlobOpensUnderTwoKeys() throws Exception {
        AttachmentKey k1 = AttachmentKey.generate();
        AttachmentKey k2 = AttachmentKey.generate();
        byte[] okm1 = AttachmentCipher.derive(k1);
        byte[] okm2 = AttachmentCipher.derive(k2);
        byte[] enc1 = Arrays.copyOf(okm1, 32);
        byte[] enc2 = Arrays.copyOf(okm2, 32);
        byte[] ad1 = Bytes.concat(AttachmentCipher.MAGIC, Arrays.copyOfRange(okm1, 32, 64));
        byte[] ad2 = Bytes.concat(AttachmentCipher.MAGIC, Arrays.copyOfRange(okm2, 32, 64));
        byte[] nonce = bytes(12);
        byte[] chosen =
                Arrays.copyOf("A harmless cat picture.".getBytes(StandardCharsets.US_ASCII), 64);

        // GCM collides under the two derived keys, K1's key_commit in the header: only K1 opens it
        byte[] sealed = GcmCollision.collide(enc1, enc2, nonce, ad1, chosen, 3);
        assertThat(Aes.decrypt(enc1, nonce, ad1, sealed, 0, sealed.length))
                .isNotEqualTo(Aes.decrypt(enc2, nonce, ad1, sealed, 0, sealed.length));
        byte[] blob = Bytes.concat(Bytes.concat(ad1, nonce), sealed);
        assertThat(AttachmentCipher.decrypt(k1, blob))
                .isEqualTo(Aes.decrypt(enc1, nonce, ad1, sealed, 0, sealed.length));
        fails(FailureCode.BAD_ATTACHMENT_BLOB, () -> AttachmentCipher.decrypt(k2, blob));
        // K2's key_commit spliced in: the AD changed, GCM refuses under both
        byte[] spliced = Bytes.concat(Bytes.concat(ad2, nonce), sealed);
        fails(FailureCode.BAD_ATTACHMENT_BLOB, () -> AttachmentCipher.decrypt(k1, spliced));
        fails(FailureCode.BAD_ATTACHMENT_BLOB, () -> AttachmentCipher.decrypt(k2, spliced));
        // a collision under the raw keys: the cipher never uses K itself for GCM
        byte[] raw =
                Bytes.concat(
                        Bytes.concat(ad1, nonce),
                        GcmCollision.collide(
                                k1.toBytes(InsecureSecretAccess.get()),
                                k2.toBytes(InsecureSecretAccess.get()),
                                nonce,
                                ad1,
                                chosen,
                                2));
        fails(FailureCode.BAD_ATTACHMENT_BLOB, () -> AttachmentCipher.decrypt(k1, raw));
        fails(FailureCode.BAD_ATTACHMENT_BLOB, () -> AttachmentCipher.decrypt(k2, raw));
    }

    // ---- hard to misuse

    @Test
    void secretsPrintRedactedAndCompareByValue() {
        byte[] raw = bytes(32);
        for (Object k :
                List.of(
                        FrankingKey.fromBytes(raw),
                        MessageKey.fromBytes(raw),
                        AttachmentKey.fromBytes(raw))) {
            assertThat(k.toString()).endsWith("[REDACTED]").doesNotContain(B64.encode(raw));
        }
        assertThat(FrankingKey.fromBytes(raw)).isEqualTo(FrankingKey.fromBytes(raw.clone()));
        assertThat(FrankingKey.fromBytes(raw)).isNotEqualTo(MessageKey.fromBytes(raw));
        assertThat(f.key.toString()).contains("[REDACTED]");
        assertThat(Fixture.content("m", "a", "c", List.of(), "secret words").toString())
                .doesNotContain("secret words");
        assertThatThrownBy(() -> FrankingKey.fromBytes(new byte[31]))
                .isInstanceOf(LimitException.class);
        assertThatThrownBy(() -> FrankingKey.fromBytes(raw).toBytes(null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void noPublicMethodHandsOutKeyBytesWithoutTheAccessToken() {
        for (Class<?> c :
                List.of(FrankingKey.class, MessageKey.class, AttachmentKey.class, StampKey.class)) {
            for (Method m : c.getMethods()) {
                if (m.getReturnType() == byte[].class) {
                    assertThat(m.getParameterTypes())
                            .as("%s.%s", c.getSimpleName(), m.getName())
                            .contains(InsecureSecretAccess.class);
                }
            }
        }
    }

    @Test
    void onlyTheLibraryMakesVerifiedTypes() {
        for (Class<?> c :
                List.of(
                        VerifiedReport.class,
                        VerifiedMessage.class,
                        Transcript.class,
                        ReceivedMessage.class,
                        ParsedReport.class)) {
            assertThat(c.getConstructors()).as(c.getSimpleName()).isEmpty();
            assertThat(Modifier.isFinal(c.getModifiers())).isTrue();
        }
    }
}
