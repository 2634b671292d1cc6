package dev.franking.evidence;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampTokenGenerator;

/**
 * A small RFC 3161 time-stamping authority run by the platform itself (Bouncy Castle's {@link
 * TimeStampResponseGenerator}), for tests and for the zero-setup default when no external TSA is
 * configured. Its timestamps are only as trustworthy as the platform (the verifier names the TSA
 * and its fingerprint); production configures an independent TSA ({@link HttpTimeStampClient}).
 *
 * <p>Key: ECDSA P-256; certificate self-signed, extended key usage id-kp-timeStamping, critical
 * (RFC 3161 §2.3). Tokens carry the certificate (when asked), ESSCertIDv2, SHA-256 or SHA-512
 * imprints only.
 */
public final class LocalTimeStampAuthority implements TimeStampClient {
    public static final String KEY_FILE = "evidence-tsa-key.pem";
    public static final String CERT_FILE = "evidence-tsa-cert.pem";

    /** The TSA policy the tokens name: the UUID arc, so no registration is needed. */
    static final ASN1ObjectIdentifier POLICY =
            new ASN1ObjectIdentifier("2.25.106155829826203049226916862580829838361");

    private final PrivateKey key;
    private final X509Certificate certificate;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public LocalTimeStampAuthority(PrivateKey key, X509Certificate certificate, Clock clock) {
        this.key = Objects.requireNonNull(key, "key");
        this.certificate = Objects.requireNonNull(certificate, "certificate");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A new key and certificate ({@code CN=<name> time-stamping}), valid ten years. */
    public static LocalTimeStampAuthority generate(String name, Clock clock) {
        try {
            KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
            kpg.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair kp = kpg.generateKeyPair();
            X509Certificate cert =
                    Certificates.selfSigned(
                            kp,
                            name + " time-stamping",
                            clock,
                            EvidenceSigner.DEFAULT_VALIDITY,
                            "SHA256withECDSA",
                            null,
                            KeyPurposeId.id_kp_timeStamping,
                            true,
                            null);
            return new LocalTimeStampAuthority(kp.getPrivate(), cert, clock);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("generating the local TSA key failed", e);
        }
    }

    /**
     * The authority whose key is in {@code dir} ({@value #KEY_FILE}, {@value #CERT_FILE}),
     * generated and written there first if there is none.
     */
    public static LocalTimeStampAuthority loadOrGenerate(Path dir, String name, Clock clock)
            throws IOException {
        Path keyFile = dir.resolve(KEY_FILE);
        if (Files.exists(keyFile)) {
            return load(dir, clock);
        }
        LocalTimeStampAuthority tsa = generate(name, clock);
        tsa.writeTo(dir);
        return tsa;
    }

    /**
     * Writes this authority's key ({@value #KEY_FILE}, PKCS#8 PEM, owner-only where the file system
     * has POSIX permissions) and certificate ({@value #CERT_FILE}) into {@code dir}, as {@link
     * #loadOrGenerate} does for a key it generated. Never overwrites an existing key.
     */
    public void writeTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        Certificates.writeOwnerOnly(
                dir.resolve(KEY_FILE),
                EvidenceSigner.pem(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(key, null))
                        .getBytes(StandardCharsets.US_ASCII));
        Files.writeString(
                dir.resolve(CERT_FILE), EvidenceSigner.pem(certificate), StandardCharsets.US_ASCII);
    }

    /** The authority whose key is in {@code dir}; fails if there is none. */
    public static LocalTimeStampAuthority load(Path dir, Clock clock) throws IOException {
        List<X509Certificate> certs = EvidenceSigner.readPemCertificates(dir.resolve(CERT_FILE));
        return new LocalTimeStampAuthority(
                EvidenceSigner.readPemKey(dir.resolve(KEY_FILE)), certs.get(0), clock);
    }

    /** Whether {@code dir} holds a local authority's key. */
    public static boolean existsIn(Path dir) {
        return Files.exists(dir.resolve(KEY_FILE)) && Files.exists(dir.resolve(CERT_FILE));
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public String fingerprint() {
        try {
            return Hashes.fingerprint(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public byte[] respond(byte[] timeStampQuery) throws IOException {
        TimeStampRequest req = new TimeStampRequest(timeStampQuery);
        try {
            DigestCalculator sha256 =
                    new JcaDigestCalculatorProviderBuilder()
                            .build()
                            .get(
                                    new org.bouncycastle.asn1.x509.AlgorithmIdentifier(
                                            org.bouncycastle.asn1.nist.NISTObjectIdentifiers
                                                    .id_sha256));
            TimeStampTokenGenerator tokens =
                    new TimeStampTokenGenerator(
                            new JcaSimpleSignerInfoGeneratorBuilder()
                                    .build("SHA256withECDSA", key, certificate),
                            sha256,
                            POLICY);
            tokens.addCertificates(new JcaCertStore(List.of(certificate)));
            TimeStampResponseGenerator gen =
                    new TimeStampResponseGenerator(
                            tokens, java.util.Set.of(TSPAlgorithms.SHA256, TSPAlgorithms.SHA512));
            return gen.generate(
                            req,
                            // unique per token across restarts without keeping a counter on disk
                            new BigInteger(127, random),
                            Date.from(clock.instant()))
                    .getEncoded();
        } catch (OperatorCreationException
                | TSPException
                | java.security.cert.CertificateException e) {
            throw new IOException("the local TSA could not answer: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "LocalTimeStampAuthority["
                + certificate.getSubjectX500Principal().getName()
                + ", key=[REDACTED]]";
    }
}
