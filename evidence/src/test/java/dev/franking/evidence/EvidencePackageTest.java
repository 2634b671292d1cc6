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
        assertThat(r.summary().messages()).isEqualTo(2);
        assertThat(r.summary().attachments()).isEqualTo(2);
        assertThat(r.summary().files()).isEqualTo(3);
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
                        "unlisted files",
                        "message m-1",
                        "message m-0",
                        "custody");
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
                .startsWith("{\"auditChainHead\":{") // v2 added it; members are sorted
                .doesNotContain("\n")
                .contains("\"format\":\"franking-evidence/v2\"");
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) CanonicalJson.parse(manifest);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> files = (List<Map<String, Object>>) m.get("files");
        assertThat(files).extracting(f -> f.get("path")).containsExactly(BODY, PNG, BODY_2);
        assertThat(files)
                .extracting(f -> f.get("viewedByPlatform"))
                .containsExactly(true, false, false);
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

    // ---- helpers ---------------------------------------------------------------------------

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
