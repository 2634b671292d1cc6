package dev.franking.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationStore;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.jcajce.spec.MLDSAParameterSpec;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;

/**
 * The platform's evidence-signing keys and certificates, and the time-stamping authority it asks.
 * Signs a manifest as one detached CMS SignedData (RFC 5652), DER, the certificates included, with
 * up to two SignerInfos over the same bytes:
 *
 * <ul>
 *   <li>the classical signer: ECDSA P-256 with SHA-256 for the generated default (the most widely
 *       read CMS signature; {@code openssl cms -verify} reads it, and the JDK's own provider makes
 *       it), or a configured EC or RSA key;
 *   <li>the post-quantum signer: ML-DSA-65 (FIPS 204; RFC 9882 for CMS), digest SHA-512, made with
 *       Bouncy Castle passed as a provider object ({@link Providers}). ECDSA will not outlive a
 *       quantum adversary; evidence must outlive trials and appeals.
 * </ul>
 *
 * Each SignerInfo carries, as an unsigned attribute, an RFC 3161 signature time-stamp token
 * (id-aa-signatureTimeStampToken, RFC 3161 Appendix A) over its signature value, from the
 * configured {@link TimeStampClient}: the signing-time attribute is the platform's own claim, the
 * token is a third party's.
 *
 * <p>A signer made with only {@link #EvidenceSigner(PrivateKey, List)} has neither: {@link
 * #withPostQuantum} and {@link #withTimeStamps} add them (the verifier refuses packages without
 * both unless told otherwise).
 */
public final class EvidenceSigner {
    /** The validity of a generated certificate. */
    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(3653);

    /** File names the embedded default writes and reads. */
    public static final String KEY_FILE = "evidence-signing-key.pem";

    public static final String CERT_FILE = "evidence-signing-cert.pem";
    public static final String ML_DSA_KEY_FILE = "evidence-signing-mldsa-key.pem";
    public static final String ML_DSA_CERT_FILE = "evidence-signing-mldsa-cert.pem";

    private final PrivateKey key;
    private final List<X509Certificate> chain;
    private final String signatureAlgorithm;
    private final PrivateKey pqKey;
    private final List<X509Certificate> pqChain;
    private final TimeStampClient tsa;

    /**
     * A classical signer only (no ML-DSA, no timestamps).
     *
     * @param key the signing key
     * @param chain the signer's certificate first, then any intermediates
     * @throws IllegalArgumentException if the key is neither EC nor RSA, or does not belong to the
     *     certificate
     */
    public EvidenceSigner(PrivateKey key, List<X509Certificate> chain) {
        this(key, chain, null, null, null);
    }

    private EvidenceSigner(
            PrivateKey key,
            List<X509Certificate> chain,
            PrivateKey pqKey,
            List<X509Certificate> pqChain,
            TimeStampClient tsa) {
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
        checkPair(key, chain.get(0).getPublicKey(), signatureAlgorithm, null);
        this.pqKey = pqKey;
        this.pqChain = pqChain == null ? null : List.copyOf(pqChain);
        this.tsa = tsa;
    }

    /**
     * This signer with an ML-DSA key beside the classical one.
     *
     * @param mlDsaChain the ML-DSA certificate first (self-signed in the generated default)
     * @throws IllegalArgumentException if the key is not ML-DSA or not the certificate's
     */
    public EvidenceSigner withPostQuantum(PrivateKey mlDsaKey, List<X509Certificate> mlDsaChain) {
        Objects.requireNonNull(mlDsaKey, "mlDsaKey");
        if (mlDsaChain == null || mlDsaChain.isEmpty()) {
            throw new IllegalArgumentException("the ML-DSA certificate chain is empty");
        }
        if (!Providers.isMlDsa(mlDsaKey.getAlgorithm())) {
            throw new IllegalArgumentException(
                    "the post-quantum key must be ML-DSA, not " + mlDsaKey.getAlgorithm());
        }
        checkPair(
                mlDsaKey, mlDsaChain.get(0).getPublicKey(), mlDsaKey.getAlgorithm(), Providers.BC);
        return new EvidenceSigner(key, chain, mlDsaKey, mlDsaChain, tsa);
    }

