package dev.franking.evidence;

import dev.franking.evidence.EvidenceInput.AttachmentEvidence;
import dev.franking.evidence.EvidenceInput.CaseInfo;
import dev.franking.evidence.EvidenceInput.CustodyEvent;
import dev.franking.evidence.EvidenceInput.MessageEvidence;
import dev.franking.evidence.EvidenceInput.ReportInfo;
import dev.franking.evidence.EvidenceInput.StampEvidence;
import dev.franking.v2.AttachmentDescriptor;
import dev.franking.v2.Commitment;
import dev.franking.v2.FrankingKey;
import dev.franking.v2.Kid;
import dev.franking.v2.MessageContent;
import dev.franking.v2.Opening;
import dev.franking.v2.RouteSalt;
import dev.franking.v2.Stamp;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A sample case against alice: two reports, three messages. Report 1 (by bob) holds alice's m-1
 * (reported; one uploaded and one never-uploaded attachment), alice's earlier m-0 and bob's own
 * reply r-1 between them; m-1's prev names r-1 (a link) and a message no report holds (a gap).
 * Report 2 (by carol) holds m-1 alone, so both its prev entries are gaps there. Custody rows.
 */
final class Samples {
    static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final UUID CASE = UUID.fromString("7f1c2a4e-0d1b-4a5e-9c3f-2b6d8e9f0a11");
    static final UUID REPORT_1 = UUID.fromString("11111111-2222-4333-8444-555555555555");
    static final UUID REPORT_2 = UUID.fromString("66666666-7777-4888-9999-aaaaaaaaaaaa");
    static final byte[] PNG = pngLike();

    /** bob, the first reporter, as the platform's keyed pseudonyms name him (128 bits). */
    static final String BOB = "P-1A2B3C4D5E6F708192A3B4C5D6E7F801";

    /** carol, the second reporter. */
    static final String CAROL = "P-99887766554433221100FFEEDDCCBBAA";

    /** What alice had seen when she wrote m-1, but no report holds. */
    static final Commitment UNREPORTED = Commitment.fromBytes(sha256("unreported"));

    /** A time-stamping authority run in-process, at the samples' clock. */
    static final LocalTimeStampAuthority TSA =
            LocalTimeStampAuthority.generate("Example TSA", CLOCK);

    /**
     * The platform's signer (ECDSA and ML-DSA, time-stamped by {@link #TSA}), made once: key
     * generation is the slow part.
     */
    static final EvidenceSigner PLATFORM =
            EvidenceSigner.generate("Example Messenger", CLOCK).withTimeStamps(TSA);

    /**
     * The head of the audit log when the sample package is built: rows of other cases follow 44.
     */
    static final EvidenceInput.AuditChainHead HEAD =
            new EvidenceInput.AuditChainHead(
                    57, Instant.parse("2026-11-30T11:59:00Z"), sha256("head 57"));

    private Samples() {}

    static EvidenceInput input() {
        return input(false);
    }

