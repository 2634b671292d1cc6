package dev.franking.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvidenceSignerTest {
    @TempDir Path dir;

    @Test
    void theGeneratedDefaultIsASelfSignedP256SigningCertificate() {
        EvidenceSigner s = Samples.PLATFORM;
        var cert = s.certificate();
        assertThat(cert.getSubjectX500Principal().getName())
                .isEqualTo("CN=Example Messenger evidence signing");
        assertThat(cert.getIssuerX500Principal()).isEqualTo(cert.getSubjectX500Principal());
        assertThat(cert.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(cert.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(cert.getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
        assertThat(cert.getNotAfter().toInstant())
                .isAfter(Samples.NOW.plus(java.time.Duration.ofDays(3650)));
        assertThat(s.toString()).contains("[REDACTED]");
    }

    @Test
    void pemRoundTripWithAnOwnerOnlyKeyFile() throws Exception {
        Samples.PLATFORM.writePem(dir);
        Path key = dir.resolve(EvidenceSigner.KEY_FILE);
        assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
                .isEqualTo("rw-------");
        Path pqKey = dir.resolve(EvidenceSigner.ML_DSA_KEY_FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pqKey)))
                .isEqualTo("rw-------");
        EvidenceSigner loaded =
                EvidenceSigner.fromPem(key, dir.resolve(EvidenceSigner.CERT_FILE))
                        .withPostQuantumPem(pqKey, dir.resolve(EvidenceSigner.ML_DSA_CERT_FILE))
                        .withTimeStamps(Samples.TSA);
        assertThat(loaded.certificate()).isEqualTo(Samples.PLATFORM.certificate());
        assertThat(loaded.postQuantumFingerprint())
                .isEqualTo(Samples.PLATFORM.postQuantumFingerprint());
        assertThat(EvidenceSigner.loadOrGenerate(dir, "ignored", Samples.CLOCK).fingerprint())
                .isEqualTo(Samples.PLATFORM.fingerprint());
        assertThatThrownBy(() -> Samples.PLATFORM.writePem(dir))
                .isInstanceOf(FileAlreadyExistsException.class);

        // what it signs verifies pinned to the original
        byte[] zip = new EvidencePackageBuilder(loaded, Samples.CLOCK).build(Samples.input()).zip();
        assertThat(
                        new EvidenceVerifier()
                                .verify(
                                        zip,
                                        EvidenceVerifier.Pin.certificate(
                                                Samples.PLATFORM.certificate()))
                                .ok())
                .isTrue();
    }

    @Test
    void loadOrGenerateMakesTheEmbeddedDefaultOnce() throws Exception {
        Path d = dir.resolve("data/evidence");
        EvidenceSigner first = EvidenceSigner.loadOrGenerate(d, "Example Messenger", Samples.CLOCK);
        EvidenceSigner again = EvidenceSigner.loadOrGenerate(d, "Example Messenger", Samples.CLOCK);
        assertThat(again.fingerprint()).isEqualTo(first.fingerprint());
    }

    @Test
    void pkcs12RoundTrip() throws Exception {
        char[] pw = "changeit".toCharArray();
        Samples.PLATFORM.writePem(dir);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry(
                "evidence",
                EvidenceSigner.readPemKey(dir.resolve(EvidenceSigner.KEY_FILE)),
                pw,
                new Certificate[] {Samples.PLATFORM.certificate()});
        Path p12 = dir.resolve("evidence.p12");
        try (OutputStream out = Files.newOutputStream(p12)) {
            ks.store(out, pw);
        }
        assertThat(EvidenceSigner.fromPkcs12(p12, pw, null).fingerprint())
                .isEqualTo(Samples.PLATFORM.fingerprint());
        assertThat(EvidenceSigner.fromPkcs12(p12, pw, "evidence").certificate())
                .isEqualTo(Samples.PLATFORM.certificate());
    }

    @Test
    void aKeyThatIsNotTheCertificatesIsRefused() throws Exception {
        EvidenceSigner other = EvidenceSigner.generate("Other", Samples.CLOCK);
        other.writePem(dir);
        var otherKey = EvidenceSigner.readPemKey(dir.resolve(EvidenceSigner.KEY_FILE));
        assertThatThrownBy(
                        () -> new EvidenceSigner(otherKey, List.of(Samples.PLATFORM.certificate())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not belong");
    }

    @Test
    void keygenCommandWritesKeyAndCertificate() {
        var out = new java.io.ByteArrayOutputStream();
        int code =
                EvidenceCli.run(
                        new String[] {
                            "keygen", dir.resolve("k").toString(), "--platform", "Example"
                        },
                        new java.io.PrintStream(out, true),
                        new java.io.PrintStream(new java.io.ByteArrayOutputStream(), true));
        assertThat(code).isZero();
        assertThat(dir.resolve("k").resolve(EvidenceSigner.CERT_FILE)).exists();
        assertThat(out.toString()).contains("fingerprint");
        assertThat(
                        EvidenceCli.run(
                                new String[] {"verify"},
                                new java.io.PrintStream(new java.io.ByteArrayOutputStream()),
                                new java.io.PrintStream(new java.io.ByteArrayOutputStream())))
                .isEqualTo(EvidenceCli.USAGE);
    }
}
