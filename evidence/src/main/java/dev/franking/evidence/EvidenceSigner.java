package dev.franking.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * The platform's evidence-signing key and its certificate chain (signer first). Signs a manifest as
 * a detached CMS SignedData (RFC 5652), DER, SHA-256, the certificates included.
 *
 * <p>Algorithm: ECDSA on P-256 with SHA-256 for the generated default. It is the most widely
 * supported CMS signature (RFC 5753/5758; {@code openssl cms -verify} reads it) and the JDK's own
 * provider signs and verifies it, so neither signing nor the offline verifier needs Bouncy Castle
 * registered as a JCE provider (which a repackaged, unsigned BC jar could not be on some JDKs).
 * Ed25519 in CMS (RFC 8419) would pin the digest to SHA-512 and is less widely read by the tools an
 * agency may have. Configured keys may be EC (SHA256withECDSA) or RSA (SHA256withRSA).
 *
 * <p>Only the JDK's default providers are used: Bouncy Castle supplies the ASN.1, CMS, certificate
 * and PEM code (its lightweight APIs), not the primitives.
 */
public final class EvidenceSigner {
    /** The validity of a generated certificate. */
    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(3653);

    /** File names the embedded default writes and reads. */
    public static final String KEY_FILE = "evidence-signing-key.pem";

    public static final String CERT_FILE = "evidence-signing-cert.pem";

    private final PrivateKey key;
    private final List<X509Certificate> chain;
    private final String signatureAlgorithm;

    /**
     * @param key the signing key
     * @param chain the signer's certificate first, then any intermediates
     * @throws IllegalArgumentException if the key is neither EC nor RSA, or does not belong to the
     *     certificate
     */
    public EvidenceSigner(PrivateKey key, List<X509Certificate> chain) {
        this.key = Objects.requireNonNull(key, "key");
        if (chain == null || chain.isEmpty()) {
            throw new IllegalArgumentException("the certificate chain is empty");
        }
        this.chain = List.copyOf(chain);
        this.signatureAlgorithm =
                switch (key.getAlgorithm()) {
                    case "EC" -> "SHA256withECDSA";
                    case "RSA" -> "SHA256withRSA";
                    default ->
                            throw new IllegalArgumentException(
                                    "evidence signing key must be EC or RSA, not "
                                            + key.getAlgorithm());
                };
        checkPair(key, chain.get(0).getPublicKey(), signatureAlgorithm);
    }

    /** The signer's certificate. */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    public List<X509Certificate> chain() {
        return chain;
    }

