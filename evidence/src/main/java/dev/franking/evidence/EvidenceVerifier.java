package dev.franking.evidence;

import dev.franking.AttachmentDescriptor;
import dev.franking.B64;
import dev.franking.Commitment;
import dev.franking.FrankingKey;
import dev.franking.MessageContent;
import dev.franking.evidence.VerificationReport.Check;
import dev.franking.evidence.VerificationReport.Status;
import dev.franking.evidence.VerificationReport.Summary;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignerDigestMismatchException;
import org.bouncycastle.cms.CMSVerifierCertificateNotValidException;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.DefaultAlgorithmNameFinder;
import org.bouncycastle.operator.OperatorCreationException;

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

    /** What the signer must be: a certificate, a SHA-256 fingerprint, or nothing (unpinned). */
    public record Pin(X509Certificate certificate, String fingerprint) {
        public static Pin none() {
            return new Pin(null, null);
        }

        public static Pin certificate(X509Certificate cert) {
            return new Pin(Objects.requireNonNull(cert), null);
        }

        /**
         * @param fingerprint 64 hex digits, colons allowed
         */
        public static Pin fingerprint(String fingerprint) {
            return new Pin(null, Hashes.normaliseFingerprint(fingerprint));
        }

        boolean pinned() {
            return certificate != null || fingerprint != null;
        }
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
        return new Run(pin == null ? Pin.none() : pin).run(zip, source);
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

        Run(Pin pin) {
            this.pin = pin;
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
                            pin.pinned()));
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

        // ---- the signature ---------------------------------------------------------------------

        private void checkSignature(byte[] manifest, byte[] p7s) {
            String subject = "signature";
            SignerInformation si;
            X509Certificate cert;
            try {
                CMSSignedData parsed = new CMSSignedData(p7s);
                if (!parsed.isDetachedSignature()) {
                    fail(
                            subject,
                            "the SignedData encapsulates content; a detached signature over"
                                    + " manifest.json is expected");
                    return;
                }
                CMSSignedData sd = new CMSSignedData(new CMSProcessableByteArray(manifest), p7s);
                Collection<SignerInformation> signers = sd.getSignerInfos().getSigners();
                if (signers.size() != 1) {
                    fail(subject, "expected exactly one signer, found " + signers.size());
                    return;
                }
                si = signers.iterator().next();
                if (!NISTObjectIdentifiers.id_sha256.getId().equals(si.getDigestAlgOID())) {
                    fail(
                            subject,
                            "digest algorithm is "
                                    + si.getDigestAlgOID()
                                    + ", SHA-256 (2.16.840.1.101.3.4.2.1) is expected");
                    return;
                }
                @SuppressWarnings("unchecked")
                Collection<X509CertificateHolder> matches =
                        sd.getCertificates().getMatches(si.getSID());
                if (matches.isEmpty()) {
                    fail(subject, "the signer's certificate is not included in the SignedData");
                    return;
                }
                cert = new JcaX509CertificateConverter().getCertificate(matches.iterator().next());
                signer = cert.getSubjectX500Principal().getName();
                fingerprint = Hashes.fingerprint(cert.getEncoded());
                signedAt = signingTime(si);
                if (signedAt == null) {
                    fail(
                            subject,
                            "no signing-time attribute: the certificate's validity cannot be"
                                    + " checked at signing time");
                    return;
                }
                boolean valid;
                try {
                    valid = si.verify(new JcaSimpleSignerInfoVerifierBuilder().build(cert));
                } catch (CMSSignerDigestMismatchException e) {
                    fail(
                            subject,
                            "manifest.json does not match the signature (its SHA-256 differs from"
                                + " the signed digest): the manifest was changed after signing");
                    return;
                } catch (CMSVerifierCertificateNotValidException e) {
                    fail(
                            subject,
                            "the signer certificate was not valid at the signing time " + signedAt);
                    return;
                }
                if (!valid) {
                    fail(
                            subject,
                            "the signature value does not verify with the signer's public key");
                    return;
                }
                ok(
                        subject,
                        "detached CMS SignedData, "
                                + new DefaultAlgorithmNameFinder()
                                        .getAlgorithmName(
                                                si.getEncryptionAlgOID() == null
                                                        ? null
                                                        : new org.bouncycastle.asn1
                                                                .ASN1ObjectIdentifier(
                                                                si.getEncryptionAlgOID()))
                                + ", digest SHA-256, verifies over the exact bytes of"
                                + " manifest.json");
            } catch (CMSException
                    | OperatorCreationException
                    | CertificateException
                    | RuntimeException e) {
                fail(subject, "unreadable or invalid CMS signature: " + e.getMessage());
                return;
            }
            checkCertificate(cert);
        }

        private static Instant signingTime(SignerInformation si) {
            AttributeTable t = si.getSignedAttributes();
            Attribute a = t == null ? null : t.get(CMSAttributes.signingTime);
            if (a == null || a.getAttrValues().size() != 1) {
                return null;
            }
            return Time.getInstance(a.getAttrValues().getObjectAt(0)).getDate().toInstant();
        }

        private void checkCertificate(X509Certificate cert) {
            String subject = "signer certificate";
            try {
                cert.checkValidity(java.util.Date.from(signedAt));
            } catch (CertificateExpiredException | CertificateNotYetValidException e) {
                fail(
                        subject,
                        "not valid at the signing time "
                                + signedAt
                                + " (valid "
                                + cert.getNotBefore().toInstant()
                                + " to "
                                + cert.getNotAfter().toInstant()
                                + ")");
                return;
            }
            boolean[] ku = cert.getKeyUsage();
            if (ku == null || !ku[0]) {
                fail(
                        subject,
                        ku == null
                                ? "no key usage extension; digitalSignature is required"
                                : "key usage does not allow digitalSignature");
                return;
            }
            ok(
                    subject,
                    signer
                            + ", valid "
                            + cert.getNotBefore().toInstant()
                            + " to "
                            + cert.getNotAfter().toInstant()
                            + " (so at the signing time "
                            + signedAt
                            + "), key usage digitalSignature");
            String fpHex = fingerprint.replace(":", "").toLowerCase(java.util.Locale.ROOT);
            if (pin.certificate() != null) {
                byte[] pinned;
                try {
                    pinned = pin.certificate().getEncoded();
                    if (Arrays.equals(pinned, cert.getEncoded())) {
                        ok(
                                "signer pinned",
                                "the signer is exactly the given platform certificate ("
                                        + fingerprint
                                        + ")");
                    } else {
                        fail(
                                "signer pinned",
                                "FOREIGN SIGNATURE: signed by "
                                        + signer
                                        + " ("
                                        + fingerprint
                                        + "), not by the given platform certificate "
                                        + pin.certificate().getSubjectX500Principal().getName()
                                        + " ("
                                        + Hashes.fingerprint(pinned)
                                        + ")");
                    }
                } catch (CertificateException e) {
                    fail(
                            "signer pinned",
                            "the given certificate cannot be encoded: " + e.getMessage());
                }
            } else if (pin.fingerprint() != null) {
                if (pin.fingerprint().equals(fpHex)) {
                    ok(
                            "signer pinned",
                            "the signer certificate has the given SHA-256 fingerprint ("
                                    + fingerprint
                                    + ")");
                } else {
                    fail(
                            "signer pinned",
                            "FOREIGN SIGNATURE: the signer certificate's SHA-256 fingerprint is "
                                    + fingerprint
                                    + ", not the given one");
                }
            } else {
                warn(
                        "signer unpinned",
                        "no platform certificate was given (--cert or --fingerprint): the signature"
                                + " shows the package is unchanged since "
                                + signer
                                + " signed it, not who that is. Anyone can make a certificate with"
                                + " any name; compare the SHA-256 fingerprint "
                                + fingerprint
                                + " with the one the platform published");
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
            if (!EvidencePackageBuilder.FORMAT.equals(format)) {
                fail(
                        subject,
                        "format is "
                                + format
                                + ", this verifier reads "
                                + EvidencePackageBuilder.FORMAT);
                return null;
            }
            if (canonical) {
                ok(
                        subject,
                        "canonical JSON (UTF-8, sorted keys, no whitespace), format "
                                + EvidencePackageBuilder.FORMAT);
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
            for (int i = 0; i < messageList.size(); i++) {
                checkMessage(
                        obj(messageList.get(i), "$.messages[" + i + "]"),
                        "$.messages[" + i + "]",
                        listed);
            }
            checkCustody(custodyList);
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
                Map<String, Object> msg, String where, Map<String, Listed> listed) {
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
            Object fk = msg.get("frankingKey");
            if (fk != null) {
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
                                        str(msg, "contentType", where),
                                        body.data(),
                                        descriptors);
                        Commitment claimed = Commitment.fromBase64(str(msg, "commitment", where));
                        Commitment recomputed =
                                Commitment.compute(
                                        new FrankingKey(B64.decode(str(msg, "frankingKey", where))),
                                        content);
                        if (!recomputed.equals(claimed)) {
                            problems.add(
                                    "the commitment does not open: HMAC(frankingKey, content) over"
                                            + " the content file "
                                            + contentFile
                                            + " and the manifest's fields is not the listed"
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
                                        + ", the routing fields, the attachment descriptors and the"
                                        + " franking key"
                                : "files listed; no franking key in the package, so the commitment"
                                        + " was not recomputed");
            } else {
                fail(label, String.join("; ", problems));
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