    /** This signer with the ML-DSA key and certificate in PEM files. */
    public EvidenceSigner withPostQuantumPem(Path keyPem, Path certPem) throws IOException {
        return withPostQuantum(readPemKey(keyPem), readPemCertificates(certPem));
    }

    /**
     * This signer with the ML-DSA key entry of a PKCS#12 keystore (read with Bouncy Castle: the JDK
     * 17 keystore cannot decode ML-DSA keys).
     */
    public EvidenceSigner withPostQuantumPkcs12(Path p12, char[] password, String alias)
            throws IOException {
        KeyEntry e = readPkcs12(p12, password, alias, Providers.BC);
        return withPostQuantum(e.key(), e.chain());
    }

    /**
     * This signer with the ML-DSA key in {@code dir} ({@value #ML_DSA_KEY_FILE}, {@value
     * #ML_DSA_CERT_FILE}), generated and written there first if there is none. A key generated here
     * is not bound into the classical certificate, which already exists: agencies then pin both
     * certificates.
     */
    public EvidenceSigner withPostQuantumIn(Path dir, String platform, Clock clock)
            throws IOException {
        Path keyFile = dir.resolve(ML_DSA_KEY_FILE);
        if (Files.exists(keyFile)) {
            return withPostQuantumPem(keyFile, dir.resolve(ML_DSA_CERT_FILE));
        }
        KeyPair kp = generateMlDsa();
        X509Certificate cert = mlDsaCertificate(kp, platform, clock, DEFAULT_VALIDITY);
        EvidenceSigner s = withPostQuantum(kp.getPrivate(), List.of(cert));
        s.writePostQuantumPem(dir);
        return s;
    }

    /** This signer asking {@code tsa} for a timestamp on each signature. */
    public EvidenceSigner withTimeStamps(TimeStampClient tsa) {
        return new EvidenceSigner(key, chain, pqKey, pqChain, Objects.requireNonNull(tsa, "tsa"));
    }

    /** The classical signer's certificate. */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    public List<X509Certificate> chain() {
        return chain;
    }

    /** The ML-DSA signer's certificate, if there is one. */
    public Optional<X509Certificate> postQuantumCertificate() {
        return pqChain == null ? Optional.empty() : Optional.of(pqChain.get(0));
    }

    /** Whether signatures are time-stamped. */
    public boolean timeStamped() {
        return tsa != null;
    }

    /**
     * SHA-256 of the classical signer certificate's DER, colon-separated hex: what agencies pin.
     */
    public String fingerprint() {
        return fingerprintOf(certificate());
    }

    /** SHA-256 of the ML-DSA certificate's DER, or null without one. */
    public String postQuantumFingerprint() {
        return postQuantumCertificate().map(EvidenceSigner::fingerprintOf).orElse(null);
    }