    /** SHA-256 of the signer certificate's DER, colon-separated hex: what agencies pin. */
    public String fingerprint() {
        try {
            return Hashes.fingerprint(certificate().getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String signatureAlgorithm() {
        return signatureAlgorithm;
    }

    /**
     * A detached CMS SignedData over {@code content}, DER: one SignerInfo (SHA-256, signed
     * attributes content-type, message-digest and signing-time = {@code signingTime}), and the
     * certificate chain.
     */
    public byte[] sign(byte[] content, Instant signingTime) {
        try {
            ContentSigner signer = new JcaContentSignerBuilder(signatureAlgorithm).build(key);
            ASN1EncodableVector attrs = new ASN1EncodableVector();
            attrs.add(
                    new Attribute(
                            CMSAttributes.signingTime,
                            new DERSet(new Time(Date.from(signingTime)))));
            CMSSignedDataGenerator gen = new CMSSignedDataGenerator();
            gen.addSignerInfoGenerator(
                    new JcaSignerInfoGeneratorBuilder(
                                    new JcaDigestCalculatorProviderBuilder().build())
                            .setSignedAttributeGenerator(
                                    new DefaultSignedAttributeTableGenerator(
                                            new AttributeTable(attrs)))
                            .build(signer, certificate()));
            gen.addCertificates(new JcaCertStore(chain));
            CMSSignedData sd = gen.generate(new CMSProcessableByteArray(content), false);
            return sd.getEncoded(ASN1Encoding.DER);
        } catch (OperatorCreationException | CMSException | CertificateException | IOException e) {
            throw new IllegalStateException("signing the evidence manifest failed", e);
        }
    }

    // ---- loading ---------------------------------------------------------------------------

    /**
     * Loads a PEM private key (PKCS#8 {@code PRIVATE KEY}, or {@code EC PRIVATE KEY} / {@code RSA
     * PRIVATE KEY}; unencrypted) and a PEM certificate file (the signer first, then intermediates).
     */
    public static EvidenceSigner fromPem(Path keyPem, Path certPem) throws IOException {
        return new EvidenceSigner(readPemKey(keyPem), readPemCertificates(certPem));
    }

    static PrivateKey readPemKey(Path keyPem) throws IOException {
        try (Reader r = Files.newBufferedReader(keyPem, StandardCharsets.US_ASCII);
                PEMParser p = new PEMParser(r)) {
            JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
            for (Object o = p.readObject(); o != null; o = p.readObject()) {
                if (o instanceof PrivateKeyInfo pki) {
                    return conv.getPrivateKey(pki);
                }
                if (o instanceof PEMKeyPair kp) {
                    return conv.getKeyPair(kp).getPrivate();
                }
            }
        }
        throw new IOException(
                keyPem
                        + ": no unencrypted private key found (PKCS#8 PRIVATE KEY or EC/RSA PRIVATE"
                        + " KEY)");
    }

    /** Every certificate in a PEM file, in file order. */
    public static List<X509Certificate> readPemCertificates(Path certPem) throws IOException {
        List<X509Certificate> certs = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(certPem, StandardCharsets.US_ASCII);
                PEMParser p = new PEMParser(r)) {
            JcaX509CertificateConverter conv = new JcaX509CertificateConverter();
            for (Object o = p.readObject(); o != null; o = p.readObject()) {
                if (o instanceof X509CertificateHolder h) {
                    certs.add(conv.getCertificate(h));
                }
            }
        } catch (CertificateException e) {
            throw new IOException(certPem + ": unreadable certificate: " + e.getMessage(), e);
        }
        if (certs.isEmpty()) {
            throw new IOException(certPem + ": no certificate found");
        }
        return certs;
    }

    /**
     * Loads a PKCS#12 keystore.
     *
     * @param alias the key entry's alias, or null for the only key entry
     */
    public static EvidenceSigner fromPkcs12(Path p12, char[] password, String alias)
            throws IOException {
        try (InputStream in = Files.newInputStream(p12)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            String chosen = alias;
            if (chosen == null) {
                for (Enumeration<String> e = ks.aliases(); e.hasMoreElements(); ) {
                    String a = e.nextElement();
                    if (ks.isKeyEntry(a)) {
                        if (chosen != null) {
                            throw new IOException(p12 + ": several key entries; name the alias");
                        }
                        chosen = a;
                    }
                }
            }
            if (chosen == null || !ks.isKeyEntry(chosen)) {
                throw new IOException(
                        p12 + ": no key entry" + (alias == null ? "" : " named " + alias));
            }
            PrivateKey key = (PrivateKey) ks.getKey(chosen, password);
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate c : ks.getCertificateChain(chosen)) {
                chain.add((X509Certificate) c);
            }
            return new EvidenceSigner(key, chain);
        } catch (GeneralSecurityException e) {
            throw new IOException(p12 + ": " + e.getMessage(), e);
        }
    }

    // ---- the embedded default --------------------------------------------------------------

    /**
     * A new ECDSA P-256 key and a self-signed certificate, subject {@code CN=<platform> evidence
     * signing}, valid from an hour before {@code clock}'s now for {@code validity}, key usage
     * digitalSignature and nonRepudiation (contentCommitment), not a CA.
     */
    public static EvidenceSigner generate(String platform, Clock clock, Duration validity) {
        try {
            KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
            kpg.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair kp = kpg.generateKeyPair();
            Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
            X500Name subject =
                    new X500NameBuilder(BCStyle.INSTANCE)
                            .addRDN(BCStyle.CN, platform + " evidence signing")
                            .build();
            BigInteger serial = new BigInteger(127, new SecureRandom()).setBit(126);
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            SubjectPublicKeyInfo spki =
                    SubjectPublicKeyInfo.getInstance(kp.getPublic().getEncoded());
            var builder =
                    new JcaX509v3CertificateBuilder(
                                    subject,
                                    serial,
                                    Date.from(now.minus(Duration.ofHours(1))),
                                    Date.from(now.plus(validity)),
                                    subject,
                                    kp.getPublic())
                            .addExtension(
                                    Extension.basicConstraints, true, new BasicConstraints(false))
                            .addExtension(
                                    Extension.keyUsage,
                                    true,
                                    new KeyUsage(
                                            KeyUsage.digitalSignature | KeyUsage.nonRepudiation))
                            .addExtension(
                                    Extension.extendedKeyUsage,
                                    false,
                                    new ExtendedKeyUsage(KeyPurposeId.id_kp_emailProtection))
                            .addExtension(
                                    Extension.subjectKeyIdentifier,
                                    false,
                                    ext.createSubjectKeyIdentifier(spki))
                            .addExtension(
                                    Extension.authorityKeyIdentifier,
                                    false,
                                    ext.createAuthorityKeyIdentifier(spki));
            X509Certificate cert =
                    new JcaX509CertificateConverter()
                            .getCertificate(
                                    builder.build(
                                            new JcaContentSignerBuilder("SHA256withECDSA")
                                                    .build(kp.getPrivate())));
            return new EvidenceSigner(kp.getPrivate(), List.of(cert));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("generating the evidence-signing key failed", e);
        }
    }

    public static EvidenceSigner generate(String platform, Clock clock) {
        return generate(platform, clock, DEFAULT_VALIDITY);
    }

    /**
     * Writes the key ({@value #KEY_FILE}, PKCS#8 PEM, created owner-only where the file system has
     * POSIX permissions) and the certificate chain ({@value #CERT_FILE}) into {@code dir}. Never
     * overwrites an existing key.
     */
    public void writePem(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path keyFile = dir.resolve(KEY_FILE);
        if (Files.exists(keyFile)) {
            throw new FileAlreadyExistsException(keyFile.toString());
        }
        byte[] keyPem =
                pem(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(key, null))
                        .getBytes(StandardCharsets.US_ASCII);
        if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
            Set<PosixFilePermission> owner = PosixFilePermissions.fromString("rw-------");
            Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(owner));
            Files.write(keyFile, keyPem, StandardOpenOption.TRUNCATE_EXISTING);
        } else {
            Files.write(keyFile, keyPem, StandardOpenOption.CREATE_NEW);
        }
        StringBuilder certs = new StringBuilder();
        for (X509Certificate c : chain) {
            certs.append(pem(c));
        }
        Files.writeString(dir.resolve(CERT_FILE), certs, StandardCharsets.US_ASCII);
    }

    /**
     * The signer in {@code dir} ({@link #writePem}), generated and written there first if there is
     * none.
     */
    public static EvidenceSigner loadOrGenerate(Path dir, String platform, Clock clock)
            throws IOException {
        Path keyFile = dir.resolve(KEY_FILE);
        if (Files.exists(keyFile)) {
            return fromPem(keyFile, dir.resolve(CERT_FILE));
        }
        EvidenceSigner s = generate(platform, clock);
        s.writePem(dir);
        return s;
    }

    /** One object as PEM text. */
    public static String pem(Object o) {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter pw = new JcaPEMWriter(w)) {
            pw.writeObject(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return w.toString();
    }

    private static void checkPair(PrivateKey key, PublicKey pub, String alg) {
        try {
            byte[] probe = "franking-evidence key check".getBytes(StandardCharsets.US_ASCII);
            java.security.Signature s = java.security.Signature.getInstance(alg);
            s.initSign(key);
            s.update(probe);
            byte[] sig = s.sign();
            s.initVerify(pub);
            s.update(probe);
            if (!s.verify(sig)) {
                throw new IllegalArgumentException(
                        "the private key does not belong to the signer certificate");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "the private key does not belong to the signer certificate: " + e.getMessage(),
                    e);
        }
    }

    @Override
    public String toString() {
        return "EvidenceSigner["
                + certificate().getSubjectX500Principal().getName()
                + ", "
                + signatureAlgorithm
                + ", key=[REDACTED]]";
    }
}
