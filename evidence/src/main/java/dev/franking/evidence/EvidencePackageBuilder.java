package dev.franking.evidence;

import dev.franking.evidence.EvidenceInput.AttachmentEvidence;
import dev.franking.evidence.EvidenceInput.CustodyEvent;
import dev.franking.evidence.EvidenceInput.MessageEvidence;
import dev.franking.evidence.EvidenceInput.ReportInfo;
import dev.franking.evidence.EvidenceInput.StampEvidence;
import dev.franking.v2.B64;
import dev.franking.v2.Commitment;
import dev.franking.v2.InsecureSecretAccess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Builds a signed evidence package (EVIDENCE.md): a ZIP of {@code manifest.json} (canonical JSON),
 * {@code manifest.json.p7s} (detached CMS SignedData over the manifest's exact bytes) and the files
 * the manifest lists. A pure function of the input, the signer and the clock.
 */
public final class EvidencePackageBuilder {
    /**
     * The format this builder writes: v3 holds messages of franking protocol v2 ({@code prev}, the
     * transcript, route salts, pseudonyms of 128 bits and more).
     */
    public static final String FORMAT = "franking-evidence/v3";

    /**
     * The format before: protocol v1 messages, with the signer list, ML-DSA, timestamps and the
     * chain head; still read by the verifier, which no longer recomputes its v1 commitments.
     */
    public static final String FORMAT_V2 = "franking-evidence/v2";

    /** The first format: one ECDSA signature, no timestamps; still read by the verifier. */
    public static final String FORMAT_V1 = "franking-evidence/v1";

    /**
     * What an agency recomputes from the package alone, and what rests on the platform's signature
     * (EVIDENCE.md, "What an agency can check itself"); written into every manifest as {@code
     * assurance}, so that the statement travels with the evidence.
     */
    static final List<String> RECOMPUTABLE =
            List.of(
                    "commitments: HMAC-SHA256(frankingKey, content_bytes) over the content file,"
                        + " the routing fields, prev and the attachment descriptors (PROTOCOL.md"
                        + " §1), for each message whose sender is named by id and whose franking"
                        + " key is included",
                    "attachment hashes: each attachment file's size and SHA-256 equal the committed"
                            + " descriptor",
                    "transcript: links, causal order and gaps of each report from the commitments,"
                            + " prev and the stamps' receivedAt (PROTOCOL.md §5.5)",
                    "files: size, SHA-256 and MD5 of every file; nothing unlisted",
                    "custody: each audit row's hash and the chain between consecutive rows");

    static final List<String> PLATFORM_STATEMENT =
            List.of(
                    "stamps: that the platform relayed each commitment from the sender to the"
                            + " recipient at receivedAt under kid (the MAC needs the platform's"
                            + " secret stamp key, destroyed at stampKeyExpiresAt)",
                    "the verification record of each stamp, the reports, the case and its decision",
                    "who a pseudonym stands for (the key lies with the platform)",
                    "views (viewedAt), custody events, createdAt and the audit-chain head");

    public static final String MANIFEST = "manifest.json";
    public static final String SIGNATURE = "manifest.json.p7s";

    /**
     * What the service proved of every stored stamp (PROTOCOL.md §5; a report is stored only if all
     * hold).
     */
    static final List<String> CHECKS =
            List.of(
                    "commitment_opens",
                    "stamp_key_valid",
                    "stamp_mac_valid",
                    "recipient_is_party",
                    "same_conversation");

    private final EvidenceSigner signer;
    private final Clock clock;

    public EvidencePackageBuilder(EvidenceSigner signer, Clock clock) {
        this.signer = Objects.requireNonNull(signer, "signer");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The package, its manifest and the SHA-256 of the ZIP (what the service writes to the audit
     * log).
     */
    public record EvidencePackage(
            UUID packageId, Instant createdAt, byte[] zip, byte[] manifest, String sha256) {
        @Override
        public byte[] zip() {
            return zip.clone();
        }

        @Override
        public byte[] manifest() {
            return manifest.clone();
        }

        @Override
        public String toString() {
            return "EvidencePackage["
                    + packageId
                    + ", "
                    + zip.length
                    + " bytes, sha256="
                    + sha256
                    + "]";
        }
    }

    private record PackedFile(String path, byte[] data) {}

    public EvidencePackage build(EvidenceInput in) {
        Instant createdAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        checkReferences(in);
        List<PackedFile> files = new ArrayList<>();
        List<Object> fileEntries = new ArrayList<>();

        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("packageId", in.packageId().toString());
        m.put("createdAt", createdAt.toString());
        m.put("platform", Map.of("name", in.platform()));
        m.put(
                "assurance",
                Map.of("recomputable", RECOMPUTABLE, "platformStatement", PLATFORM_STATEMENT));

        var k = in.kase();
        Map<String, Object> kase = new LinkedHashMap<>();
        kase.put("id", k.id().toString());
        kase.put("reportedAccount", k.reportedAccount());
        kase.put("openedAt", k.openedAt().toString());
        kase.put("closedAt", time(k.closedAt()));
        kase.put("decision", k.decision());
        kase.put("decidedAt", time(k.decidedAt()));
        m.put("case", kase);

        List<Object> reports = new ArrayList<>();
        for (ReportInfo r : in.reports()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("id", r.id().toString());
            o.put("reporterPseudonym", r.reporterPseudonym());
            o.put("category", r.category());
            o.put("receivedAt", r.receivedAt().toString());
            reports.add(o);
        }
        m.put("reports", reports);

        List<Object> messages = new ArrayList<>();
        for (int i = 0; i < in.messages().size(); i++) {
            MessageEvidence msg = in.messages().get(i);
            String dir = String.format(Locale.ROOT, "messages/%03d/", i + 1);
            String bodyPath = dir + "body" + extension(msg.contentType());
            files.add(new PackedFile(bodyPath, msg.unsafeBody()));
            fileEntries.add(
                    fileEntry(
                            bodyPath,
                            "message-body",
                            msg.contentType(),
                            msg.unsafeBody(),
                            msg.bodyViewedAt()));

            Map<String, Object> o = new LinkedHashMap<>();
            o.put("itemId", msg.itemId().toString());
            o.put("messageId", msg.messageId());
            boolean named = msg.sender().equals(in.kase().reportedAccount());
            o.put("senderId", named ? msg.sender() : null);
            o.put("senderPseudonym", named ? null : msg.sender());
            o.put("conversationId", msg.conversationId());
            o.put("sentAt", msg.sentAt());
            o.put("prev", msg.prev().stream().map(Commitment::toBase64).toList());
            o.put("contentType", msg.contentType());
            o.put("contentFile", bodyPath);
            o.put("commitment", msg.commitment().toBase64());
            o.put(
                    "frankingKey",
                    msg.frankingKey() == null
                            ? null
                            : B64.encode(msg.frankingKey().toBytes(InsecureSecretAccess.get())));
            List<Object> atts = new ArrayList<>();
            for (AttachmentEvidence a : msg.attachments()) {
                Map<String, Object> ao = new LinkedHashMap<>();
                ao.put("n", a.n());
                ao.put("contentType", a.contentType());
                ao.put("size", a.size());
                ao.put("sha256", Hashes.hex(a.sha256()));
                String path = null;
                if (a.unsafePlaintext() != null) {
                    path =
                            String.format(
                                    Locale.ROOT,
                                    "%sattachment-%02d%s",
                                    dir,
                                    a.n(),
                                    extension(a.contentType()));
                    files.add(new PackedFile(path, a.unsafePlaintext()));
                    fileEntries.add(
                            fileEntry(
                                    path,
                                    "attachment",
                                    a.contentType(),
                                    a.unsafePlaintext(),
                                    a.viewedAt()));
                }
                ao.put("file", path);
                atts.add(ao);
            }
            o.put("attachments", atts);
            List<Object> stamps = new ArrayList<>();
            for (StampEvidence s : msg.stamps()) {
                Map<String, Object> so = new LinkedHashMap<>();
                so.put("reportId", s.reportId().toString());
                so.put("index", s.index());
                boolean toReported = s.recipient().equals(in.kase().reportedAccount());
                so.put("recipientId", toReported ? s.recipient() : null);
                so.put("recipientPseudonym", toReported ? null : s.recipient());
                so.put("kid", s.stamp().kid().value());
                so.put("receivedAt", s.stamp().receivedAt());
                so.put("mac", B64.encode(s.stamp().mac()));
                so.put("routeSalt", s.routeSalt() == null ? null : s.routeSalt().toBase64());
                so.put("transcriptPosition", s.transcriptPosition());
                so.put("gaps", s.gaps());
                so.put("byReporter", s.byReporter());
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("result", "verified");
                v.put("checks", CHECKS);
                v.put("proven", proven(msg, s));
                v.put("verifiedAt", s.verifiedAt().toString());
                v.put("stampKeyExpiresAt", s.keyExpiresAt().toString());
                so.put("verification", v);
                stamps.add(so);
            }
            o.put("stamps", stamps);
            messages.add(o);
        }
        m.put("messages", messages);

        List<Object> custody = new ArrayList<>();
        for (CustodyEvent e : in.custody()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("seq", e.seq());
            o.put("at", e.at().toString());
            o.put("actor", e.actor());
            o.put("event", e.event());
            o.put("subject", e.subject());
            o.put("detail", e.detail());
            o.put("prevHash", e.prevHash() == null ? null : Hashes.hex(e.prevHash()));
            o.put("hash", Hashes.hex(e.hash()));
            custody.add(o);
        }
        m.put("custody", custody);
        var head = in.auditChainHead();
        if (head == null) {
            m.put("auditChainHead", null);
        } else {
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("seq", head.seq());
            h.put("at", head.at().toString());
            h.put("hash", Hashes.hex(head.hash()));
            m.put("auditChainHead", h);
        }
        m.put("signers", signers());
        m.put("files", fileEntries);

        byte[] manifest = CanonicalJson.write(m);
        byte[] signature = signer.sign(manifest, createdAt);
        byte[] zip = zip(manifest, signature, files, createdAt);
        return new EvidencePackage(in.packageId(), createdAt, zip, manifest, Hashes.sha256Hex(zip));
    }

    /**
     * The certificates that sign the manifest, named inside it: a SignerInfo removed from the
     * signature (to pass off a package as classical-only) then contradicts what every remaining
     * signer signed.
     */
    private List<Object> signers() {
        List<Object> list = new ArrayList<>();
        list.add(signerEntry(signer.signatureAlgorithm(), signer.certificate()));
        signer.postQuantumCertificate()
                .ifPresent(c -> list.add(signerEntry(signer.postQuantumAlgorithm(), c)));
        return list;
    }

    private static Map<String, Object> signerEntry(
            String algorithm, java.security.cert.X509Certificate cert) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("algorithm", algorithm);
        try {
            o.put("certificateSha256", Hashes.sha256Hex(cert.getEncoded()));
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
        return o;
    }

    private static String proven(MessageEvidence msg, StampEvidence s) {
        return "the content of this message is what sender "
                + msg.sender()
                + " committed to (commitment "
                + msg.commitment().toBase64()
                + "), and the platform stamped that commitment under key "
                + s.stamp().kid().value()
                + " when it relayed message "
                + msg.messageId()
                + " in conversation "
                + msg.conversationId()
                + " to recipient "
                + s.recipient()
                + " at "
                + Instant.ofEpochMilli(s.stamp().receivedAt())
                + "; checked by the platform at "
                + s.verifiedAt();
    }

    private static Map<String, Object> fileEntry(
            String path, String role, String contentType, byte[] data, List<Instant> viewedAt) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("path", path);
        f.put("role", role);
        f.put("contentType", contentType);
        f.put("size", (long) data.length);
        f.put("sha256", Hashes.sha256Hex(data));
        f.put("md5", Hashes.md5Hex(data));
        f.put("viewedByPlatform", !viewedAt.isEmpty());
        f.put("viewedAt", viewedAt.stream().sorted().map(Instant::toString).toList());
        return f;
    }

    private static void checkReferences(EvidenceInput in) {
        Set<UUID> reports = new HashSet<>();
        Map<UUID, String> reporterOf = new LinkedHashMap<>();
        for (ReportInfo r : in.reports()) {
            reporterOf.put(r.id(), r.reporterPseudonym());
            if (!reports.add(r.id())) {
                throw new IllegalArgumentException("report " + r.id() + " appears twice");
            }
        }
        Set<UUID> items = new HashSet<>();
        for (MessageEvidence m : in.messages()) {
            if (!items.add(m.itemId())) {
                throw new IllegalArgumentException(
                        "evidence item " + m.itemId() + " appears twice");
            }
            for (StampEvidence s : m.stamps()) {
                if (!reports.contains(s.reportId())) {
                    throw new IllegalArgumentException(
                            "message "
                                    + m.messageId()
                                    + ": stamp names report "
                                    + s.reportId()
                                    + ", which is not in the package");
                }
            }
            checkParty(in, m.sender(), "message " + m.messageId() + ": sender");
            if (!m.sender().equals(in.kase().reportedAccount()) && m.frankingKey() != null) {
                throw new IllegalArgumentException(
                        "message "
                                + m.messageId()
                                + ": a franking key for a pseudonymised sender would let anyone"
                                + " test guesses at their real id; leave it out");
            }
            for (StampEvidence s : m.stamps()) {
                checkParty(in, s.recipient(), "message " + m.messageId() + ": recipient");
                String reporter = reporterOf.get(s.reportId());
                if (EvidenceInput.isPseudonym(m.sender())
                        && reporter != null
                        && s.byReporter() != m.sender().equals(reporter)) {
                    throw new IllegalArgumentException(
                            "message "
                                    + m.messageId()
                                    + ": byReporter disagrees with the sender's pseudonym");
                }
            }
            int expected = 0;
            for (AttachmentEvidence a : m.attachments()) {
                if (a.n() != expected++) {
                    throw new IllegalArgumentException(
                            "message "
                                    + m.messageId()
                                    + ": attachments must be listed in commitment order 0, 1, 2,"
                                    + " ...");
                }
            }
        }
        checkTranscripts(in);
        long last = Long.MIN_VALUE;
        for (CustodyEvent e : in.custody()) {
            if (e.seq() <= last) {
                throw new IllegalArgumentException(
                        "custody events must be in increasing seq order");
            }
            last = e.seq();
        }
    }

    /** The reported account by its real id, anyone else by a pseudonym (issue 11's policy). */
    private static void checkParty(EvidenceInput in, String party, String what) {
        if (!party.equals(in.kase().reportedAccount()) && !EvidenceInput.isPseudonym(party)) {
            throw new IllegalArgumentException(
                    what
                            + " is neither the reported account nor a pseudonym of at least 128"
                            + " bits");
        }
    }

    /**
     * Each report's messages hold the positions 0..n-1 once each, and the stored transcript
     * (position and gaps of every message) is what §5.5 gives: a package that would fail its own
     * verification is never signed.
     */
    private static void checkTranscripts(EvidenceInput in) {
        Map<UUID, List<TranscriptOrder.Node>> nodes = new LinkedHashMap<>();
        Map<UUID, List<StampEvidence>> claims = new LinkedHashMap<>();
        for (MessageEvidence m : in.messages()) {
            List<byte[]> prev = m.prev().stream().map(Commitment::toBytes).toList();
            Set<UUID> seen = new HashSet<>();
            for (StampEvidence s : m.stamps()) {
                if (!seen.add(s.reportId())) {
                    throw new IllegalArgumentException(
                            "message " + m.messageId() + ": twice in report " + s.reportId());
                }
                nodes.computeIfAbsent(s.reportId(), k -> new ArrayList<>())
                        .add(
                                new TranscriptOrder.Node(
                                        s.index(),
                                        m.commitment().toBytes(),
                                        prev,
                                        s.stamp().receivedAt()));
                claims.computeIfAbsent(s.reportId(), k -> new ArrayList<>()).add(s);
            }
        }
        for (var e : nodes.entrySet()) {
            List<TranscriptOrder.Node> ns = e.getValue();
            List<StampEvidence> cs = claims.get(e.getKey());
            boolean[] index = new boolean[ns.size()];
            for (TranscriptOrder.Node n : ns) {
                if (n.index() >= ns.size() || index[n.index()]) {
                    throw new IllegalArgumentException(
                            "report "
                                    + e.getKey()
                                    + ": its messages must hold the indexes 0.."
                                    + (ns.size() - 1)
                                    + " once each");
                }
                index[n.index()] = true;
            }
            TranscriptOrder.Result r = TranscriptOrder.of(ns);
            for (int i = 0; i < ns.size(); i++) {
                StampEvidence s = cs.get(i);
                if (s.transcriptPosition() != r.position()[i] || s.gaps() != r.gaps()[i]) {
                    throw new IllegalArgumentException(
                            "report "
                                    + e.getKey()
                                    + ", message index "
                                    + s.index()
                                    + ": the stored transcript (position "
                                    + s.transcriptPosition()
                                    + ", "
                                    + s.gaps()
                                    + " gaps) is not PROTOCOL.md §5.5's (position "
                                    + r.position()[i]
                                    + ", "
                                    + r.gaps()[i]
                                    + " gaps)");
                }
            }
        }
    }

    private static Object time(Instant t) {
        return t == null ? null : t.toString();
    }

    /**
     * A file extension for a content type, so that an agency's tools open the file; {@code .bin} if
     * unknown.
     */
    static String extension(String contentType) {
        String t = contentType.toLowerCase(Locale.ROOT);
        int semi = t.indexOf(';');
        if (semi >= 0) {
            t = t.substring(0, semi);
        }
        return switch (t.strip()) {
            case "text/plain" -> ".txt";
            case "text/html" -> ".html";
            case "application/json" -> ".json";
            case "application/pdf" -> ".pdf";
            case "image/png" -> ".png";
            case "image/jpeg" -> ".jpg";
            case "image/gif" -> ".gif";
            case "image/webp" -> ".webp";
            case "image/heic" -> ".heic";
            case "video/mp4" -> ".mp4";
            case "video/quicktime" -> ".mov";
            case "video/webm" -> ".webm";
            case "audio/mpeg" -> ".mp3";
            case "audio/ogg" -> ".ogg";
            case "audio/mp4" -> ".m4a";
            default -> ".bin";
        };
    }

    private static byte[] zip(
            byte[] manifest, byte[] signature, List<PackedFile> files, Instant createdAt) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        FileTime time = FileTime.from(createdAt);
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            put(zip, MANIFEST, manifest, time);
            put(zip, SIGNATURE, signature, time);
            for (PackedFile f : files) {
                put(zip, f.path(), f.data(), time);
            }
        } catch (IOException e) {
            throw new IllegalStateException("writing the evidence ZIP in memory failed", e);
        }
        return bytes.toByteArray();
    }

    private static void put(ZipOutputStream zip, String name, byte[] data, FileTime time)
            throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setLastModifiedTime(time);
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }
}
