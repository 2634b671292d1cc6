package dev.franking;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 on the JDK's {@code javax.crypto.Mac}: measured about 2.5 times faster here than
 * Bouncy Castle's pure-Java HMac because the JDK's SHA-256 uses the CPU's SHA extensions. One
 * {@code Mac} per thread, because {@code Mac.getInstance} costs more than a short MAC.
 */
final class Hmac {
    /**
     * Gathering block for {@link Wire.Gather}: holds a typical {@code stamp_input} or content
     * header whole.
     */
    static final int GATHER_BYTES = 512;

    private static final ThreadLocal<Mac> MAC = ThreadLocal.withInitial(Hmac::newMac);

    private Hmac() {}

    static Mac newMac() {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every JDK", e);
        }
    }

    static Mac keyed(byte[] key) {
        Mac mac = MAC.get();
        try {
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return mac;
    }

    static Wire.Sink sink(Mac mac) {
        return mac::update;
    }

    /** {@code HMAC(k, x)} */
    static byte[] mac(byte[] key, byte[] data) {
        return keyed(key).doFinal(data);
    }

    /** {@code HMAC(franking_key, content_bytes)}, feeding the encoding straight into the MAC. */
    static byte[] commit(byte[] frankingKey, MessageContent content) {
        Mac mac = keyed(frankingKey);
        Wire.Gather g = new Wire.Gather(sink(mac), GATHER_BYTES);
        content.writeTo(g);
        g.flush();
        return mac.doFinal();
    }
}
