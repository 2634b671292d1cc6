package dev.franking.evidence;

import dev.franking.evidence.VerificationReport.Check;
import dev.franking.evidence.VerificationReport.Status;
import dev.franking.evidence.VerificationReport.Summary;
import dev.franking.v2.AttachmentDescriptor;
import dev.franking.v2.B64;
import dev.franking.v2.Commitment;
import dev.franking.v2.FrankingKey;
import dev.franking.v2.MessageContent;
import dev.franking.v2.Opening;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignerDigestMismatchException;
import org.bouncycastle.cms.CMSVerifierCertificateNotValidException;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.DefaultAlgorithmNameFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TSPValidationException;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.tsp.TimeStampTokenInfo;

/**
 * The offline verifier (EVIDENCE.md, "Verifying a package"): with nothing but the package, and
 * optionally the platform's certificate or its SHA-256 fingerprint, it checks the ZIP's structure,
 * the manifest's canonical form, the CMS signature over the manifest, the signer certificate, and
 * every file against the manifest. It never throws for a bad package: every problem is a failed
 * check with a message.
 */
public final class EvidenceVerifier {
    /** The manifest and its signature are kept in memory up to this size. */
    static final long KEEP_LIMIT = 16L << 20;

    /**
     * Other entries are kept in memory (for recomputing commitments over message bodies) up to this
     * size.
     */
    static final long KEEP_FILE_LIMIT = 1L << 20;

    /** The ML-DSA OIDs: NIST's signature arc, ML-DSA-44/65/87 = .17/.18/.19. */
    static final String ML_DSA_ARC = "2.16.840.1.101.3.4.3.";

    /** How far the signing-time may run ahead of the TSA's time (clocks differ). */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    /**
     * Who must have signed: SHA-256 fingerprints (lowercase hex) of certificates, from {@code
     * --cert} files or {@code --fingerprint}s. Empty: unpinned.
     */
    public record Pin(Set<String> fingerprints) {
        public Pin {
            fingerprints = Set.copyOf(fingerprints);
        }

        public static Pin none() {
            return new Pin(Set.of());
        }

        public static Pin certificate(X509Certificate cert) {
            return certificates(List.of(cert));
        }

        public static Pin certificates(List<X509Certificate> certs) {
            Set<String> fps = new LinkedHashSet<>();
            for (X509Certificate c : certs) {
                try {
                    fps.add(Hashes.sha256Hex(c.getEncoded()));
                } catch (CertificateEncodingException e) {
                    throw new IllegalArgumentException("a pinned certificate cannot be encoded", e);
                }
            }
            return new Pin(fps);
        }

        /**
         * @param fingerprint 64 hex digits, colons allowed
         */
        public static Pin fingerprint(String fingerprint) {
            return new Pin(Set.of(Hashes.normaliseFingerprint(fingerprint)));
        }

        public Pin and(Pin other) {
            Set<String> all = new LinkedHashSet<>(fingerprints);
            all.addAll(other.fingerprints);
            return new Pin(all);
        }

        public boolean pinned() {
            return !fingerprints.isEmpty();
        }

        String describe() {
            return fingerprints.stream()
                    .map(Hashes::colons)
                    .sorted()
                    .collect(java.util.stream.Collectors.joining(", ", "(", ")"));
        }
    }

    /**
     * What a package must carry besides a valid classical signature. The default requires both;
     * packages made before them (format v1) verify only with both relaxed.
     */
    public record Policy(boolean requirePostQuantum, boolean requireTimeStamps) {
        public static final Policy STRICT = new Policy(true, true);
    }

    private final Policy policy;

    public EvidenceVerifier() {
        this(Policy.STRICT);
    }

