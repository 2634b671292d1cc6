package dev.franking.v2;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/** HKDF-SHA256 (RFC 5869) on Bouncy Castle: the JDK 17 has none. */
final class Hkdf {
    private Hkdf() {}

    /**
     * @throws org.bouncycastle.crypto.DataLengthException if {@code length} exceeds 255 * 32
     */
    static byte[] sha256(byte[] ikm, byte[] salt, byte[] info, int length) {
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(SHA256Digest.newInstance());
        hkdf.init(new HKDFParameters(ikm, salt, info));
        byte[] okm = new byte[length];
        hkdf.generateBytes(okm, 0, okm.length);
        return okm;
    }
}
