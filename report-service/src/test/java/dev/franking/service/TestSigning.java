package dev.franking.service;

import dev.franking.evidence.EvidenceSigner;
import dev.franking.evidence.LocalTimeStampAuthority;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;

/**
 * Evidence-signing keys (ECDSA, and ML-DSA bound into its certificate) and a local time-stamping
 * authority under target/, configured the way production configures PEM files: the service is given
 * the ECDSA key and certificate, and finds the ML-DSA key and the TSA key beside them.
 */
public final class TestSigning {
    /** v2: a directory from before ML-DSA would hold an ECDSA certificate that binds nothing. */
    private static final Path DIR = Path.of("target", "test-evidence-signing-v2").toAbsolutePath();

    private static EvidenceSigner signer;
    private static LocalTimeStampAuthority tsa;

    private TestSigning() {}

    /** The platform's signer as the service under test signs (the TSA at the tests' start). */
    public static synchronized EvidenceSigner signer() {
        if (signer == null) {
            try {
                // made at the tests' starting time, not the wall clock's: the services under test
                // sign at their (test) clock's time, which starts at START and must fall in the
                // validity
                Clock start = Clock.fixed(ServiceTestBase.START, ZoneOffset.UTC);
                tsa = LocalTimeStampAuthority.loadOrGenerate(DIR, "Test platform", start);
                signer =
                        EvidenceSigner.loadOrGenerate(DIR, "Test platform", start)
                                .withTimeStamps(tsa);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return signer;
    }

    public static synchronized LocalTimeStampAuthority tsa() {
        signer();
        return tsa;
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
