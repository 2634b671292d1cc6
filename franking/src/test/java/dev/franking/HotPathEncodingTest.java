package dev.franking;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.junit.jupiter.api.Test;

/**
 * The MAC and cipher hot paths against PROTOCOL.md §1, §3 and §6 rebuilt here by plain
 * concatenation, independently of {@link Wire}: whatever the library does to go faster, the bytes
 * it authenticates and produces stay these.
 */
class HotPathEncodingTest {
    private final SecureRandom random = new SecureRandom();

    private static void u32(ByteArrayOutputStream o, long n) {
        for (int i = 3; i >= 0; i--) {
            o.write((int) (n >>> (8 * i)));
        }
    }

    private static void u64(ByteArrayOutputStream o, long n) {
        for (int i = 7; i >= 0; i--) {
            o.write((int) (n >>> (8 * i)));
        }
    }

    private static void lp(ByteArrayOutputStream o, byte[] x) {
        u32(o, x.length);
        o.writeBytes(x);
    }

    private static void str(ByteArrayOutputStream o, String s) {
        lp(o, s.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] hmac(byte[] key, byte[] data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static String repeat(String s, int n) {
        return s.repeat(n);
    }

    @Test
    void commitmentIsHmacOverContentBytes() throws Exception {
        // short and long ids (multi-byte UTF-8, up to the 256-byte limit), bodies from empty to the
        // limit
        List<String> ids =
                List.of(
                        "m",
                        "6f1c2a7e-3b9d-4c5e-8a10-2f4b6d8e9a01",
                        repeat("é", 128),
                        repeat("x", 256));
        int[] bodies = {0, 1, 100, 255, 256, 257, 1024, 4096, Limits.MAX_BODY_BYTES};
        for (String id : ids) {
            for (int n : bodies) {
                List<AttachmentDescriptor> atts =
                        n % 2 == 0
                                ? List.of(
                                        AttachmentDescriptor.of("image/png", bytes(10)),
                                        AttachmentDescriptor.of(repeat("t", 255), bytes(3)))
                                : List.of();
                MessageContent c =
                        new MessageContent(
                                id,
                                "a" + id.substring(1),
                                "c" + id.substring(1),
                                1_764_399_999_000L,
                                "text/plain; charset=utf-8",
                                bytes(n),
                                atts);
                ByteArrayOutputStream o = new ByteArrayOutputStream();
                str(o, "franking/v1/content");
                str(o, c.messageId());
                str(o, c.senderId());
                str(o, c.conversationId());
                u64(o, c.sentAt());
                str(o, c.contentType());
                lp(o, c.body());
                u32(o, atts.size());
                for (AttachmentDescriptor a : atts) {
                    str(o, a.contentType());
                    u64(o, a.size());
                    o.writeBytes(a.sha256());
                }
                byte[] expected = o.toByteArray();
                assertThat(c.contentBytes()).isEqualTo(expected);
                FrankingKey k = FrankingKey.generate(random);
                assertThat(Commitment.compute(k, c).bytes()).isEqualTo(hmac(k.bytes(), expected));
            }
        }
    }

    @Test
    void stampIsHmacOverStampInput() throws Exception {
        Instant t = Instant.parse("2026-11-29T00:00:00Z");
        for (String kid : List.of("k", "k20261129T000000", repeat("K", 32))) {
            StampKey key =
                    new StampKey(
                            new Kid(kid),
                            bytes(32),
                            t,
                            t.plusSeconds(86_400),
                            t.plusSeconds(86_400 * 91L));
            for (String id :
                    List.of(
                            "b",
                            "6f1c2a7e-3b9d-4c5e-8a10-2f4b6d8e9a01",
                            repeat("ü", 128),
                            repeat("y", 256))) {
                Commitment commitment = new Commitment(bytes(32));
                StampContext ctx =
                        new StampContext(
                                "s" + id.substring(1),
                                "r" + id.substring(1),
                                "c" + id.substring(1),
                                id);
                long receivedAt = 1_764_400_000_000L + id.length();
                ByteArrayOutputStream o = new ByteArrayOutputStream();
                str(o, "franking/v1/stamp");
                str(o, kid);
                o.writeBytes(commitment.bytes());
                str(o, ctx.senderId());
                str(o, ctx.recipientId());
                str(o, ctx.conversationId());
                str(o, ctx.messageId());
                u64(o, receivedAt);
                byte[] expected = hmac(key.secret(), o.toByteArray());
                Stamp stamp = Stamper.stamp(key, commitment, ctx, receivedAt);
                assertThat(stamp.mac()).isEqualTo(expected);
                assertThat(stamp.kid().value()).isEqualTo(kid);
                assertThat(stamp.receivedAt()).isEqualTo(receivedAt);
                Stamper.verify(key, stamp, commitment, ctx);
            }
        }
    }

    @Test
    void attachmentBlobIsTheSpecifiedLayout() throws Exception {
        for (int n : new int[] {0, 1, 15, 16, 17, 1000, 1 << 20}) {
            SymmetricKey k = SymmetricKey.generate(random);
            byte[] plaintext = bytes(n);
            byte[] nonce = bytes(12);
            HKDFBytesGenerator hkdf = new HKDFBytesGenerator(SHA256Digest.newInstance());
            hkdf.init(
                    new HKDFParameters(
                            k.bytes(),
                            new byte[0],
                            "franking/v1/attachment".getBytes(StandardCharsets.US_ASCII)));
            byte[] okm = new byte[64];
            hkdf.generateBytes(okm, 0, 64);
            ByteArrayOutputStream ad = new ByteArrayOutputStream();
            ad.writeBytes("FKA1".getBytes(StandardCharsets.US_ASCII));
            ad.write(okm, 32, 32);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(
                    Cipher.ENCRYPT_MODE,
                    new SecretKeySpec(okm, 0, 32, "AES"),
                    new GCMParameterSpec(128, nonce));
            c.updateAAD(ad.toByteArray());
            ByteArrayOutputStream blob = new ByteArrayOutputStream();
            blob.writeBytes(ad.toByteArray());
            blob.writeBytes(nonce);
            blob.writeBytes(c.doFinal(plaintext));
            byte[] expected = blob.toByteArray();

            byte[] actual = AttachmentCipher.encrypt(k, plaintext, nonce);
            assertThat(actual).isEqualTo(expected);
            assertThat(AttachmentCipher.decrypt(k, actual)).isEqualTo(plaintext);
            byte[] tampered = Arrays.copyOf(actual, actual.length);
            tampered[tampered.length - 1] ^= 1;
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> AttachmentCipher.decrypt(k, tampered))
                    .isInstanceOfSatisfying(
                            FrankingException.class,
                            e -> assertThat(e.code()).isEqualTo(FailureCode.BAD_ATTACHMENT_BLOB));
        }
    }
}
