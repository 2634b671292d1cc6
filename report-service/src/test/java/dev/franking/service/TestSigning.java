package dev.franking.service;

import dev.franking.evidence.EvidenceSigner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;

/** An evidence-signing key and certificate under target/, configured the way production configures PEM files. */
public final class TestSigning {
    private static final Path DIR = Path.of("target", "test-evidence-signing").toAbsolutePath();
    private static EvidenceSigner signer;

    private TestSigning() {
    }

    public static synchronized EvidenceSigner signer() {
        if (signer == null) {
            try {
                signer = EvidenceSigner.loadOrGenerate(DIR, "Test platform", Clock.systemUTC());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return signer;
    }

    public static String keyPem() {
        signer();
        return DIR.resolve(EvidenceSigner.KEY_FILE).toString();
    }

    public static String certPem() {
        signer();
        return DIR.resolve(EvidenceSigner.CERT_FILE).toString();
    }
}