    public EvidenceVerifier(Policy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    public VerificationReport verify(byte[] zip, Pin pin) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile("evidence-", ".zip");
            Files.write(tmp, zip);
            return verify(tmp, pin, "(in memory, " + zip.length + " bytes)");
        } catch (IOException e) {
            throw new IllegalStateException("could not write a temporary file", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a leftover temporary copy of a package we were given anyway
                }
            }
        }
    }

    public VerificationReport verify(Path zip, Pin pin) {
        return verify(zip, pin, zip.toString());
    }

    private VerificationReport verify(Path zip, Pin pin, String source) {
        return new Run(pin == null ? Pin.none() : pin, policy).run(zip, source);
    }

    /** One entry as read from the ZIP. */
    private record Entry(String name, long size, String sha256, String md5, byte[] data) {}

    /** A manifest that does not have the documented shape. */
    private static final class SchemaException extends RuntimeException {
        SchemaException(String message) {
            super(message);
        }
    }

    private static final class Run {
        private final Pin pin;
        private final Policy policy;
        private final Set<String> signerHashes = new LinkedHashSet<>();
        private String pqSigner;
        private String pqFingerprint;
        private Instant timeStampedAt;
        private String timeStampAuthority;
        private String timeStampAuthorityFingerprint;
        private Long chainHeadSeq;
        private String chainHeadHash;
        private final List<Check> checks = new ArrayList<>();
        private final Map<String, Entry> entries = new LinkedHashMap<>();
        private String packageId;
        private String caseId;
        private int reports;
        private int messages;
        private int attachments;
        private int files;
        private int custody;
        private String signer;
        private String fingerprint;
        private Instant signedAt;

        Run(Pin pin, Policy policy) {
            this.pin = pin;
            this.policy = policy;
        }

        void ok(String subject, String message) {
            checks.add(new Check(Status.OK, subject, message));
        }

        void warn(String subject, String message) {
            checks.add(new Check(Status.WARN, subject, message));
        }

        void fail(String subject, String message) {
            checks.add(new Check(Status.FAIL, subject, message));
        }

        VerificationReport report(String source) {
            return new VerificationReport(
                    source,
                    checks,
                    new Summary(
                            packageId,
                            caseId,
                            reports,
                            messages,
                            attachments,
                            files,
                            custody,
                            signer,
                            fingerprint,
                            signedAt,
                            pin.pinned(),
                            pqSigner,
                            pqFingerprint,
                            timeStampedAt,
                            timeStampAuthority,
                            timeStampAuthorityFingerprint,
                            chainHeadSeq,
                            chainHeadHash));
        }

        VerificationReport run(Path zip, String source) {
            if (!readZip(zip)) {
                return report(source);
            }
            Entry manifestEntry = entries.get(EvidencePackageBuilder.MANIFEST);
            Entry sigEntry = entries.get(EvidencePackageBuilder.SIGNATURE);
            if (manifestEntry == null || manifestEntry.data() == null) {
                fail(
                        EvidencePackageBuilder.MANIFEST,
                        manifestEntry == null
                                ? "missing from the package"
                                : "too large to be a manifest");
            }
            if (sigEntry == null || sigEntry.data() == null) {
                fail(
                        EvidencePackageBuilder.SIGNATURE,
                        sigEntry == null
                                ? "missing from the package: the package is not signed"
                                : "too large");
            }
            if (manifestEntry == null || manifestEntry.data() == null) {
                return report(source);
            }
            byte[] manifestBytes = manifestEntry.data();
            if (sigEntry != null && sigEntry.data() != null) {
                checkSignature(manifestBytes, sigEntry.data());
            }
            Map<String, Object> manifest = readManifest(manifestBytes);
            if (manifest == null) {
                return report(source);
            }
            try {
                checkContents(manifest);
            } catch (SchemaException e) {
                fail("manifest schema", e.getMessage());
            }
            return report(source);
        }

        // ---- the ZIP ---------------------------------------------------------------------------

        private boolean readZip(Path zip) {
            List<String> central = new ArrayList<>();
            boolean structureOk = true;
            try (ZipFile zf = new ZipFile(zip.toFile())) {
                var en = zf.entries();
                while (en.hasMoreElements()) {
                    ZipEntry e = en.nextElement();
                    String name = e.getName();
                    central.add(name);
                    String unsafe = unsafeName(name);
                    if (unsafe != null) {
                        fail("zip entry " + printable(name), unsafe);
                        structureOk = false;
                        continue;
                    }
                    if (entries.containsKey(name)) {
                        fail(
                                "zip entry " + name,
                                "appears more than once (a reader may extract either copy)");
                        structureOk = false;
                        continue;
                    }
                    entries.put(
                            name,
                            read(
                                    zf.getInputStream(e),
                                    name,
                                    name.equals(EvidencePackageBuilder.MANIFEST)
                                                    || name.equals(EvidencePackageBuilder.SIGNATURE)
                                            ? KEEP_LIMIT
                                            : KEEP_FILE_LIMIT));
                }
            } catch (IOException | RuntimeException e) {
                fail("zip", "not a readable ZIP archive (truncated or damaged): " + e.getMessage());
                return false;
            }
            // the local headers, as a streaming reader sees them, must list the same entries in the
            // same order
            List<String> local = new ArrayList<>();
            try (ZipInputStream zin = new ZipInputStream(Files.newInputStream(zip))) {
                for (ZipEntry e = zin.getNextEntry(); e != null; e = zin.getNextEntry()) {
                    local.add(e.getName());
                    zin.transferTo(java.io.OutputStream.nullOutputStream());
                }
            } catch (IOException | RuntimeException e) {
                fail(
                        "zip",
                        "the entries cannot be read in sequence (truncated or damaged): "
                                + e.getMessage());
                return false;
            }
            if (!local.equals(central)) {
                fail(
                        "zip",
                        "the local entry headers and the central directory disagree ("
                                + local.size()
                                + " vs "
                                + central.size()
                                + " entries): tools would extract different files");
                return false;
            }
            if (structureOk) {
                ok(
                        "zip",
                        central.size()
                                + " entries, names safe, no duplicates, central directory and local"
                                + " headers agree");
            }
            return true;
        }

        private static Entry read(InputStream in, String name, long keepLimit) throws IOException {
            MessageDigest sha = Hashes.sha256();
            MessageDigest md5 = Hashes.md5();
            ByteArrayOutputStream keep = new ByteArrayOutputStream();
            byte[] buf = new byte[64 * 1024];
            long size = 0;
            try (in) {
                for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                    sha.update(buf, 0, n);
                    md5.update(buf, 0, n);
                    if (keep != null && size + n <= keepLimit) {
                        keep.write(buf, 0, n);
                    } else {
                        keep = null;
                    }
                    size += n;
                }
            }
            return new Entry(
                    name,
                    size,
                    Hashes.hex(sha.digest()),
                    Hashes.hex(md5.digest()),
                    keep == null ? null : keep.toByteArray());
        }

        /**
         * Why an entry name is unsafe to extract, or null: only relative paths of plain segments.
         */
        static String unsafeName(String name) {
            if (name.isEmpty()) {
                return "empty entry name";
            }
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (c < 0x20 || c == 0x7f) {
                    return "control character in the entry name";
                }
            }
            if (name.startsWith("/") || name.contains("\\") || name.contains(":")) {
                return "absolute path, backslash or drive letter in the entry name (path"
                        + " traversal)";
            }
            if (name.endsWith("/")) {
                return "directory entry (the package holds files only)";
            }
            for (String seg : name.split("/", -1)) {
                if (seg.isEmpty() || seg.equals(".") || seg.equals("..")) {
                    return "empty, '.' or '..' path segment in the entry name (path traversal)";
                }
            }
            return null;
        }

        private static String printable(String s) {
            StringBuilder sb = new StringBuilder();
            for (char c : s.toCharArray()) {
                sb.append(
                        c < 0x20 || c == 0x7f
                                ? String.format("\\u%04x", (int) c)
                                : String.valueOf(c));
            }
            return sb.toString();
        }

        // ---- the signatures --------------------------------------------------------------------

        /** What one SignerInfo turned out to be, as far as it could be read. */
        private record Signed(
                String label,
                boolean postQuantum,
                X509CertificateHolder holder,
                X509Certificate cert,
                Instant signingTime,
                boolean verified) {}

        private void checkSignature(byte[] manifest, byte[] p7s) {
            Collection<SignerInformation> signers;
            CMSSignedData sd;
            try {
                CMSSignedData parsed = new CMSSignedData(p7s);
                if (!parsed.isDetachedSignature()) {
                    fail(
                            "signature",
                            "the SignedData encapsulates content; a detached signature over"
                                    + " manifest.json is expected");
                    return;
                }
                sd = new CMSSignedData(new CMSProcessableByteArray(manifest), p7s);
                signers = sd.getSignerInfos().getSigners();
            } catch (CMSException | RuntimeException e) {
                fail("signature", "unreadable CMS signature: " + e.getMessage());
                return;
            }
            List<SignerInformation> classical = new ArrayList<>();
            List<SignerInformation> pq = new ArrayList<>();
            for (SignerInformation si : signers) {
                X509CertificateHolder h = holder(sd, si);
                if (h != null && isMlDsa(h)) {
                    pq.add(si);
                } else {
                    classical.add(si);
                }
            }
            if (classical.size() != 1 || pq.size() > 1) {
                fail(
                        "signature",
                        "expected one ECDSA or RSA signer and at most one ML-DSA signer, found "
                                + classical.size()
                                + " and "
                                + pq.size());
                return;
            }
            Signed c = checkSigner(sd, classical.get(0), "signature", false);
            Signed q = pq.isEmpty() ? null : checkSigner(sd, pq.get(0), "signature (ML-DSA)", true);
            if (q == null && policy.requirePostQuantum()) {
                fail(
                        "signature (ML-DSA)",
                        "missing: the package carries no ML-DSA signature, so nothing in it"
                                + " survives a quantum adversary (--allow-missing-ml-dsa accepts"
                                + " packages made before ML-DSA)");
            }
            signer = c.cert() == null ? null : c.cert().getSubjectX500Principal().getName();
            fingerprint = c.cert() == null ? null : EvidenceSigner.fingerprintOf(c.cert());
            signedAt = c.signingTime();
            if (q != null && q.cert() != null) {
                pqSigner = q.cert().getSubjectX500Principal().getName();
                pqFingerprint = EvidenceSigner.fingerprintOf(q.cert());
            }
            for (Signed s : q == null ? List.of(c) : List.of(c, q)) {
                if (s.cert() != null) {
                    signerHashes.add(Hashes.sha256Hex(encoded(s.holder())));
                }
            }
            if (c.verified() && (q == null || q.verified())) {
                checkPin(c, q);
            }
        }

        private static boolean isMlDsa(X509CertificateHolder h) {
            return h.getSubjectPublicKeyInfo()
                    .getAlgorithm()
                    .getAlgorithm()
                    .getId()
                    .startsWith(ML_DSA_ARC);
        }

        @SuppressWarnings("unchecked")
        private static X509CertificateHolder holder(CMSSignedData sd, SignerInformation si) {
            Collection<X509CertificateHolder> matches =
                    sd.getCertificates().getMatches(si.getSID());
            return matches.isEmpty() ? null : matches.iterator().next();
        }

        private static byte[] encoded(X509CertificateHolder h) {
            try {
                return h.getEncoded();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Checks one SignerInfo, its certificate and its timestamp; records checks under label. */
        private Signed checkSigner(
                CMSSignedData sd, SignerInformation si, String label, boolean postQuantum) {
            String certLabel = "signer certificate" + (postQuantum ? " (ML-DSA)" : "");
            X509CertificateHolder h = holder(sd, si);
            if (h == null) {
                fail(label, "the signer's certificate is not included in the SignedData");
                return new Signed(label, postQuantum, null, null, null, false);
            }
            X509Certificate cert;
            try {
                cert = EvidenceSigner.certificate(h);
            } catch (CertificateException | RuntimeException e) {
                fail(certLabel, "unreadable certificate: " + e.getMessage());
                return new Signed(label, postQuantum, h, null, null, false);
            }
            Instant time = signingTime(si);
            String digest = si.getDigestAlgOID();
            boolean digestOk =
                    postQuantum
                            ? NISTObjectIdentifiers.id_sha512.getId().equals(digest)
                                    || NISTObjectIdentifiers.id_sha256.getId().equals(digest)
                            : NISTObjectIdentifiers.id_sha256.getId().equals(digest);
            if (!digestOk) {
                fail(
                        label,
                        "digest algorithm is "
                                + digest
                                + (postQuantum
                                        ? ", SHA-512 or SHA-256 is expected"
                                        : ", SHA-256 (2.16.840.1.101.3.4.2.1) is expected"));
                return new Signed(label, postQuantum, h, cert, time, false);
            }
            if (time == null) {
                fail(
                        label,
                        "no signing-time attribute: the certificate's validity cannot be"
                                + " checked at signing time");
                return new Signed(label, postQuantum, h, cert, null, false);
            }
            try {
                JcaSimpleSignerInfoVerifierBuilder vb = new JcaSimpleSignerInfoVerifierBuilder();
                if (postQuantum) {
                    vb.setProvider(Providers.BC);
                }
                if (!si.verify(vb.build(h))) {
                    fail(label, "the signature value does not verify with the signer's public key");
                    return new Signed(label, postQuantum, h, cert, time, false);
                }
            } catch (CMSSignerDigestMismatchException e) {
                fail(
                        label,
                        "manifest.json does not match the signature (its digest differs from"
                                + " the signed digest): the manifest was changed after signing");
                return new Signed(label, postQuantum, h, cert, time, false);
            } catch (CMSVerifierCertificateNotValidException e) {
                fail(label, "the signer certificate was not valid at the signing time " + time);
                return new Signed(label, postQuantum, h, cert, time, false);
            } catch (CMSException | OperatorCreationException | CertificateException e) {
                fail(label, "the signature cannot be checked: " + e.getMessage());
                return new Signed(label, postQuantum, h, cert, time, false);
            } catch (RuntimeException e) {
                fail(label, "the signature value does not verify: " + e.getMessage());
                return new Signed(label, postQuantum, h, cert, time, false);
            }
            ok(
                    label,
                    "detached CMS SignedData, "
                            + new DefaultAlgorithmNameFinder()
                                    .getAlgorithmName(
                                            si.toASN1Structure().getDigestEncryptionAlgorithm())
                            + ", digest "
                            + new DefaultAlgorithmNameFinder()
                                    .getAlgorithmName(new ASN1ObjectIdentifier(digest))
                            + ", verifies over the exact bytes of manifest.json");
            TimeStamped stamped = checkTimeStamp(si, postQuantum, time);
            boolean certOk = checkCertificate(cert, certLabel, time, stamped.time());
            return new Signed(label, postQuantum, h, cert, time, certOk && stamped.ok());
        }

        /**
         * What a signature's timestamp check found: {@code ok} false if it failed; {@code time} the
         * TSA's time, or null if there is none (or it failed).
         */
        private record TimeStamped(boolean ok, Instant time) {
            static final TimeStamped FAILED = new TimeStamped(false, null);
            static final TimeStamped NONE = new TimeStamped(true, null);
        }

        /**
         * Checks the signature time-stamp token of {@code si}: the TSA's signature, its
         * certificate's time-stamping purpose, the imprint over this signature value, and its time
         * against the signing time.
         *
         * @return the token's genTime, none if there is no token and none is required, or failed
         */
        private TimeStamped checkTimeStamp(
                SignerInformation si, boolean postQuantum, Instant signingTime) {
            String label = "timestamp" + (postQuantum ? " (ML-DSA)" : "");
            AttributeTable unsigned = si.getUnsignedAttributes();
            ASN1EncodableVector found =
                    unsigned == null
                            ? new ASN1EncodableVector()
                            : unsigned.getAll(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken);
            if (found.size() == 0) {
                if (policy.requireTimeStamps()) {
                    fail(
                            label,
                            "missing: the signature has no RFC 3161 timestamp, so its time is only"
                                    + " the platform's claim (--allow-missing-timestamp accepts"
                                    + " packages made before timestamps)");
                    return TimeStamped.FAILED;
                }
                return TimeStamped.NONE;
            }
            Attribute attr = Attribute.getInstance(found.get(0));
            if (found.size() != 1 || attr.getAttrValues().size() != 1) {
                fail(label, "more than one timestamp token: one per signature is expected");
                return TimeStamped.FAILED;
            }
            TimeStampToken token;
            try {
                token =
                        new TimeStampToken(
                                ContentInfo.getInstance(attr.getAttrValues().getObjectAt(0)));
            } catch (TSPException | IOException | RuntimeException e) {
                fail(label, "not a readable RFC 3161 timestamp token: " + e.getMessage());
                return TimeStamped.FAILED;
            }
            TimeStampTokenInfo info = token.getTimeStampInfo();
            String alg = info.getMessageImprintAlgOID().getId();
            MessageDigest md;
            if (alg.equals(NISTObjectIdentifiers.id_sha256.getId())) {
                md = Hashes.sha256();
            } else if (alg.equals(NISTObjectIdentifiers.id_sha512.getId())) {
                md = Hashes.sha512();
            } else {
                fail(label, "the imprint uses " + alg + "; SHA-256 or SHA-512 is expected");
                return TimeStamped.FAILED;
            }
            if (!MessageDigest.isEqual(
                    md.digest(si.getSignature()), info.getMessageImprintDigest())) {
                fail(
                        label,
                        "the token's message imprint is not the hash of this signature value: it"
                                + " time-stamps something else");
                return TimeStamped.FAILED;
            }
            @SuppressWarnings("unchecked")
            Collection<X509CertificateHolder> tsaCerts =
                    token.getCertificates().getMatches(token.getSID());
            if (tsaCerts.isEmpty()) {
                fail(label, "the TSA's certificate is not included in the token");
                return TimeStamped.FAILED;
            }
            X509CertificateHolder tsa = tsaCerts.iterator().next();
            try {
                JcaSimpleSignerInfoVerifierBuilder vb = new JcaSimpleSignerInfoVerifierBuilder();
                if (isMlDsa(tsa)) {
                    vb.setProvider(Providers.BC);
                }
                token.validate(vb.build(tsa)); // signature, ESSCertID, critical timeStamping EKU
            } catch (TSPValidationException e) {
                fail(label, "the token does not hold: " + e.getMessage());
                return TimeStamped.FAILED;
            } catch (TSPException | OperatorCreationException | CertificateException e) {
                fail(label, "the token cannot be checked: " + e.getMessage());
                return TimeStamped.FAILED;
            } catch (RuntimeException e) {
                fail(label, "the token does not hold: " + e.getMessage());
                return TimeStamped.FAILED;
            }
            Instant genTime = info.getGenTime().toInstant();
            if (genTime.isBefore(signingTime.minus(CLOCK_SKEW))) {
                fail(
                        label,
                        "the TSA time "
                                + genTime
                                + " is before the signing time "
                                + signingTime
                                + ": the signing-time attribute is false");
                return TimeStamped.FAILED;
            }
            String tsaName = tsa.getSubject().toString();
            String tsaFp = Hashes.fingerprint(encoded(tsa));
            if (timeStampedAt == null || genTime.isAfter(timeStampedAt)) {
                timeStampedAt = genTime;
            }
            timeStampAuthority = tsaName;
            timeStampAuthorityFingerprint = tsaFp;
            ok(
                    label,
                    "RFC 3161 token by "
                            + tsaName
                            + " (certificate SHA-256 "
                            + tsaFp
                            + "), time "
                            + genTime
                            + ", over the SHA-256 of this signature value: the signature existed"
                            + " then. The TSA is named, not checked against a trust anchor:"
                            + " compare it with the TSA the platform declares");
            return new TimeStamped(true, genTime);
        }

        private static Instant signingTime(SignerInformation si) {
            AttributeTable t = si.getSignedAttributes();
            Attribute a = t == null ? null : t.get(CMSAttributes.signingTime);
            if (a == null || a.getAttrValues().size() != 1) {
                return null;
            }
            return Time.getInstance(a.getAttrValues().getObjectAt(0)).getDate().toInstant();
        }

        private boolean checkCertificate(
                X509Certificate cert, String subject, Instant signingTime, Instant stampedAt) {
            for (Instant at :
                    stampedAt == null ? List.of(signingTime) : List.of(signingTime, stampedAt)) {
                try {
                    cert.checkValidity(java.util.Date.from(at));
                } catch (CertificateExpiredException | CertificateNotYetValidException e) {
                    fail(
                            subject,
                            "not valid at "
                                    + (at.equals(signingTime)
                                            ? "the signing time "
                                            : "the TSA time ")
                                    + at
                                    + " (valid "
                                    + cert.getNotBefore().toInstant()
                                    + " to "
                                    + cert.getNotAfter().toInstant()
                                    + ")");
                    return false;
                }
            }
            boolean[] ku = cert.getKeyUsage();
            if (ku == null || !ku[0]) {
                fail(
                        subject,
                        ku == null
                                ? "no key usage extension; digitalSignature is required"
                                : "key usage does not allow digitalSignature");
                return false;
            }
            ok(
                    subject,
                    cert.getSubjectX500Principal().getName()
                            + ", valid "
                            + cert.getNotBefore().toInstant()
                            + " to "
                            + cert.getNotAfter().toInstant()
                            + " (so at the signing time "
                            + signingTime
                            + (stampedAt == null ? "" : " and the TSA time " + stampedAt)
                            + "), key usage digitalSignature");
            return true;
        }

        /**
         * Whether the signers are the ones the caller named. The ML-DSA signer counts as pinned if
         * its certificate is among the pins, or if the pinned classical certificate binds it
         * (EVIDENCE.md, "Pinning").
         */
        private void checkPin(Signed c, Signed q) {
            String cHex = Hashes.sha256Hex(encoded(c.holder()));
            if (!pin.pinned()) {
                warn(
                        "signer unpinned",
                        "no platform certificate was given (--cert or --fingerprint): the"
                                + " signature shows the package is unchanged since "
                                + signer
                                + " signed it, not who that is. Anyone can make a certificate"
                                + " with any name; compare the SHA-256 fingerprint "
                                + fingerprint
                                + (q == null ? "" : " (and ML-DSA " + pqFingerprint + ")")
                                + " with the one the platform published");
                return;
            }
            if (!pin.fingerprints().contains(cHex)) {
                fail(
                        "signer pinned",
                        "FOREIGN SIGNATURE: signed by "
                                + signer
                                + " ("
                                + fingerprint
                                + "), not by the given platform certificate "
                                + pin.describe());
                return;
            }
            if (q == null) {
                ok(
                        "signer pinned",
                        "the signer certificate is the given one (" + fingerprint + ")");
                return;
            }
            byte[] qSha = Hashes.sha256(encoded(q.holder()));
            byte[] bound = Certificates.boundCertificateSha256(c.cert());
            if (pin.fingerprints().contains(Hashes.hex(qSha))) {
                ok(
                        "signer pinned",
                        "both signer certificates are given ones ("
                                + fingerprint
                                + ", ML-DSA "
                                + pqFingerprint
                                + ")");
            } else if (bound != null && MessageDigest.isEqual(bound, qSha)) {
                ok(
                        "signer pinned",
                        "the signer certificate is the given one ("
                                + fingerprint
                                + "), and it binds the ML-DSA certificate ("
                                + pqFingerprint
                                + ") by its SHA-256");
            } else {
                fail(
                        "signer pinned",
                        "FOREIGN SIGNATURE: the ML-DSA signer "
                                + pqSigner
                                + " ("
                                + pqFingerprint
                                + ") is neither given nor bound by the pinned certificate "
                                + fingerprint);
            }
        }

        // ---- the manifest ----------------------------------------------------------------------

        @SuppressWarnings("unchecked")
        private Map<String, Object> readManifest(byte[] bytes) {
            String subject = EvidencePackageBuilder.MANIFEST;
            Object parsed;
            try {
                parsed = CanonicalJson.parse(bytes);
            } catch (CanonicalJson.CanonicalJsonException e) {
                fail(subject, e.getMessage());
                return null;
            }
            if (!(parsed instanceof Map<?, ?> map)) {
                fail(subject, "not a JSON object");
                return null;
            }
            boolean canonical;
            try {
                canonical = Arrays.equals(CanonicalJson.write(parsed), bytes);
            } catch (CanonicalJson.CanonicalJsonException e) {
                fail(subject, "holds a value canonical JSON does not allow: " + e.getMessage());
                return null;
            }
            Object format = map.get("format");
            if (!EvidencePackageBuilder.FORMAT.equals(format)
                    && !EvidencePackageBuilder.FORMAT_V2.equals(format)
                    && !EvidencePackageBuilder.FORMAT_V1.equals(format)) {
                fail(
                        subject,
                        "format is "
                                + format
                                + ", this verifier reads "
                                + EvidencePackageBuilder.FORMAT
                                + ", "
                                + EvidencePackageBuilder.FORMAT_V2
                                + " and "
                                + EvidencePackageBuilder.FORMAT_V1);
                return null;
            }
            if (canonical) {
                ok(subject, "canonical JSON (UTF-8, sorted keys, no whitespace), format " + format);
            } else {
                fail(
                        subject,
                        "not in canonical form (EVIDENCE.md, Canonical JSON): not what the"
                                + " platform's builder writes");
            }
            return (Map<String, Object>) map;
        }

        private record Listed(String path, long size, String sha256, String md5, String role) {}

        private void checkContents(Map<String, Object> m) {
            packageId = str(m, "packageId", "$");
            Map<String, Object> kase = obj(m, "case", "$");
            caseId = str(kase, "id", "$.case");
            List<Object> reportList = list(m, "reports", "$");
            reports = reportList.size();
            List<Object> messageList = list(m, "messages", "$");
            messages = messageList.size();
            List<Object> custodyList = list(m, "custody", "$");
            custody = custodyList.size();
            List<Object> fileList = list(m, "files", "$");
            files = fileList.size();

            // every listed file: present, right size, right hashes, views consistent
            Map<String, Listed> listed = new LinkedHashMap<>();
            for (int i = 0; i < fileList.size(); i++) {
                String where = "$.files[" + i + "]";
                Map<String, Object> f = obj(fileList.get(i), where);
                String path = str(f, "path", where);
                Listed l =
                        new Listed(
                                path,
                                integer(f, "size", where),
                                str(f, "sha256", where),
                                f.get("md5") == null ? null : str(f, "md5", where),
                                str(f, "role", where));
                if (listed.put(path, l) != null) {
                    fail(path, "listed twice in the manifest");
                    continue;
                }
                checkFile(l, f, where);
            }
            // nothing in the ZIP that the manifest does not list
            int unlisted = 0;
            for (String name : entries.keySet()) {
                if (!listed.containsKey(name)
                        && !name.equals(EvidencePackageBuilder.MANIFEST)
                        && !name.equals(EvidencePackageBuilder.SIGNATURE)) {
                    fail(name, "in the ZIP but not listed in the manifest");
                    unlisted++;
                }
            }
            if (unlisted == 0) {
                ok(
                        "unlisted files",
                        "none: every entry besides manifest.json and its signature is listed in the"
                                + " manifest");
            }

            // each message: its files are listed, attachments match their commitment, the
            // commitment opens
            boolean current = EvidencePackageBuilder.FORMAT.equals(m.get("format"));
            for (int i = 0; i < messageList.size(); i++) {
                checkMessage(
                        obj(messageList.get(i), "$.messages[" + i + "]"),
                        "$.messages[" + i + "]",
                        listed,
                        current);
            }
            if (current) {
                obj(m, "assurance", "$");
                checkTranscripts(reportList, messageList);
            }
            checkCustody(custodyList);
            if (!EvidencePackageBuilder.FORMAT_V1.equals(m.get("format"))) {
                checkSigners(list(m, "signers", "$"));
                checkChainHead(m, custodyList);
            }
        }

        /** The signers the manifest names must be exactly the SignerInfos' certificates. */
        private void checkSigners(List<Object> named) {
            if (signerHashes.isEmpty()) {
                return; // the signature was unreadable: already failed
            }
            Set<String> listed = new LinkedHashSet<>();
            for (int i = 0; i < named.size(); i++) {
                String w = "$.signers[" + i + "]";
                str(obj(named.get(i), w), "algorithm", w);
                listed.add(str(obj(named.get(i), w), "certificateSha256", w));
            }
            if (listed.equals(signerHashes)) {
                ok(
                        "signers",
                        "the manifest names the "
                                + listed.size()
                                + " certificate(s) that signed it, and no other");
            } else {
                fail(
                        "signers",
                        "the manifest names "
                                + listed.size()
                                + " signer certificate(s), the signature holds "
                                + signerHashes.size()
                                + " others or fewer: a signature was removed or added after"
                                + " signing");
            }
        }

        private void checkChainHead(Map<String, Object> m, List<Object> custodyList) {
            if (!m.containsKey("auditChainHead")) {
                throw new SchemaException("$.auditChainHead: missing");
            }
            if (m.get("auditChainHead") == null) {
                ok(
                        "audit chain head",
                        "none in this package: the platform did not supply its audit log's head");
                return;
            }
            Map<String, Object> h = obj(m, "auditChainHead", "$");
            long seq = integer(h, "seq", "$.auditChainHead");
            String hash = str(h, "hash", "$.auditChainHead");
            instant(h.get("at"), "$.auditChainHead.at");
            if (!hash.matches("[0-9a-f]{64}")) {
                throw new SchemaException(
                        "$.auditChainHead.hash: 64 lowercase hex digits expected");
            }
            chainHeadSeq = seq;
            chainHeadHash = hash;
            for (int i = 0; i < custodyList.size(); i++) {
                String w = "$.custody[" + i + "]";
                Map<String, Object> e = obj(custodyList.get(i), w);
                long s = integer(e, "seq", w);
                if (s > seq) {
                    fail(
                            "audit chain head",
                            "custody event seq " + s + " is newer than the head, seq " + seq);
                    return;
                }
                if (s == seq && !str(e, "hash", w).equals(hash)) {
                    fail(
                            "audit chain head",
                            "the head, seq " + seq + ", is not the custody event with that seq");
                    return;
                }
            }
            ok(
                    "audit chain head",
                    "seq "
                            + seq
                            + ", hash "
                            + hash
                            + " (signed): every custody event precedes it; compare it with an"
                            + " anchor the platform published to show the log was not rewritten");
        }

        private void checkFile(Listed l, Map<String, Object> f, String where) {
            String unsafe = unsafeName(l.path());
            if (unsafe != null) {
                fail(printable(l.path()), "the manifest lists an unsafe path: " + unsafe);
                return;
            }
            boolean viewed = bool(f, "viewedByPlatform", where);
            List<Object> viewedAt = list(f, "viewedAt", where);
            for (int j = 0; j < viewedAt.size(); j++) {
                instant(viewedAt.get(j), where + ".viewedAt[" + j + "]");
            }
            Entry e = entries.get(l.path());
            List<String> problems = new ArrayList<>();
            if (e == null) {
                fail(l.path(), "listed in the manifest but missing from the ZIP");
                return;
            }
            if (e.size() != l.size()) {
                problems.add("size is " + e.size() + " bytes, the manifest says " + l.size());
            }
            if (!e.sha256().equals(l.sha256())) {
                problems.add("SHA-256 is " + e.sha256() + ", the manifest says " + l.sha256());
            }
            if (l.md5() != null && !e.md5().equals(l.md5())) {
                problems.add("MD5 is " + e.md5() + ", the manifest says " + l.md5());
            }
            if (viewed == viewedAt.isEmpty()) {
                problems.add(
                        "viewedByPlatform is "
                                + viewed
                                + " but viewedAt lists "
                                + viewedAt.size()
                                + " view(s)");
            }
            if (problems.isEmpty()) {
                ok(
                        l.path(),
                        l.size()
                                + " bytes, SHA-256"
                                + (l.md5() != null ? " and MD5" : "")
                                + " match; "
                                + (viewed
                                        ? "viewed by the platform "
                                                + viewedAt.size()
                                                + " time(s), last "
                                                + viewedAt.get(viewedAt.size() - 1)
                                        : "never viewed by the platform"));
            } else {
                fail(l.path(), "does not match the manifest: " + String.join("; ", problems));
            }
        }

        private void checkMessage(
                Map<String, Object> msg,
                String where,
                Map<String, Listed> listed,
                boolean current) {
            String contentFile = str(msg, "contentFile", where);
            String label = "message " + str(msg, "messageId", where);
            List<String> problems = new ArrayList<>();
            if (!listed.containsKey(contentFile)) {
                problems.add("its content file " + contentFile + " is not listed in files");
            }
            List<Object> atts = list(msg, "attachments", where);
            attachments += atts.size();
            List<AttachmentDescriptor> descriptors = new ArrayList<>();
            for (int j = 0; j < atts.size(); j++) {
                String aw = where + ".attachments[" + j + "]";
                Map<String, Object> a = obj(atts.get(j), aw);
                String ct = str(a, "contentType", aw);
                long size = integer(a, "size", aw);
                String sha = str(a, "sha256", aw);
                try {
                    descriptors.add(
                            new AttachmentDescriptor(ct, size, HexFormat.of().parseHex(sha)));
                } catch (RuntimeException e) {
                    throw new SchemaException(
                            aw + ": not a valid attachment descriptor: " + e.getMessage());
                }
                Object file = a.get("file");
                if (file != null) {
                    String path = str(a, "file", aw);
                    Listed l = listed.get(path);
                    if (l == null) {
                        problems.add(
                                "attachment " + j + " file " + path + " is not listed in files");
                    } else if (l.size() != size || !l.sha256().equals(sha)) {
                        problems.add(
                                "attachment "
                                        + j
                                        + " file "
                                        + path
                                        + " is not the committed attachment (size or SHA-256 differ"
                                        + " from the commitment's)");
                    }
                }
            }
            if (!current) {
                // packages before v3 hold franking protocol v1 messages; v1 is retired
                // (PROTOCOL.md), and this verifier no longer computes its commitments
                if (problems.isEmpty()) {
                    warn(
                            label,
                            "files listed and attachments match; a franking protocol v1"
                                    + " commitment, which this verifier does not recompute");
                } else {
                    fail(label, String.join("; ", problems));
                }
                return;
            }
            List<Commitment> prev = prev(msg, where);
            Object fk = msg.get("frankingKey");
            Object senderId = msg.get("senderId");
            if (senderId == null && msg.get("senderPseudonym") == null) {
                throw new SchemaException(where + ": neither senderId nor senderPseudonym");
            }
            if (fk != null && senderId == null) {
                problems.add(
                        "a franking key is included for a pseudonymised sender: anyone could test"
                                + " guesses at their id against the commitment");
            }
            if (fk != null && senderId != null) {
                Entry body = entries.get(contentFile);
                if (body == null || body.data() == null) {
                    problems.add(
                            "the commitment cannot be recomputed: the content file is missing or"
                                    + " too large");
                } else {
                    try {
                        MessageContent content =
                                new MessageContent(
                                        str(msg, "messageId", where),
                                        str(msg, "senderId", where),
                                        str(msg, "conversationId", where),
                                        integer(msg, "sentAt", where),
                                        prev,
                                        str(msg, "contentType", where),
                                        body.data(),
                                        descriptors);
                        Commitment claimed = Commitment.fromBase64(str(msg, "commitment", where));
                        Commitment recomputed =
                                Opening.restore(
                                                content,
                                                FrankingKey.fromBytes(
                                                        B64.decode(str(msg, "frankingKey", where))))
                                        .commitment();
                        if (!recomputed.equals(claimed)) {
                            problems.add(
                                    "the commitment does not open: HMAC(frankingKey, content_bytes)"
                                            + " over the content file "
                                            + contentFile
                                            + ", the manifest's fields and prev is not the listed"
                                            + " commitment");
                        }
                    } catch (SchemaException e) {
                        throw e;
                    } catch (RuntimeException e) {
                        problems.add("the commitment cannot be recomputed: " + e.getMessage());
                    }
                }
            }
            if (problems.isEmpty()) {
                ok(
                        label,
                        fk != null
                                ? "commitment recomputed from "
                                        + contentFile
                                        + ", the routing fields, prev, the attachment descriptors"
                                        + " and the franking key"
                                : senderId == null
                                        ? "files listed; the sender is pseudonymised, so the"
                                                + " package leaves out what would reopen the"
                                                + " commitment"
                                        : "files listed; no franking key in the package, so the"
                                                + " commitment was not recomputed");
            } else {
                fail(label, String.join("; ", problems));
            }
        }

        /** A message's committed {@code prev}: at most 8 commitments, strictly ascending (§1). */
        private static List<Commitment> prev(Map<String, Object> msg, String where) {
            List<Object> raw = list(msg, "prev", where);
            List<Commitment> prev = new ArrayList<>();
            for (int j = 0; j < raw.size(); j++) {
                try {
                    prev.add(Commitment.fromBase64((String) raw.get(j)));
                } catch (RuntimeException e) {
                    throw new SchemaException(
                            where + ".prev[" + j + "]: not a base64url commitment of 32 bytes");
                }
                if (j > 0 && prev.get(j - 1).compareTo(prev.get(j)) >= 0) {
                    throw new SchemaException(
                            where + ".prev: not strictly ascending (PROTOCOL.md §1)");
                }
            }
            if (prev.size() > 8) {
                throw new SchemaException(where + ".prev: more than 8 entries");
            }
            return prev;
        }

        /**
         * Each report's transcript, recomputed (PROTOCOL.md §5.5) from the messages' commitments,
         * their prev and their stamps' receivedAt, must be what the manifest claims: the reported
         * message and its context at positions 0..n-1, every message at its causal position, and
         * every gap counted. A reordered transcript, a prev changed after the fact (it also breaks
         * the commitment) or a message taken out of a report (a hidden gap) each fail here.
         */
        private void checkTranscripts(List<Object> reportList, List<Object> messageList) {
            Map<String, List<TranscriptOrder.Node>> nodes = new LinkedHashMap<>();
            Map<String, List<long[]>> claims = new LinkedHashMap<>(); // position, gaps
            Map<String, List<String>> names = new LinkedHashMap<>();
            Map<String, String> reporters = new LinkedHashMap<>();
            Map<String, List<String>> authorship = new LinkedHashMap<>();
            for (int i = 0; i < reportList.size(); i++) {
                Map<String, Object> rep = obj(reportList.get(i), "$.reports[" + i + "]");
                String id = str(rep, "id", "$.reports[" + i + "]");
                reporters.put(id, str(rep, "reporterPseudonym", "$.reports[" + i + "]"));
                authorship.put(id, new ArrayList<>());
                nodes.put(id, new ArrayList<>());
                claims.put(id, new ArrayList<>());
                names.put(id, new ArrayList<>());
            }
            for (int i = 0; i < messageList.size(); i++) {
                String where = "$.messages[" + i + "]";
                Map<String, Object> msg = obj(messageList.get(i), where);
                byte[] commitment;
                try {
                    commitment = Commitment.fromBase64(str(msg, "commitment", where)).toBytes();
                } catch (SchemaException e) {
                    throw e;
                } catch (RuntimeException e) {
                    throw new SchemaException(where + ".commitment: not 32 bytes of base64url");
                }
                List<byte[]> prev = prev(msg, where).stream().map(Commitment::toBytes).toList();
                Object senderPseudonym = msg.get("senderPseudonym");
                List<Object> stamps = list(msg, "stamps", where);
                for (int j = 0; j < stamps.size(); j++) {
                    String sw = where + ".stamps[" + j + "]";
                    Map<String, Object> st = obj(stamps.get(j), sw);
                    String report = str(st, "reportId", sw);
                    if (!nodes.containsKey(report)) {
                        fail("transcript", sw + " names report " + report + ", not in reports");
                        continue;
                    }
                    boolean byReporter = bool(st, "byReporter", sw);
                    // pseudonyms are stable across the platform: the reporter's own message
                    // carries the reporter's pseudonym, and only theirs does
                    if (senderPseudonym != null
                            && byReporter != senderPseudonym.equals(reporters.get(report))) {
                        authorship
                                .get(report)
                                .add(
                                        "message "
                                                + str(msg, "messageId", where)
                                                + " is marked as "
                                                + (byReporter ? "" : "not ")
                                                + "written by the reporter, but its sender's"
                                                + " pseudonym says otherwise");
                    }
                    if (st.get("routeSalt") != null) {
                        str(st, "routeSalt", sw);
                    }
                    nodes.get(report)
                            .add(
                                    new TranscriptOrder.Node(
                                            (int) integer(st, "index", sw),
                                            commitment,
                                            prev,
                                            integer(st, "receivedAt", sw)));
                    claims.get(report)
                            .add(
                                    new long[] {
                                        integer(st, "transcriptPosition", sw),
                                        integer(st, "gaps", sw)
                                    });
                    names.get(report).add(str(msg, "messageId", where));
                }
            }
            for (var e : nodes.entrySet()) {
                String subject = "transcript of report " + e.getKey();
                List<TranscriptOrder.Node> ns = e.getValue();
                List<long[]> cs = claims.get(e.getKey());
                List<String> problems = new ArrayList<>(authorship.get(e.getKey()));
                boolean[] seen = new boolean[ns.size()];
                for (TranscriptOrder.Node n : ns) {
                    if (n.index() < 0 || n.index() >= ns.size() || seen[n.index()]) {
                        problems.add(
                                "its messages do not hold the indexes 0.."
                                        + (ns.size() - 1)
                                        + " once each (a message of the report is missing or"
                                        + " doubled)");
                        break;
                    }
                    seen[n.index()] = true;
                }
                TranscriptOrder.Result r = TranscriptOrder.of(ns);
                for (int i = 0; i < ns.size(); i++) {
                    String m = "message " + names.get(e.getKey()).get(i);
                    if (cs.get(i)[0] != r.position()[i]) {
                        problems.add(
                                m
                                        + " is listed at position "
                                        + cs.get(i)[0]
                                        + ", the causal order puts it at "
                                        + r.position()[i]);
                    }
                    if (cs.get(i)[1] != r.gaps()[i]) {
                        problems.add(
                                m
                                        + " is listed with "
                                        + cs.get(i)[1]
                                        + " gap(s), its prev names "
                                        + r.gaps()[i]
                                        + " message(s) the report does not hold");
                    }
                }
                if (problems.isEmpty()) {
                    ok(
                            subject,
                            ns.size()
                                    + " message(s) in causal order, "
                                    + r.totalGaps()
                                    + " gap(s): recomputed from the commitments, prev and the"
                                    + " stamps' receivedAt (PROTOCOL.md §5.5)");
                } else {
                    fail(subject, String.join("; ", problems));
                }
            }
        }

        private void checkCustody(List<Object> events) {
            String subject = "custody";
            int recomputed = 0;
            int failures = 0;
            String prevHash = null;
            long prevSeq = Long.MIN_VALUE;
            for (int i = 0; i < events.size(); i++) {
                String w = "$.custody[" + i + "]";
                Map<String, Object> e = obj(events.get(i), w);
                long seq = integer(e, "seq", w);
                String hash = str(e, "hash", w);
                Object prev = e.get("prevHash");
                if (seq <= prevSeq) {
                    fail(subject, "event seq " + seq + " is out of order");
                    failures++;
                }
                if (prev != null) {
                    String p = str(e, "prevHash", w);
                    if (seq == prevSeq + 1 && prevHash != null && !p.equals(prevHash)) {
                        fail(
                                subject,
                                "event seq "
                                        + seq
                                        + ": prevHash is not the hash of event seq "
                                        + prevSeq);
                        failures++;
                    }
                    String again =
                            auditHash(
                                    p,
                                    seq,
                                    instant(e.get("at"), w + ".at"),
                                    str(e, "actor", w),
                                    str(e, "event", w),
                                    e.get("subject") == null ? "" : str(e, "subject", w),
                                    e.get("detail") == null ? "" : str(e, "detail", w));
                    if (again == null || !again.equals(hash)) {
                        fail(
                                subject,
                                "event seq "
                                        + seq
                                        + ": its hash does not recompute from its fields (audit row"
                                        + " changed)");
                        failures++;
                    } else {
                        recomputed++;
                    }
                }
                prevHash = hash;
                prevSeq = seq;
            }
            if (failures == 0) {
                ok(
                        subject,
                        events.size()
                                + " event(s), in order; "
                                + recomputed
                                + " hash(es) recomputed from their fields"
                                + (recomputed < events.size()
                                        ? " ("
                                                + (events.size() - recomputed)
                                                + " carry no prevHash)"
                                        : ""));
            }
        }

        /**
         * The audit log's row hash (V2 migration): SHA-256(prev || lp(seq) || lp(at) || lp(actor)
         * || lp(event) || lp(case) || lp(subject) || lp(detail)).
         */
        private String auditHash(
                String prevHex,
                long seq,
                Instant at,
                String actor,
                String event,
                String subject,
                String detail) {
            byte[] prev;
            try {
                prev = HexFormat.of().parseHex(prevHex);
            } catch (IllegalArgumentException e) {
                return null;
            }
            MessageDigest md = Hashes.sha256();
            md.update(prev);
            for (String s :
                    new String[] {
                        Long.toString(seq), at.toString(), actor, event, caseId, subject, detail
                    }) {
                byte[] b = s.getBytes(StandardCharsets.UTF_8);
                md.update(ByteBuffer.allocate(4).putInt(b.length).array());
                md.update(b);
            }
            return Hashes.hex(md.digest());
        }

        // ---- schema access ---------------------------------------------------------------------

        @SuppressWarnings("unchecked")
        private static Map<String, Object> obj(Object v, String where) {
            if (v instanceof Map<?, ?> m) {
                return (Map<String, Object>) m;
            }
            throw new SchemaException(where + ": an object is expected");
        }

        private static Map<String, Object> obj(Map<String, Object> m, String key, String where) {
            return obj(required(m, key, where), where + "." + key);
        }

        @SuppressWarnings("unchecked")
        private static List<Object> list(Map<String, Object> m, String key, String where) {
            if (required(m, key, where) instanceof List<?> l) {
                return (List<Object>) l;
            }
            throw new SchemaException(where + "." + key + ": an array is expected");
        }

        private static String str(Map<String, Object> m, String key, String where) {
            if (required(m, key, where) instanceof String s) {
                return s;
            }
            throw new SchemaException(where + "." + key + ": a string is expected");
        }

        private static long integer(Map<String, Object> m, String key, String where) {
            Object v = required(m, key, where);
            if (v instanceof Integer || v instanceof Long) {
                return ((Number) v).longValue();
            }
            throw new SchemaException(where + "." + key + ": an integer is expected");
        }

        private static boolean bool(Map<String, Object> m, String key, String where) {
            if (required(m, key, where) instanceof Boolean b) {
                return b;
            }
            throw new SchemaException(where + "." + key + ": true or false is expected");
        }

        private static Instant instant(Object v, String where) {
            if (v instanceof String s) {
                try {
                    return Instant.parse(s);
                } catch (RuntimeException e) {
                    throw new SchemaException(where + ": not an RFC 3339 UTC time: " + s);
                }
            }
            throw new SchemaException(where + ": a time string is expected");
        }

        private static Object required(Map<String, Object> m, String key, String where) {
            Object v = m.get(key);
            if (v == null) {
                throw new SchemaException(where + "." + key + ": missing");
            }
            return v;
        }
    }
}
