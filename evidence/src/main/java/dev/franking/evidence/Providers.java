package dev.franking.evidence;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Bouncy Castle as a provider object, passed explicitly where the JDK has no implementation
 * (ML-DSA: Java 17 has none). It is never registered with {@code Security.addProvider}, so the
 * JDK's own providers still do everything else, and an unsigned, repackaged BC (the shaded
 * evidence.jar) is enough: Signature and KeyFactory need no signed JCE provider.
 */
final class Providers {
    static final Provider BC = new BouncyCastleProvider();

    private Providers() {}

    static boolean isMlDsa(String algorithm) {
        return algorithm != null && algorithm.startsWith("ML-DSA");
    }
}