    /**
     * @param wrongCommitment give the second message a commitment to other content
     */
    static EvidenceInput input(boolean wrongCommitment) {
        SecureRandom rnd = new SecureRandom();
        long sentAt = 1_764_399_999_000L;
        String text = "text/plain; charset=utf-8";

        // alice's earlier message (context, index 1 of report 1)
        byte[] body0 = "context: earlier message".getBytes(StandardCharsets.UTF_8);
        FrankingKey fk0 = FrankingKey.generate();
        MessageContent c0 =
                new MessageContent(
                        "m-0",
                        "alice",
                        "conv-9",
                        sentAt - 60_000,
                        List.of(),
                        text,
                        body0,
                        List.of());
        Commitment cm0 =
                wrongCommitment
                        ? Opening.restore(
                                        new MessageContent(
                                                "m-0",
                                                "alice",
                                                "conv-9",
                                                sentAt - 60_000,
                                                List.of(),
                                                text,
                                                "something else".getBytes(StandardCharsets.UTF_8),
                                                List.of()),
                                        fk0)
                                .commitment()
                        : Opening.restore(c0, fk0).commitment();

        // bob's reply (context written by the reporter, index 2 of report 1): it saw m-0
        byte[] bodyR = "stop it".getBytes(StandardCharsets.UTF_8);
        Commitment cmR =
                Opening.restore(
                                new MessageContent(
                                        "r-1",
                                        "bob",
                                        "conv-9",
                                        sentAt - 30_000,
                                        List.of(cm0),
                                        text,
                                        bodyR,
                                        List.of()),
                                FrankingKey.generate())
                        .commitment();

        // alice's reported message: it saw bob's reply, and one message no report holds
        byte[] body1 = "you will regret this".getBytes(StandardCharsets.UTF_8);
        FrankingKey fk1 = FrankingKey.generate();
        AttachmentDescriptor png = AttachmentDescriptor.of("image/png", PNG);
        AttachmentDescriptor video = new AttachmentDescriptor("video/mp4", 4096, new byte[32]);
        List<Commitment> prev1 = sorted(cmR, UNREPORTED);
        MessageContent c1 =
                new MessageContent(
                        "m-1", "alice", "conv-9", sentAt, prev1, text, body1, List.of(png, video));

        Instant verified = Instant.parse("2026-11-29T07:06:41.250Z");
        Instant keyExpires = Instant.parse("2027-02-27T00:00:00Z");
        Kid kid = new Kid("k20261129");
        Stamp s1 = new Stamp(kid, 1_764_400_000_000L, mac(rnd));
        Stamp s1b = new Stamp(kid, 1_764_400_000_007L, mac(rnd));
        Stamp s0 = new Stamp(kid, 1_764_399_940_100L, mac(rnd));
        Stamp sR = new Stamp(kid, 1_764_399_970_200L, mac(rnd));
        Instant viewed = Instant.parse("2026-11-29T09:15:00.123456Z");

        MessageEvidence m1 =
                new MessageEvidence(
                        UUID.randomUUID(),
                        "m-1",
                        "alice",
                        "conv-9",
                        sentAt,
                        prev1,
                        text,
                        body1,
                        List.of(viewed),
                        Opening.restore(c1, fk1).commitment(),
                        fk1,
                        List.of(
                                new AttachmentEvidence(
                                        0, "image/png", PNG.length, png.sha256(), PNG, List.of()),
                                new AttachmentEvidence(
                                        1, "video/mp4", 4096, new byte[32], null, List.of())),
                        List.of(
                                new StampEvidence(
                                        REPORT_1,
                                        0,
                                        BOB,
                                        s1,
                                        RouteSalt.generate(),
                                        2,
                                        1,
                                        false,
                                        verified,
                                        keyExpires),
                                new StampEvidence(
                                        REPORT_2,
                                        0,
                                        CAROL,
                                        s1b,
                                        RouteSalt.generate(),
                                        0,
                                        2,
                                        false,
                                        verified.plusSeconds(3600),
                                        keyExpires)));
        MessageEvidence m0 =
                new MessageEvidence(
                        UUID.randomUUID(),
                        "m-0",
                        "alice",
                        "conv-9",
                        sentAt - 60_000,
                        List.of(),
                        text,
                        body0,
                        List.of(),
                        cm0,
                        fk0,
                        List.of(),
                        List.of(
                                new StampEvidence(
                                        REPORT_1,
                                        1,
                                        BOB,
                                        s0,
                                        RouteSalt.generate(),
                                        0,
                                        0,
                                        false,
                                        verified,
                                        keyExpires)));
        MessageEvidence r1 =
                new MessageEvidence(
                        UUID.randomUUID(),
                        "r-1",
                        BOB,
                        "conv-9",
                        sentAt - 30_000,
                        List.of(cm0),
                        text,
                        bodyR,
                        List.of(),
                        cmR,
                        null, // bob is pseudonymised: his opening stays out (EVIDENCE.md)
                        List.of(),
                        List.of(
                                new StampEvidence(
                                        REPORT_1,
                                        2,
                                        "alice",
                                        sR,
                                        RouteSalt.generate(),
                                        1,
                                        0,
                                        true,
                                        verified,
                                        keyExpires)));

        List<CustodyEvent> custody = new ArrayList<>();
        byte[] prev = new byte[32];
        prev[0] = 7;
        Object[][] rows = {
            {
                41L,
                "2026-11-29T07:06:41.250Z",
                "system",
                "report.received",
                REPORT_1.toString(),
                null
            },
            {42L, "2026-11-29T09:10:00Z", "mod.jane", "case.claimed", null, null},
            {43L, "2026-11-29T09:15:00.123456Z", "mod.jane", "evidence.viewed", "m-1", "body"},
            {44L, "2026-11-29T09:20:00Z", "mod.jane", "case.decided", null, "SUSPEND"},
        };
        for (Object[] r : rows) {
            byte[] h =
                    auditHash(
                            prev,
                            (long) r[0],
                            Instant.parse((String) r[1]),
                            (String) r[2],
                            (String) r[3],
                            CASE,
                            (String) r[4],
                            (String) r[5]);
            custody.add(
                    new CustodyEvent(
                            (long) r[0],
                            Instant.parse((String) r[1]),
                            (String) r[2],
                            (String) r[3],
                            (String) r[4],
                            (String) r[5],
                            prev,
                            h));
            prev = h;
        }
        return new EvidenceInput(
                UUID.fromString("0a0b0c0d-1111-4222-8333-444455556666"),
                "Example Messenger",
                new CaseInfo(
                        CASE,
                        "alice",
                        Instant.parse("2026-11-29T07:06:41.250Z"),
                        Instant.parse("2026-11-29T09:20:00Z"),
                        "SUSPEND",
                        Instant.parse("2026-11-29T09:20:00Z")),
                List.of(
                        new ReportInfo(
                                REPORT_1,
                                BOB,
                                "violent_threat",
                                Instant.parse("2026-11-29T07:06:41.250Z")),
                        new ReportInfo(
                                REPORT_2,
                                CAROL,
                                "harassment",
                                Instant.parse("2026-11-29T08:06:41.250Z"))),
                List.of(m1, m0, r1),
                custody,
                HEAD);
    }