    static String fingerprintOf(X509Certificate c) {
        try {
            return Hashes.fingerprint(c.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String signatureAlgorithm() {
        return signatureAlgorithm;
    }

    /** The name of the post-quantum algorithm ("ML-DSA-65"), or null without one. */
    public String postQuantumAlgorithm() {
        return pqKey == null ? null : pqKey.getAlgorithm();
    }

    /**
     * A detached CMS SignedData over {@code content}, DER: one SignerInfo per key (signed
     * attributes content-type, message-digest and signing-time = {@code signingTime}), each with a
     * signature time-stamp token when a TSA is set, and every certificate.
     *
     * @throws IllegalStateException if signing fails or the TSA does not give a valid token
     */
    public byte[] sign(byte[] content, Instant signingTime) {
        try {
            CMSSignedDataGenerator gen = new CMSSignedDataGenerator();
            var digests = new JcaDigestCalculatorProviderBuilder().build();
            gen.addSignerInfoGenerator(
                    new JcaSignerInfoGeneratorBuilder(digests)
                            .setSignedAttributeGenerator(signedAttributes(signingTime))
                            .build(
                                    new JcaContentSignerBuilder(signatureAlgorithm).build(key),
                                    certificate()));
            List<X509Certificate> all = new ArrayList<>(chain);
            if (pqKey != null) {
                ContentSigner pq =
                        new JcaContentSignerBuilder(pqKey.getAlgorithm())
                                .setProvider(Providers.BC)
                                .build(pqKey);
                gen.addSignerInfoGenerator(
                        new JcaSignerInfoGeneratorBuilder(digests)
                                .setSignedAttributeGenerator(signedAttributes(signingTime))
                                .build(pq, new X509CertificateHolder(pqChain.get(0).getEncoded())));
                all.addAll(pqChain);
            }
            gen.addCertificates(new JcaCertStore(all));
            CMSSignedData sd = gen.generate(new CMSProcessableByteArray(content), false);
            if (tsa != null) {
                List<SignerInformation> stamped = new ArrayList<>();
                for (SignerInformation si : sd.getSignerInfos().getSigners()) {
                    stamped.add(timeStamp(si));
                }
                sd = CMSSignedData.replaceSigners(sd, new SignerInformationStore(stamped));
            }
            return sd.getEncoded(ASN1Encoding.DER);
        } catch (OperatorCreationException | CMSException | CertificateException | IOException e) {
            throw new IllegalStateException("signing the evidence manifest failed", e);
        }
    }

    private static DefaultSignedAttributeTableGenerator signedAttributes(Instant signingTime) {
        ASN1EncodableVector attrs = new ASN1EncodableVector();
        attrs.add(
                new Attribute(
                        CMSAttributes.signingTime, new DERSet(new Time(Date.from(signingTime)))));
        return new DefaultSignedAttributeTableGenerator(new AttributeTable(attrs));
    }

    /** {@code si} with a signature time-stamp token over its signature value. */
    private SignerInformation timeStamp(SignerInformation si) {
        try {
            TimeStampRequestGenerator rg = new TimeStampRequestGenerator();
            rg.setCertReq(true);
            TimeStampRequest req =
                    rg.generate(
                            TSPAlgorithms.SHA256,
                            Hashes.sha256(si.getSignature()),
                            new java.math.BigInteger(64, new SecureRandom()));
            TimeStampResponse resp = new TimeStampResponse(tsa.respond(req.getEncoded()));
            resp.validate(req); // status granted, same imprint and nonce, a token for them
            TimeStampToken token = resp.getTimeStampToken();
            if (token == null) {
                throw new TimeStampFailure(
                        "the TSA refused the request: status "
                                + resp.getStatus()
                                + " "
                                + resp.getStatusString(),
                        null);
            }
            ContentInfo ci = token.toCMSSignedData().toASN1Structure();
            AttributeTable unsigned =
                    new AttributeTable(
                            new Attribute(
                                    PKCSObjectIdentifiers.id_aa_signatureTimeStampToken,
                                    new DERSet(ci)));
            return SignerInformation.replaceUnsignedAttributes(si, unsigned);
        } catch (TSPException e) {
            throw new TimeStampFailure(
                    "the TSA's answer is not a valid time-stamp response for the request: "
                            + e.getMessage(),
                    e);
        } catch (IOException e) {
            throw new TimeStampFailure("the TSA could not be asked: " + e.getMessage(), e);
        }
    }

    // ---- loading ---------------------------------------------------------------------------

    /**
     * Loads a PEM private key (PKCS#8 {@code PRIVATE KEY}, or {@code EC PRIVATE KEY} / {@code RSA
     * PRIVATE KEY}; unencrypted) and a PEM certificate file (the signer first, then intermediates).
     * A classical signer only.
     */
    public static EvidenceSigner fromPem(Path keyPem, Path certPem) throws IOException {
        return new EvidenceSigner(readPemKey(keyPem), readPemCertificates(certPem));
    }

    /** A PEM private key; ML-DSA keys are decoded with Bouncy Castle, others with the JDK. */
    static PrivateKey readPemKey(Path keyPem) throws IOException {
        try (Reader r = Files.newBufferedReader(keyPem, StandardCharsets.US_ASCII);
                PEMParser p = new PEMParser(r)) {
            for (Object o = p.readObject(); o != null; o = p.readObject()) {
                if (o instanceof PrivateKeyInfo pki) {
                    return converterFor(pki).getPrivateKey(pki);
                }
                if (o instanceof PEMKeyPair kp) {
                    return new JcaPEMKeyConverter().getKeyPair(kp).getPrivate();
                }
            }
        }
        throw new IOException(
                keyPem
                        + ": no unencrypted private key found (PKCS#8 PRIVATE KEY or EC/RSA PRIVATE"
                        + " KEY)");
    }

    private static JcaPEMKeyConverter converterFor(PrivateKeyInfo pki) {
        String oid = pki.getPrivateKeyAlgorithm().getAlgorithm().getId();
        // NIST's signature arc 2.16.840.1.101.3.4.3: ML-DSA-44/65/87 are .17, .18, .19
        boolean pq = oid.startsWith("2.16.840.1.101.3.4.3.");
        JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
        return pq ? conv.setProvider(Providers.BC) : conv;
    }

    /**
     * Every certificate in a PEM file, in file order. Certificates whose key the JDK cannot decode
     * (ML-DSA) are read with Bouncy Castle.
     */
    public static List<X509Certificate> readPemCertificates(Path certPem) throws IOException {
        List<X509Certificate> certs = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(certPem, StandardCharsets.US_ASCII);
                PEMParser p = new PEMParser(r)) {
            for (Object o = p.readObject(); o != null; o = p.readObject()) {
                if (o instanceof X509CertificateHolder h) {
                    certs.add(certificate(h));
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

    static X509Certificate certificate(X509CertificateHolder h) throws CertificateException {
        String oid = h.getSubjectPublicKeyInfo().getAlgorithm().getAlgorithm().getId();
        JcaX509CertificateConverter conv = new JcaX509CertificateConverter();
        if (oid.startsWith("2.16.840.1.101.3.4.3.")) {
            conv.setProvider(Providers.BC);
        }
        return conv.getCertificate(h);
    }

    /**
     * Loads a PKCS#12 keystore: a classical signer only.
     *
     * @param alias the key entry's alias, or null for the only key entry
     */
    public static EvidenceSigner fromPkcs12(Path p12, char[] password, String alias)
            throws IOException {
        KeyEntry e = readPkcs12(p12, password, alias, null);
        return new EvidenceSigner(e.key(), e.chain());
    }

    private record KeyEntry(PrivateKey key, List<X509Certificate> chain) {}

    private static KeyEntry readPkcs12(Path p12, char[] password, String alias, Provider provider)
            throws IOException {
        try (InputStream in = Files.newInputStream(p12)) {
            KeyStore ks =
                    provider == null
                            ? KeyStore.getInstance("PKCS12")
                            : KeyStore.getInstance("PKCS12", provider);
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
            return new KeyEntry(key, chain);
        } catch (GeneralSecurityException e) {
            throw new IOException(p12 + ": " + e.getMessage(), e);
        }
    }

    // ---- the embedded default --------------------------------------------------------------

    /**
     * New keys and self-signed certificates: ECDSA P-256 ({@code CN=<platform> evidence signing})
     * and ML-DSA-65 ({@code CN=<platform> evidence signing (ML-DSA)}), valid from an hour before
     * {@code clock}'s now for {@code validity}, key usage digitalSignature and nonRepudiation, not
     * a CA. The ECDSA certificate carries the SHA-256 of the ML-DSA certificate ({@link
     * Certificates#ML_DSA_BINDING}), so that pinning it pins both. No TSA: see {@link
     * #withTimeStamps}.
     */
    public static EvidenceSigner generate(String platform, Clock clock, Duration validity) {
        try {
            KeyPair pq = generateMlDsa();
            X509Certificate pqCert = mlDsaCertificate(pq, platform, clock, validity);
            KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
            kpg.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair kp = kpg.generateKeyPair();
            X509Certificate cert =
                    Certificates.selfSigned(
                            kp,
                            platform + " evidence signing",
                            clock,
                            validity,
                            "SHA256withECDSA",
                            null,
                            KeyPurposeId.id_kp_emailProtection,
                            false,
                            Hashes.sha256(pqCert.getEncoded()));
            return new EvidenceSigner(kp.getPrivate(), List.of(cert))
                    .withPostQuantum(pq.getPrivate(), List.of(pqCert));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("generating the evidence-signing key failed", e);
        }
    }

    public static EvidenceSigner generate(String platform, Clock clock) {
        return generate(platform, clock, DEFAULT_VALIDITY);
    }

    private static KeyPair generateMlDsa() {
        try {
            KeyPairGenerator kpg = KeyPairGenerator.getInstance("ML-DSA", Providers.BC);
            kpg.initialize(MLDSAParameterSpec.ml_dsa_65, new SecureRandom());
            return kpg.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("generating the ML-DSA key failed", e);
        }
    }

    private static X509Certificate mlDsaCertificate(
            KeyPair kp, String platform, Clock clock, Duration validity) {
        return Certificates.selfSigned(
                kp,
                platform + " evidence signing (ML-DSA)",
                clock,
                validity,
                "ML-DSA-65",
                Providers.BC,
                KeyPurposeId.id_kp_emailProtection,
                false,
                null);
    }

    /**
     * Writes the keys ({@value #KEY_FILE}, and {@value #ML_DSA_KEY_FILE} if there is an ML-DSA key;
     * PKCS#8 PEM, created owner-only where the file system has POSIX permissions) and the
     * certificate chains ({@value #CERT_FILE}, {@value #ML_DSA_CERT_FILE}) into {@code dir}. Never
     * overwrites an existing key.
     */
    public void writePem(Path dir) throws IOException {
        Files.createDirectories(dir);
        Certificates.writeOwnerOnly(
                dir.resolve(KEY_FILE),
                pem(new JcaPKCS8Generator(key, null)).getBytes(StandardCharsets.US_ASCII));
        Files.writeString(dir.resolve(CERT_FILE), pemAll(chain), StandardCharsets.US_ASCII);
        if (pqKey != null) {
            writePostQuantumPem(dir);
        }
    }

    private void writePostQuantumPem(Path dir) throws IOException {
        Files.createDirectories(dir);
        Certificates.writeOwnerOnly(
                dir.resolve(ML_DSA_KEY_FILE),
                pem(new JcaPKCS8Generator(pqKey, null)).getBytes(StandardCharsets.US_ASCII));
        Files.writeString(
                dir.resolve(ML_DSA_CERT_FILE), pemAll(pqChain), StandardCharsets.US_ASCII);
    }

    /**
     * The signer in {@code dir} ({@link #writePem}), generated and written there first if there is
     * none; an ML-DSA key is added (and written) if the directory has only the classical one.
     */
    public static EvidenceSigner loadOrGenerate(Path dir, String platform, Clock clock)
            throws IOException {
        Path keyFile = dir.resolve(KEY_FILE);
        if (Files.exists(keyFile)) {
            return fromPem(keyFile, dir.resolve(CERT_FILE)).withPostQuantumIn(dir, platform, clock);
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

    /** Every certificate the verifier may be pinned to: the classical one, then the ML-DSA one. */
    public String certificatesPem() {
        List<X509Certificate> pins = new ArrayList<>();
        pins.add(certificate());
        postQuantumCertificate().ifPresent(pins::add);
        return pemAll(pins);
    }

    private static String pemAll(List<X509Certificate> certs) {
        StringBuilder sb = new StringBuilder();
        for (X509Certificate c : certs) {
            sb.append(pem(c));
        }
        return sb.toString();
    }

    private static void checkPair(PrivateKey key, PublicKey pub, String alg, Provider provider) {
        try {
            byte[] probe = "franking-evidence key check".getBytes(StandardCharsets.US_ASCII);
            java.security.Signature s =
                    provider == null
                            ? java.security.Signature.getInstance(alg)
                            : java.security.Signature.getInstance(alg, provider);
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
                + (pqKey == null ? "" : " + " + pqKey.getAlgorithm())
                + (tsa == null ? ", no TSA" : ", TSA " + tsa)
                + ", key=[REDACTED]]";
    }
}
