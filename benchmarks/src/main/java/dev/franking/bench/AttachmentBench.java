package dev.franking.bench;

import dev.franking.AttachmentCipher;
import dev.franking.FrankingException;
import dev.franking.SymmetricKey;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The key-committing attachment cipher, PROTOCOL.md §6, on 1 MiB: HKDF, then AES-256-GCM on the
 * JDK. {@code jdkGcmEncrypt} is the bare JDK AES-256-GCM encryption of the same 1 MiB (a fresh
 * Cipher per call, as the library does), to separate the cipher from the construction around it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AttachmentBench {
    @Param({"1048576"})
    public int plaintextBytes;

    private SymmetricKey key;
    private byte[] plaintext;
    private byte[] blob;
    private SecureRandom random;
    private byte[] rawKey;
    private byte[] nonce;
    private byte[] ad;

    @Setup
    public void setup() throws FrankingException {
        random = new SecureRandom();
        key = new SymmetricKey(Fixtures.bytes(32, 7));
        plaintext = Fixtures.bytes(plaintextBytes, 8);
        blob = AttachmentCipher.encrypt(key, plaintext, random);
        if (!Arrays.equals(plaintext, AttachmentCipher.decrypt(key, blob))) {
            throw new IllegalStateException("round trip failed");
        }
        rawKey = Fixtures.bytes(32, 9);
        nonce = new byte[12];
        ad = Fixtures.bytes(36, 10);
    }

    @Benchmark
    public byte[] encrypt() {
        return AttachmentCipher.encrypt(key, plaintext, random);
    }

    @Benchmark
    public byte[] decrypt() throws FrankingException {
        return AttachmentCipher.decrypt(key, blob);
    }

    @Benchmark
    public byte[] jdkGcmEncrypt() throws Exception {
        random.nextBytes(nonce);
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(
                Cipher.ENCRYPT_MODE,
                new SecretKeySpec(rawKey, "AES"),
                new GCMParameterSpec(128, nonce));
        c.updateAAD(ad);
        return c.doFinal(plaintext);
    }
}
