package dev.franking.service;

import dev.franking.evidence.EvidenceSigner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;

/**
 * An evidence-signing key and certificate under target/, configured the way production configures
 * PEM files.
 */
public final class TestSigning {
    private static final Path DIR = Path.of("target", "test-evidence-signing").toAbsolutePath();
    private static EvidenceSigner signer;

    private TestSigning() {}

    public static synchronized EvidenceSigner signer() {
        if (signer == null) {
            try {
                // made at the tests' starting time, not the wall clock's: the services under test
                // sign
                // at their (test) clock's time, which starts at START and must fall in the validity
                signer =
                        EvidenceSigner.loadOrGenerate(
                                DIR,
                                "Test platform",
                                Clock.fixed(ServiceTestBase.START, ZoneOffset.UTC));
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