    static List<Commitment> sorted(Commitment... cs) {
        List<Commitment> l = new ArrayList<>(List.of(cs));
        l.sort(null);
        return l;
    }

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- rewriting signatures --------------------------------------------------------------

    /**
     * {@code p7s} with its SignerInfos replaced by {@code change}'s (everything else kept, nothing
     * re-signed): how an attacker edits a signature without the keys.
     */
    static byte[] rewriteSigners(
            byte[] p7s, UnaryOperator<List<org.bouncycastle.asn1.cms.SignerInfo>> change) {
        var ci = org.bouncycastle.asn1.cms.ContentInfo.getInstance(p7s);
        var sd = org.bouncycastle.asn1.cms.SignedData.getInstance(ci.getContent());
        List<org.bouncycastle.asn1.cms.SignerInfo> infos = new ArrayList<>();
        for (var e : sd.getSignerInfos()) {
            infos.add(org.bouncycastle.asn1.cms.SignerInfo.getInstance(e));
        }
        infos = change.apply(infos);
        var v = new org.bouncycastle.asn1.ASN1EncodableVector();
        infos.forEach(v::add);
        var out =
                new org.bouncycastle.asn1.cms.SignedData(
                        sd.getDigestAlgorithms(),
                        sd.getEncapContentInfo(),
                        sd.getCertificates(),
                        sd.getCRLs(),
                        new org.bouncycastle.asn1.DERSet(v));
        try {
            return new org.bouncycastle.asn1.cms.ContentInfo(ci.getContentType(), out)
                    .getEncoded(org.bouncycastle.asn1.ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A SignerInfo with other unsigned attributes (null for none). */
    static org.bouncycastle.asn1.cms.SignerInfo withUnsigned(
            org.bouncycastle.asn1.cms.SignerInfo si, org.bouncycastle.asn1.ASN1Set unsigned) {
        return new org.bouncycastle.asn1.cms.SignerInfo(
                si.getSID(),
                si.getDigestAlgorithm(),
                si.getAuthenticatedAttributes(),
                si.getDigestEncryptionAlgorithm(),
                si.getEncryptedDigest(),
                unsigned);
    }

    /** A SignerInfo with one bit of its signature value flipped. */
    static org.bouncycastle.asn1.cms.SignerInfo withFlippedSignature(
            org.bouncycastle.asn1.cms.SignerInfo si) {
        byte[] sig = si.getEncryptedDigest().getOctets();
        sig[sig.length / 2] ^= 1;
        return new org.bouncycastle.asn1.cms.SignerInfo(
                si.getSID(),
                si.getDigestAlgorithm(),
                si.getAuthenticatedAttributes(),
                si.getDigestEncryptionAlgorithm(),
                new org.bouncycastle.asn1.DEROctetString(sig),
                si.getUnauthenticatedAttributes());
    }

    /** Whether a SignerInfo is the ML-DSA one (by its signature algorithm). */
    static boolean isMlDsa(org.bouncycastle.asn1.cms.SignerInfo si) {
        return si.getDigestEncryptionAlgorithm()
                .getAlgorithm()
                .getId()
                .startsWith(EvidenceVerifier.ML_DSA_ARC);
    }

    /** The audit log's row hash, as dev.franking.service.audit.AuditLog computes it. */
    static byte[] auditHash(
            byte[] prev,
            long seq,
            Instant at,
            String actor,
            String event,
            UUID caseId,
            String subject,
            String detail) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(prev);
            for (String s :
                    new String[] {
                        Long.toString(seq),
                        at.toString(),
                        actor,
                        event,
                        caseId == null ? "" : caseId.toString(),
                        subject == null ? "" : subject,
                        detail == null ? "" : detail
                    }) {
                byte[] b = s.getBytes(StandardCharsets.UTF_8);
                md.update(ByteBuffer.allocate(4).putInt(b.length).array());
                md.update(b);
            }
            return md.digest();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] mac(SecureRandom rnd) {
        byte[] b = new byte[32];
        rnd.nextBytes(b);
        return b;
    }

    private static byte[] pngLike() {
        byte[] b = new byte[2000];
        new java.util.Random(1).nextBytes(b);
        byte[] sig = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        System.arraycopy(sig, 0, b, 0, sig.length);
        return b;
    }

    static EvidencePackageBuilder.EvidencePackage build() {
        return new EvidencePackageBuilder(PLATFORM, CLOCK).build(input());
    }

    // ---- rewriting packages ----------------------------------------------------------------

    static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                out.put(e.getName(), in.readAllBytes());
            }
        }
        return out;
    }

    static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (var e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    static byte[] rewrite(byte[] zip, UnaryOperator<Map<String, byte[]>> change)
            throws IOException {
        return zip(change.apply(unzip(zip)));
    }
}
