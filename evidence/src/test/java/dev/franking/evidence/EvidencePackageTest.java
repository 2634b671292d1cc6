package dev.franking.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.franking.evidence.EvidenceVerifier.Pin;
import dev.franking.evidence.VerificationReport.Check;
import dev.franking.evidence.VerificationReport.Status;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvidencePackageTest {
    private static final String BODY = "messages/001/body.txt";
    private static final String PNG = "messages/001/attachment-00.png";
    private static final String BODY_2 = "messages/002/body.txt";
    private static final String BODY_3 = "messages/003/body.txt";
    private static final String TRANSCRIPT_1 = "transcript of report " + Samples.REPORT_1;
    private static final String TRANSCRIPT_2 = "transcript of report " + Samples.REPORT_2;

    @TempDir Path dir;

    private final EvidenceVerifier verifier = new EvidenceVerifier();
    private final EvidencePackageBuilder.EvidencePackage pkg = Samples.build();

    private VerificationReport pinned(byte[] zip) {
        return verifier.verify(zip, Pin.certificate(Samples.PLATFORM.certificate()));
    }

    private static List<String> failing(VerificationReport r) {
        return r.failures().stream().map(Check::toString).toList();
    }

    // ---- a good package --------------------------------------------------------------------

    @Test
    void aBuiltPackageVerifiesWhenPinnedToThePlatformCertificate() {
        VerificationReport r = pinned(pkg.zip());
        assertThat(failing(r)).isEmpty();
        assertThat(r.ok()).isTrue();
        assertThat(r.warnings()).isEmpty();
        assertThat(r.summary().caseId()).isEqualTo(Samples.CASE.toString());
        assertThat(r.summary().reports()).isEqualTo(2);
        assertThat(r.summary().messages()).isEqualTo(3);
        assertThat(r.summary().attachments()).isEqualTo(2);
        assertThat(r.summary().files()).isEqualTo(4);
        assertThat(r.summary().custodyEvents()).isEqualTo(4);
        assertThat(r.summary().signedAt()).isEqualTo(Samples.NOW);
        assertThat(r.summary().signer()).isEqualTo("CN=Example Messenger evidence signing");
        assertThat(r.checks())
                .extracting(Check::subject)
                .contains(
                        "zip",
                        "manifest.json",
                        "signature",
                        "signature (ML-DSA)",
                        "timestamp",
                        "timestamp (ML-DSA)",
                        "signer certificate",
                        "signer certificate (ML-DSA)",
                        "signer pinned",
                        "signers",
                        "audit chain head",
                        BODY,
                        PNG,
                        BODY_2,
                        BODY_3,
                        "unlisted files",
                        "message m-1",
                        "message m-0",
                        "message r-1",
                        TRANSCRIPT_1,
                        TRANSCRIPT_2,
                        "custody");
        assertThat(r.checks())
                .filteredOn(c -> c.subject().equals(TRANSCRIPT_1))
                .singleElement()
                .satisfies(
                        c ->
                                assertThat(c.message())
                                        .contains("3 message(s) in causal order, 1 gap(s)"));
        assertThat(r.checks())
                .filteredOn(c -> c.subject().equals("message r-1"))
                .singleElement()
                .satisfies(c -> assertThat(c.message()).contains("pseudonymised"));
        assertThat(r.render())
                .contains("RESULT: VERIFIED")
                .contains(Samples.CASE.toString())
                .contains("(pinned)");
    }

    @Test
    void theFingerprintPinsTheSignerToo() {
        String fp = Samples.PLATFORM.fingerprint();
        assertThat(verifier.verify(pkg.zip(), Pin.fingerprint(fp)).ok()).isTrue();
        assertThat(
                        verifier.verify(
                                        pkg.zip(),
                                        Pin.fingerprint(fp.replace(":", "").toLowerCase()))
                                .ok())
                .isTrue();
    }

    @Test
    void unpinnedItVerifiesWithAWarningThatNamesTheFingerprint() {
        VerificationReport r = verifier.verify(pkg.zip(), Pin.none());
        assertThat(r.ok()).isTrue();
        assertThat(r.warnings())
                .singleElement()
                .satisfies(
                        w -> {
                            assertThat(w.subject()).isEqualTo("signer unpinned");
                            assertThat(w.message()).contains(Samples.PLATFORM.fingerprint());
                        });
        assertThat(r.render()).contains("NOT pinned");
    }

    @Test
    void theManifestIsCanonicalAndRecordsViewsOnlyWhereGiven() throws Exception {
        byte[] manifest = Samples.unzip(pkg.zip()).get("manifest.json");
        assertThat(manifest).isEqualTo(pkg.manifest());
        assertThat(CanonicalJson.isCanonical(manifest)).isTrue();
        String json = new String(manifest, StandardCharsets.UTF_8);
        assertThat(json)
                .startsWith("{\"assurance\":{") // v3 added it; members are sorted
                .doesNotContain("\n")
                .contains("\"format\":\"franking-evidence/v3\"")
                // the policy: the reported account by id, the reporter only by pseudonym
                .doesNotContain("\"bob\"")
                .contains("\"senderPseudonym\":\"" + Samples.BOB + "\"")
                .contains("\"recipientPseudonym\":\"" + Samples.CAROL + "\"")
                .contains("\"recipientId\":\"alice\"")
                .contains("\"assurance\":{\"platformStatement\":[\"stamps: ");
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) CanonicalJson.parse(manifest);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> files = (List<Map<String, Object>>) m.get("files");
        assertThat(files).extracting(f -> f.get("path")).containsExactly(BODY, PNG, BODY_2, BODY_3);
        assertThat(files)
                .extracting(f -> f.get("viewedByPlatform"))
                .containsExactly(true, false, false, false);
        Map<String, Object> m1 = message(m, 0);
        assertThat(m1.get("prev"))
                .isEqualTo(
                        Samples.sorted(commitmentOf(message(m, 2)), Samples.UNREPORTED).stream()
                                .map(dev.franking.v2.Commitment::toBase64)
                                .toList());
        assertThat(stamp(m1, 0))
                .containsEntry("transcriptPosition", 2)
                .containsEntry("gaps", 1)
                .containsEntry("byReporter", false);
        assertThat(stamp(m1, 0).get("routeSalt")).asString().hasSize(22); // 16 bytes, base64url
        assertThat(stamp(m1, 1)).containsEntry("transcriptPosition", 0).containsEntry("gaps", 2);
        assertThat(stamp(message(m, 2), 0)).containsEntry("byReporter", true);
        assertThat(message(m, 2))
                .containsEntry("senderId", null)
                .containsEntry("frankingKey", null);
        assertThat(files.get(0).get("viewedAt")).isEqualTo(List.of("2026-11-29T09:15:00.123456Z"));
        assertThat(files.get(1).get("md5")).isEqualTo(Hashes.md5Hex(Samples.PNG));
        assertThat(json).contains("\"file\":null"); // the never-uploaded video
    }

    @Test
    void theCommandVerifiesAPinnedPackageWithExitCodeZero() throws Exception {
        Path zip = Files.write(dir.resolve("case.zip"), pkg.zip());
        Path cert =
                Files.writeString(
                        dir.resolve("platform.pem"),
                        EvidenceSigner.pem(Samples.PLATFORM.certificate()));
        Result r = cli("verify", zip.toString(), "--cert", cert.toString());
        assertThat(r.code).as(r.out + r.err).isEqualTo(0);
        assertThat(r.out)
                .contains("OK   signature:")
                .contains("OK   " + BODY + ":")
                .contains("RESULT: VERIFIED");
        assertThat(r.err).isEmpty();

        // intact but nobody named the signer: not "verified" (exit 2, issue 13)
        Result unpinned = cli("verify", zip.toString());
        assertThat(unpinned.code).isEqualTo(2);
        assertThat(unpinned.out).contains("RESULT: INTACT BUT NOT PINNED");
        assertThat(unpinned.out).contains("WARN signer unpinned");

        Result fp = cli("fingerprint", cert.toString());
        assertThat(fp.out).startsWith(Samples.PLATFORM.fingerprint());
    }

    // ---- tampering -------------------------------------------------------------------------

    @Test
    void oneChangedByteInAContentFileFailsNamingTheFile() throws Exception {
        byte[] bad =
                Samples.rewrite(
                        pkg.zip(),
                        m -> {
                            m.get(BODY)[3] ^= 1;
                            return m;
                        });
        VerificationReport r = pinned(bad);
        assertThat(r.ok()).isFalse();
        assertThat(r.failures())
                .anySatisfy(
                        c -> {
                            assertThat(c.subject()).isEqualTo(BODY);
                            assertThat(c.message())
                                    .contains("SHA-256 is")
                                    .contains("the manifest says");
                        });
        // the signature over the manifest still holds: it is the file that is wrong
        assertThat(r.checks())
                .anySatisfy(
                        c ->
                                assertThat(c)
                                        .extracting(Check::subject, Check::status)
                                        .containsExactly("signature", Status.OK));

        Path zip = Files.write(dir.resolve("changed.zip"), bad);
        Result cli = cli("verify", zip.toString());
        assertThat(cli.code).isEqualTo(1);
        assertThat(cli.out)
                .contains("FAIL " + BODY + ": does not match the manifest")
                .contains("RESULT: FAILED");
    }

    @Test
    void swappedFilesFail() throws Exception {
        byte[] bad =
                Samples.rewrite(
                        pkg.zip(),
                        m -> {
                            byte[] a = m.get(BODY);
                            m.put(BODY, m.get(BODY_2));
                            m.put(BODY_2, a);
                            return m;
                        });
        VerificationReport r = pinned(bad);
        assertThat(r.ok()).isFalse();
        assertThat(r.failures()).extracting(Check::subject).contains(BODY, BODY_2);
    }

    @Test
    void aManifestChangedAfterSigningFailsTheSignature() throws Exception {
        byte[] bad =
                Samples.rewrite(
                        pkg.zip(),
                        m -> {
                            String json =
                                    new String(m.get("manifest.json"), StandardCharsets.UTF_8);
                            // still canonical, still consistent with the files: only the signature
                            // can tell
                            m.put(
                                    "manifest.json",
                                    json.replace(
                                                    "\"decision\":\"SUSPEND\"",
                                                    "\"decision\":\"DISMISS\"")
                                            .getBytes(StandardCharsets.UTF_8));
                            return m;
                        });
        VerificationReport r = pinned(bad);
        assertThat(r.ok()).isFalse();
        // both signatures (ECDSA and ML-DSA) cover the manifest, and both fail
        assertThat(r.failures())
                .hasSize(2)
                .allSatisfy(c -> assertThat(c.message()).contains("changed after signing"))
                .extracting(Check::subject)
                .containsExactly("signature", "signature (ML-DSA)");
    }

    @Test
    void aForeignSignatureFailsWhenPinnedAndIsReportedAsUnpinnedOtherwise() throws Exception {
        // someone builds and signs a package with their own self-signed certificates (even ones
        // with the platform's name), and has it time-stamped by a real TSA
        EvidenceSigner foreign =
                EvidenceSigner.generate("Example Messenger", Samples.CLOCK)
                        .withTimeStamps(Samples.TSA);
        byte[] bad =
                new EvidencePackageBuilder(foreign, Samples.CLOCK).build(Samples.input()).zip();
        VerificationReport r = pinned(bad);
        assertThat(r.ok()).isFalse();
        assertThat(r.failures())
                .singleElement()
                .satisfies(
                        c -> {
                            assertThat(c.subject()).isEqualTo("signer pinned");
                            assertThat(c.message())
                                    .contains("FOREIGN SIGNATURE")
                                    .contains(foreign.fingerprint())
                                    .contains(Samples.PLATFORM.fingerprint());
                        });
        assertThat(verifier.verify(bad, Pin.fingerprint(Samples.PLATFORM.fingerprint())).ok())
                .isFalse();

        VerificationReport unpinned = verifier.verify(bad, Pin.none());
        assertThat(unpinned.ok()).isTrue();
        assertThat(unpinned.summary().signerFingerprint())
                .isEqualTo(foreign.fingerprint())
                .isNotEqualTo(Samples.PLATFORM.fingerprint());
        assertThat(unpinned.warnings())
                .singleElement()
                .satisfies(w -> assertThat(w.message()).contains(foreign.fingerprint()));

        Path zip = Files.write(dir.resolve("foreign.zip"), bad);
        Path cert =
                Files.writeString(
                        dir.resolve("platform.pem"),
                        EvidenceSigner.pem(Samples.PLATFORM.certificate()));
        Result cli = cli("verify", zip.toString(), "--cert", cert.toString());
        assertThat(cli.code).isEqualTo(1);
        assertThat(cli.out).contains("FAIL signer pinned: FOREIGN SIGNATURE");
    }

    @Test
    void anExtraUnlistedFileFails() throws Exception {
        byte[] bad =
                Samples.rewrite(
                        pkg.zip(),
                        m -> {
                            m.put(
                                    "messages/001/extra.txt",
                                    "planted".getBytes(StandardCharsets.UTF_8));
                            return m;
                        });
        VerificationReport r = pinned(bad);
        assertThat(r.ok()).isFalse();
        assertThat(r.failures())
                .singleElement()
                .satisfies(
                        c -> {
                            assertThat(c.subject()).isEqualTo("messages/001/extra.txt");
                            assertThat(c.message()).contains("not listed in the manifest");
                        });
    }

    @Test
    void aMissingFileFails() throws Exception {
        byte[] bad =
                Samples.rewrite(
                        pkg.zip(),
                        m -> {
                            m.remove(PNG);
                            return m;
                        });
        assertThat(pinned(bad).failures())
                .anySatisfy(
                        c -> {
                            assertThat(c.subject()).isEqualTo(PNG);
                            assertThat(c.message()).contains("missing from the ZIP");
                        });
    }

    @Test
    void aMissingSignatureFails() throws Exception {
        byte[] bad =
                Samples.rewrite(
                        pkg.zip(),
                        m -> {
                            m.remove("manifest.json.p7s");
                            return m;
                        });
        assertThat(pinned(bad).failures())
                .anySatisfy(c -> assertThat(c.message()).contains("not signed"));
    }

    @Test
    void aTruncatedZipFailsCleanly() throws Exception {
        byte[] zip = pkg.zip();
        for (int cut : new int[] {zip.length - 10, zip.length / 2, 30, 0}) {
            byte[] truncated = Arrays.copyOf(zip, cut);
            VerificationReport r = pinned(truncated);
            assertThat(r.ok()).as("cut at " + cut).isFalse();
            assertThat(r.failures())
                    .first()
                    .satisfies(c -> assertThat(c.subject()).isEqualTo("zip"));

            Path file = Files.write(dir.resolve("truncated-" + cut + ".zip"), truncated);
            Result cli = cli("verify", file.toString());
            assertThat(cli.code).isEqualTo(1);
            assertThat(cli.out + cli.err)
                    .contains("FAIL zip:")
                    .doesNotContain("Exception")
                    .doesNotContain("\tat ");
        }
    }

    @Test
    void pathTraversalAndDuplicateEntriesFail() throws Exception {
        byte[] traversal =
                Samples.rewrite(
                        pkg.zip(),
                        m -> {
                            m.put("../../etc/cron.d/x", "x".getBytes(StandardCharsets.UTF_8));
                            return m;
                        });
        VerificationReport r = pinned(traversal);
        assertThat(r.ok()).isFalse();
        assertThat(r.failures())
                .anySatisfy(c -> assertThat(c.message()).contains("path traversal"));

        byte[] absolute =
                Samples.rewrite(
                        pkg.zip(),
                        m -> {
                            m.put("/tmp/x", "x".getBytes(StandardCharsets.UTF_8));
                            return m;
                        });
        assertThat(pinned(absolute).failures())
                .anySatisfy(c -> assertThat(c.message()).contains("path traversal"));

        // two entries with the same name: ZipOutputStream refuses them, so rename one in the raw
        // bytes
        byte[] twin =
                Samples.rewrite(
                        pkg.zip(),
                        m -> {
                            m.put(
                                    "messages/001/bodX.txt",
                                    "a different body".getBytes(StandardCharsets.UTF_8));
                            return m;
                        });
        byte[] dup = replaceAll(twin, "messages/001/bodX.txt", BODY);
        VerificationReport d = pinned(dup);
        assertThat(d.ok()).isFalse();
        assertThat(d.failures())
                .anySatisfy(
                        c -> {
                            assertThat(c.subject()).isEqualTo("zip entry " + BODY);
                            assertThat(c.message()).contains("more than once");
                        });
    }

    @Test
    void aCommitmentThatDoesNotOpenFails() {
        byte[] zip =
                new EvidencePackageBuilder(Samples.PLATFORM, Samples.CLOCK)
                        .build(Samples.input(true))
                        .zip();
        VerificationReport r = pinned(zip);
        assertThat(r.failures())
                .singleElement()
                .satisfies(
                        c -> {
                            assertThat(c.subject()).isEqualTo("message m-0");
                            assertThat(c.message()).contains("commitment does not open");
                        });
    }

    @Test
    void aChangedCustodyEventFails() {
        EvidenceInput in = Samples.input();
        var events = new java.util.ArrayList<>(in.custody());
        var e = events.get(2);
        events.set(
                2,
                new EvidenceInput.CustodyEvent(
                        e.seq(),
                        e.at(),
                        "mod.someone.else",
                        e.event(),
                        e.subject(),
                        e.detail(),
                        e.prevHash(),
                        e.hash()));
        EvidenceInput edited =
                new EvidenceInput(
                        in.packageId(),
                        in.platform(),
                        in.kase(),
                        in.reports(),
                        in.messages(),
                        events);
        VerificationReport r =
                pinned(
                        new EvidencePackageBuilder(Samples.PLATFORM, Samples.CLOCK)
                                .build(edited)
                                .zip());
        assertThat(r.failures())
                .singleElement()
                .satisfies(
                        c -> {
                            assertThat(c.subject()).isEqualTo("custody");
                            assertThat(c.message()).contains("seq 43");
                        });
    }

    @Test
    void aNonCanonicalManifestFails() throws Exception {
        // same content, pretty-printed and re-signed by the platform: not what the builder writes
        byte[] bad =
                Samples.rewrite(
                        pkg.zip(),
                        m -> {
                            byte[] pretty =
                                    new String(m.get("manifest.json"), StandardCharsets.UTF_8)
                                            .replace(",\"", ", \"")
                                            .getBytes(StandardCharsets.UTF_8);
                            m.put("manifest.json", pretty);
                            m.put("manifest.json.p7s", Samples.PLATFORM.sign(pretty, Samples.NOW));
                            return m;
                        });
        assertThat(pinned(bad).failures())
                .singleElement()
                .satisfies(
                        c -> {
                            assertThat(c.subject()).isEqualTo("manifest.json");
                            assertThat(c.message()).contains("not in canonical form");
                        });
    }

    // ---- the transcript (PROTOCOL.md §5.5) --------------------------------------------------

    @Test
    void aPrevChangedAfterTheFactFailsEvenWhenThePlatformReSignsIt() throws Exception {
        // the gap entry of m-1 dropped from its prev: the commitment no longer opens, and the
        // transcript no longer has the gap the manifest claims
        byte[] zip =
                resigned(
                        m -> {
                            message(m, 0)
                                    .put("prev", List.of(commitmentOf(message(m, 2)).toBase64()));
                        });
        VerificationReport r = pinned(zip);
        assertThat(r.failures())
                .extracting(Check::subject)
                .containsExactlyInAnyOrder("message m-1", TRANSCRIPT_1, TRANSCRIPT_2);
        assertThat(failing(r).toString())
                .contains("commitment does not open")
                .contains("message m-1 is listed with 1 gap(s), its prev names 0");
        Path file = Files.write(dir.resolve("prev.zip"), zip);
        Path cert =
                Files.writeString(dir.resolve("platform.pem"), Samples.PLATFORM.certificatesPem());
        assertThat(cli("verify", file.toString(), "--cert", cert.toString()).code).isEqualTo(1);
    }

    @Test
    void aReorderedTranscriptFails() throws Exception {
        // the platform claims bob's reply came before alice's earlier message
        byte[] zip =
                resigned(
                        m -> {
                            stamp(message(m, 1), 0).put("transcriptPosition", 1);
                            stamp(message(m, 2), 0).put("transcriptPosition", 0);
                        });
        VerificationReport r = pinned(zip);
        assertThat(r.failures())
                .singleElement()
                .satisfies(
                        c -> {
                            assertThat(c.subject()).isEqualTo(TRANSCRIPT_1);
                            assertThat(c.message())
                                    .contains(
                                            "message m-0 is listed at position 1, the causal"
                                                    + " order puts it at 0")
                                    .contains("message r-1 is listed at position 0");
                        });
        Path file = Files.write(dir.resolve("reordered.zip"), zip);
        assertThat(cli("verify", file.toString()).code).isEqualTo(1); // broken beats unpinned
    }

    @Test
    void aReorderByTheSendersClockDoesNotMoveTheTranscript() throws Exception {
        // sentAt is the sender's claim: changing it (where no opening covers it) changes nothing of
        // the order, which follows the links and the platform's receivedAt
        byte[] zip = resigned(m -> message(m, 2).put("sentAt", 1L));
        assertThat(pinned(zip).failures()).isEmpty();
    }

    @Test
    void aHiddenGapFails() throws Exception {
        // report 2 holds m-1 alone: both its prev entries are gaps there, not none
        byte[] claimed = resigned(m -> stamp(message(m, 0), 1).put("gaps", 0));
        assertThat(pinned(claimed).failures())
                .singleElement()
                .satisfies(
                        c -> {
                            assertThat(c.subject()).isEqualTo(TRANSCRIPT_2);
                            assertThat(c.message())
                                    .contains("listed with 0 gap(s), its prev names 2");
                        });
        // bob's reply taken out of report 1 altogether: m-1's link to it becomes a gap
        byte[] removed =
                Samples.rewrite(
                        resigned(
                                m -> {
                                    @SuppressWarnings("unchecked")
                                    List<Object> messages = (List<Object>) m.get("messages");
                                    messages.remove(2);
                                    @SuppressWarnings("unchecked")
                                    List<Object> files = (List<Object>) m.get("files");
                                    files.remove(3);
                                }),
                        e -> {
                            e.remove(BODY_3);
                            return e;
                        });
        assertThat(pinned(removed).failures())
                .singleElement()
                .satisfies(
                        c -> {
                            assertThat(c.subject()).isEqualTo(TRANSCRIPT_1);
                            assertThat(c.message())
                                    .contains(
                                            "message m-1 is listed with 1 gap(s), its prev names"
                                                    + " 2");
                        });
    }

    @Test
    void aMessageMarkedAgainstItsSendersPseudonymFails() throws Exception {
        // bob's reply claimed as not his, in a package the platform signed
        byte[] zip = resigned(m -> stamp(message(m, 2), 0).put("byReporter", false));
        assertThat(pinned(zip).failures())
                .singleElement()
                .satisfies(
                        c -> {
                            assertThat(c.subject()).isEqualTo(TRANSCRIPT_1);
                            assertThat(c.message())
                                    .contains(
                                            "message r-1 is marked as not written by the reporter");
                        });
    }

    @Test
    void theBuilderRefusesATranscriptThatIsNotTheProtocolsOrAReporterByRealId() {
        EvidenceInput in = Samples.input();
        var m0 = in.messages().get(1);
        var s = m0.stamps().get(0);
        var wrong =
                new EvidenceInput.StampEvidence(
                        s.reportId(),
                        s.index(),
                        s.recipient(),
                        s.stamp(),
                        s.routeSalt(),
                        1,
                        s.gaps(),
                        s.byReporter(),
                        s.verifiedAt(),
                        s.keyExpiresAt());
        var builder = new EvidencePackageBuilder(Samples.PLATFORM, Samples.CLOCK);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> builder.build(withMessage(in, 1, withStamps(m0, List.of(wrong)))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not PROTOCOL.md §5.5's");
        var bobByName =
                new EvidenceInput.StampEvidence(
                        s.reportId(),
                        s.index(),
                        "bob",
                        s.stamp(),
                        s.routeSalt(),
                        s.transcriptPosition(),
                        s.gaps(),
                        s.byReporter(),
                        s.verifiedAt(),
                        s.keyExpiresAt());
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> builder.build(withMessage(in, 1, withStamps(m0, List.of(bobByName)))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("neither the reported account nor a pseudonym");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () ->
                                new EvidenceInput.ReportInfo(
                                        Samples.REPORT_1, "P-1A2B3C4D", "spam", Samples.NOW))
                .hasMessageContaining("128 bits");
    }

    // ---- helpers ---------------------------------------------------------------------------

    /** The sample package with its manifest changed and signed again by the platform's keys. */
    private byte[] resigned(java.util.function.Consumer<Map<String, Object>> change)
            throws Exception {
        return Samples.rewrite(
                pkg.zip(),
                e -> {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> m =
                            (Map<String, Object>) CanonicalJson.parse(e.get("manifest.json"));
                    change.accept(m);
                    byte[] bytes = CanonicalJson.write(m);
                    e.put("manifest.json", bytes);
                    e.put("manifest.json.p7s", Samples.PLATFORM.sign(bytes, Samples.NOW));
                    return e;
                });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> message(Map<String, Object> manifest, int i) {
        return (Map<String, Object>) ((List<Object>) manifest.get("messages")).get(i);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> stamp(Map<String, Object> message, int i) {
        return (Map<String, Object>) ((List<Object>) message.get("stamps")).get(i);
    }

    private static dev.franking.v2.Commitment commitmentOf(Map<String, Object> message) {
        return dev.franking.v2.Commitment.fromBase64((String) message.get("commitment"));
    }

    private static EvidenceInput withMessage(
            EvidenceInput in, int i, EvidenceInput.MessageEvidence m) {
        var messages = new java.util.ArrayList<>(in.messages());
        messages.set(i, m);
        return new EvidenceInput(
                in.packageId(), in.platform(), in.kase(), in.reports(), messages, in.custody());
    }

    private static EvidenceInput.MessageEvidence withStamps(
            EvidenceInput.MessageEvidence m, List<EvidenceInput.StampEvidence> stamps) {
        return new EvidenceInput.MessageEvidence(
                m.itemId(),
                m.messageId(),
                m.sender(),
                m.conversationId(),
                m.sentAt(),
                m.prev(),
                m.contentType(),
                m.body(),
                m.bodyViewedAt(),
                m.commitment(),
                m.frankingKey(),
                m.attachments(),
                stamps);
    }

    private record Result(int code, String out, String err) {}

    private static Result cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code =
                EvidenceCli.run(
                        args,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(
                code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static byte[] replaceAll(byte[] data, String from, String to) {
        byte[] f = from.getBytes(StandardCharsets.UTF_8);
        byte[] t = to.getBytes(StandardCharsets.UTF_8);
        byte[] out = data.clone();
        int n = 0;
        for (int i = 0; i + f.length <= out.length; i++) {
            if (Arrays.equals(out, i, i + f.length, f, 0, f.length)) {
                System.arraycopy(t, 0, out, i, t.length);
                n++;
            }
        }
        assertThat(n).isEqualTo(2); // local header and central directory
        return out;
    }
}
