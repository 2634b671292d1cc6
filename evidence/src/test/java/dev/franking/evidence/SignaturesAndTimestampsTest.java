package dev.franking.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.franking.evidence.EvidenceVerifier.Pin;
import dev.franking.evidence.EvidenceVerifier.Policy;
import dev.franking.evidence.VerificationReport.Check;
import dev.franking.evidence.VerificationReport.Outcome;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.SignerInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 13 item 4: the ML-DSA signature beside ECDSA, an RFC 3161 timestamp on each, the signed
 * audit-chain head, and the verifier's verdicts (0 pinned, 1 broken, 2 unpinned).
 */
class SignaturesAndTimestampsTest {
    @TempDir Path dir;

    private final EvidenceVerifier verifier = new EvidenceVerifier();
    private final byte[] zip = Samples.build().zip();

    private VerificationReport pinned(byte[] zip) {
        return verifier.verify(zip, Pin.certificate(Samples.PLATFORM.certificate()));
    }

    private static List<String> failing(VerificationReport r) {
        return r.failures().stream().map(Check::toString).toList();
    }

    /** The package with its signature file's SignerInfos changed. */
    private byte[] withSigners(java.util.function.UnaryOperator<List<SignerInfo>> change)
            throws Exception {
        return Samples.rewrite(
                zip,
                m -> {
                    m.put(
                            EvidencePackageBuilder.SIGNATURE,
                            Samples.rewriteSigners(
                                    m.get(EvidencePackageBuilder.SIGNATURE), change));
                    return m;
                });
    }

    private static SignerInfo classical(List<SignerInfo> l) {
        return l.stream().filter(si -> !Samples.isMlDsa(si)).findFirst().orElseThrow();
    }

    private static SignerInfo mlDsa(List<SignerInfo> l) {
        return l.stream().filter(Samples::isMlDsa).findFirst().orElseThrow();
    }

    private static List<SignerInfo> replacing(
            List<SignerInfo> l, SignerInfo old, SignerInfo replacement) {
        List<SignerInfo> out = new ArrayList<>(l);
        out.set(out.indexOf(old), replacement);
        return out;
    }

    // ---- a good package --------------------------------------------------------------------

    @Test
    void everySignatureIsTimeStampedAndTheMlDsaSignerIsPinnedThroughTheEcdsaCertificate() {
        VerificationReport r = pinned(zip);
        assertThat(failing(r)).isEmpty();
        assertThat(r.outcome()).isEqualTo(Outcome.VERIFIED);
        assertThat(r.summary().postQuantumFingerprint())
                .isEqualTo(Samples.PLATFORM.postQuantumFingerprint());
        assertThat(r.summary().timeStampedAt()).isEqualTo(Samples.NOW);
        assertThat(r.summary().timeStampAuthorityFingerprint())
                .isEqualTo(Samples.TSA.fingerprint());
        assertThat(r.summary().auditChainHeadSeq()).isEqualTo(57L);
        assertThat(r.checks())
                .filteredOn(c -> c.subject().equals("signature (ML-DSA)"))
                .singleElement()
                .satisfies(c -> assertThat(c.message()).contains("ML-DSA-65").contains("SHA512"));
        assertThat(r.checks())
                .filteredOn(c -> c.subject().equals("signer pinned"))
                .singleElement()
                .satisfies(c -> assertThat(c.message()).contains("binds the ML-DSA certificate"));
        assertThat(r.checks())
                .filteredOn(c -> c.subject().startsWith("timestamp"))
                .hasSize(2)
                .allSatisfy(c -> assertThat(c.message()).contains("CN=Example TSA time-stamping"));
    }

    @Test
    void aTsaServedOverHttpOnLoopbackTimeStampsThePackage() throws Exception {
        HttpServer server =
                HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        List<String> contentTypes = new ArrayList<>();
        server.createContext(
                "/tsa",
                ex -> {
                    contentTypes.add(ex.getRequestHeaders().getFirst("Content-Type"));
                    byte[] answer = Samples.TSA.respond(ex.getRequestBody().readAllBytes());
                    ex.getResponseHeaders().add("Content-Type", "application/timestamp-reply");
                    ex.sendResponseHeaders(200, answer.length);
                    ex.getResponseBody().write(answer);
                    ex.close();
                });
        server.createContext(
                "/down",
                ex -> {
                    ex.sendResponseHeaders(503, -1);
                    ex.close();
                });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            EvidenceSigner overHttp =
                    EvidenceSigner.generate("Example Messenger", Samples.CLOCK)
                            .withTimeStamps(
                                    new HttpTimeStampClient(
                                            URI.create(base + "/tsa"), Duration.ofSeconds(10)));
            byte[] pkg =
                    new EvidencePackageBuilder(overHttp, Samples.CLOCK)
                            .build(Samples.input())
                            .zip();
            VerificationReport r = verifier.verify(pkg, Pin.certificate(overHttp.certificate()));
            assertThat(failing(r)).isEmpty();
            assertThat(r.outcome()).isEqualTo(Outcome.VERIFIED);
            assertThat(contentTypes).hasSize(2).containsOnly("application/timestamp-query");

            // a TSA that does not answer: no package, rather than one without a timestamp
            EvidenceSigner down =
                    overHttp.withTimeStamps(
                            new HttpTimeStampClient(
                                    URI.create(base + "/down"), Duration.ofSeconds(10)));
            assertThatThrownBy(
                            () ->
                                    new EvidencePackageBuilder(down, Samples.CLOCK)
                                            .build(Samples.input()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("HTTP 503");
        } finally {
            server.stop(0);
        }
    }

    // ---- tampering with the signatures -----------------------------------------------------

    @Test
    void eachSignatureValueChangedFailsThatSignature() throws Exception {
        VerificationReport ecdsa =
                pinned(
                        withSigners(
                                l ->
                                        replacing(
                                                l,
                                                classical(l),
                                                Samples.withFlippedSignature(classical(l)))));
        assertThat(ecdsa.outcome()).isEqualTo(Outcome.BROKEN);
        assertThat(ecdsa.failures()).extracting(Check::subject).containsExactly("signature");

        VerificationReport pq =
                pinned(
                        withSigners(
                                l ->
                                        replacing(
                                                l,
                                                mlDsa(l),
                                                Samples.withFlippedSignature(mlDsa(l)))));
        assertThat(pq.outcome()).isEqualTo(Outcome.BROKEN);
        assertThat(pq.failures()).extracting(Check::subject).containsExactly("signature (ML-DSA)");
    }

    @Test
    void aChangedTimeStampTokenFails() throws Exception {
        byte[] bad =
                withSigners(
                        l -> {
                            SignerInfo si = classical(l);
                            Attribute a =
                                    Attribute.getInstance(
                                            si.getUnauthenticatedAttributes().getObjectAt(0));
                            byte[] token;
                            try {
                                token =
                                        a.getAttrValues()
                                                .getObjectAt(0)
                                                .toASN1Primitive()
                                                .getEncoded();
                            } catch (java.io.IOException e) {
                                throw new IllegalStateException(e);
                            }
                            token[token.length - 3] ^= 1; // inside the TSA's signature value
                            Attribute changed =
                                    new Attribute(
                                            PKCSObjectIdentifiers.id_aa_signatureTimeStampToken,
                                            new DERSet(ContentInfo.getInstance(token)));
                            return replacing(l, si, Samples.withUnsigned(si, new DERSet(changed)));
                        });
        VerificationReport r = pinned(bad);
        assertThat(r.outcome()).isEqualTo(Outcome.BROKEN);
        assertThat(r.failures())
                .singleElement()
                .satisfies(c -> assertThat(c.subject()).isEqualTo("timestamp"));
    }

    @Test
    void aTimeStampWhoseImprintIsAnotherSignaturesFails() throws Exception {
        // a genuine token from the same TSA, but over other bytes: moved from another package
        TimeStampRequestGenerator g = new TimeStampRequestGenerator();
        g.setCertReq(true);
        var req =
                g.generate(
                        TSPAlgorithms.SHA256,
                        Samples.sha256("another signature"),
                        java.math.BigInteger.TEN);
        var token =
                new TimeStampResponse(Samples.TSA.respond(req.getEncoded())).getTimeStampToken();
        Attribute foreignToken =
                new Attribute(
                        PKCSObjectIdentifiers.id_aa_signatureTimeStampToken,
                        new DERSet(token.toCMSSignedData().toASN1Structure()));
        byte[] bad =
                withSigners(
                        l ->
                                replacing(
                                        l,
                                        mlDsa(l),
                                        Samples.withUnsigned(mlDsa(l), new DERSet(foreignToken))));
        VerificationReport r = pinned(bad);
        assertThat(r.outcome()).isEqualTo(Outcome.BROKEN);
        assertThat(r.failures())
                .singleElement()
                .satisfies(
                        c -> {
                            assertThat(c.subject()).isEqualTo("timestamp (ML-DSA)");
                            assertThat(c.message()).contains("time-stamps something else");
                        });
    }

    @Test
    void aRemovedTimeStampFailsUnlessTimeStampsAreNotRequired() throws Exception {
        byte[] bad =
                withSigners(
                        l -> replacing(l, classical(l), Samples.withUnsigned(classical(l), null)));
        VerificationReport r = pinned(bad);
        assertThat(r.failures())
                .singleElement()
                .satisfies(
                        c -> {
                            assertThat(c.subject()).isEqualTo("timestamp");
                            assertThat(c.message()).contains("missing");
                        });
        assertThat(
                        new EvidenceVerifier(new Policy(true, false))
                                .verify(bad, Pin.certificate(Samples.PLATFORM.certificate()))
                                .outcome())
                .isEqualTo(Outcome.VERIFIED);
    }

    @Test
    void aTimeStampEarlierThanTheSigningTimeFails() {
        LocalTimeStampAuthority early =
                LocalTimeStampAuthority.generate(
                        "Early TSA",
                        Clock.fixed(Samples.NOW.minus(Duration.ofHours(1)), ZoneOffset.UTC));
        EvidenceSigner s =
                EvidenceSigner.generate("Example Messenger", Samples.CLOCK).withTimeStamps(early);
        byte[] pkg = new EvidencePackageBuilder(s, Samples.CLOCK).build(Samples.input()).zip();
        VerificationReport r = verifier.verify(pkg, Pin.certificate(s.certificate()));
        assertThat(r.failures())
                .hasSize(2)
                .allSatisfy(c -> assertThat(c.message()).contains("before the signing time"));
    }

    @Test
    void aTsaThatCannotBeAskedIsATimeStampFailureAndNothingIsSigned() {
        EvidenceSigner unreachable =
                EvidenceSigner.generate("Example Messenger", Samples.CLOCK)
                        .withTimeStamps(
                                q -> {
                                    throw new java.io.IOException("connection refused");
                                });
        assertThatThrownBy(
                        () ->
                                new EvidencePackageBuilder(unreachable, Samples.CLOCK)
                                        .build(Samples.input()))
                .isInstanceOf(TimeStampFailure.class)
                .hasMessageContaining("the TSA could not be asked");
    }

    // ---- the post-quantum signature --------------------------------------------------------

    @Test
    void aStrippedMlDsaSignatureFailsEvenWhenMlDsaIsNotRequired() throws Exception {
        byte[] bad = withSigners(l -> List.of(classical(l)));
        VerificationReport r = pinned(bad);
        assertThat(r.outcome()).isEqualTo(Outcome.BROKEN);
        assertThat(r.failures())
                .extracting(Check::subject)
                .containsExactly("signature (ML-DSA)", "signers");
        // relaxed, the manifest still names the ML-DSA certificate the signature no longer holds
        VerificationReport relaxed =
                new EvidenceVerifier(new Policy(false, true))
                        .verify(bad, Pin.certificate(Samples.PLATFORM.certificate()));
        assertThat(relaxed.failures()).extracting(Check::subject).containsExactly("signers");
    }

    @Test
    void aPackageWithoutMlDsaIsBrokenWhenMlDsaIsRequired() throws Exception {
        EvidenceSigner classicalOnly =
                EvidenceSigner.fromPem(writeClassicalOnly(), dir.resolve(EvidenceSigner.CERT_FILE))
                        .withTimeStamps(Samples.TSA);
        byte[] pkg =
                new EvidencePackageBuilder(classicalOnly, Samples.CLOCK)
                        .build(Samples.input())
                        .zip();
        Pin pin = Pin.certificate(classicalOnly.certificate());
        VerificationReport strict = verifier.verify(pkg, pin);
        assertThat(strict.outcome()).isEqualTo(Outcome.BROKEN);
        assertThat(strict.failures())
                .singleElement()
                .satisfies(
                        c -> {
                            assertThat(c.subject()).isEqualTo("signature (ML-DSA)");
                            assertThat(c.message()).contains("no ML-DSA signature");
                        });
        assertThat(new EvidenceVerifier(new Policy(false, true)).verify(pkg, pin).outcome())
                .isEqualTo(Outcome.VERIFIED);

        Path file = Files.write(dir.resolve("classical.zip"), pkg);
        Path cert =
                Files.writeString(
                        dir.resolve("c.pem"), EvidenceSigner.pem(classicalOnly.certificate()));
        assertThat(cli("verify", file.toString(), "--cert", cert.toString()).code).isEqualTo(1);
        assertThat(
                        cli(
                                        "verify",
                                        file.toString(),
                                        "--cert",
                                        cert.toString(),
                                        "--allow-missing-ml-dsa")
                                .code)
                .isEqualTo(0);
    }

    private Path writeClassicalOnly() throws Exception {
        Samples.PLATFORM.writePem(dir);
        return dir.resolve(EvidenceSigner.KEY_FILE);
    }

    @Test
    void anMlDsaKeyAddedLaterIsNotBoundSoBothCertificatesMustBePinned() throws Exception {
        // an installation whose ECDSA key predates ML-DSA: the key is added beside it
        EvidenceSigner old =
                EvidenceSigner.fromPem(writeClassicalOnly(), dir.resolve(EvidenceSigner.CERT_FILE));
        Path later = dir.resolve("later");
        Files.createDirectories(later);
        Files.copy(dir.resolve(EvidenceSigner.KEY_FILE), later.resolve(EvidenceSigner.KEY_FILE));
        Files.copy(dir.resolve(EvidenceSigner.CERT_FILE), later.resolve(EvidenceSigner.CERT_FILE));
        // the copy's ML-DSA files are missing: loadOrGenerate makes a new, unbound ML-DSA key
        EvidenceSigner s =
                EvidenceSigner.loadOrGenerate(later, "Example Messenger", Samples.CLOCK)
                        .withTimeStamps(Samples.TSA);
        assertThat(s.fingerprint()).isEqualTo(old.fingerprint());
        assertThat(s.postQuantumFingerprint())
                .isNotEqualTo(Samples.PLATFORM.postQuantumFingerprint());
        byte[] pkg = new EvidencePackageBuilder(s, Samples.CLOCK).build(Samples.input()).zip();

        VerificationReport onlyEcdsa = verifier.verify(pkg, Pin.certificate(s.certificate()));
        assertThat(onlyEcdsa.failures())
                .singleElement()
                .satisfies(
                        c -> {
                            assertThat(c.subject()).isEqualTo("signer pinned");
                            assertThat(c.message())
                                    .contains("ML-DSA signer")
                                    .contains("neither given nor bound");
                        });
        Path both = Files.writeString(dir.resolve("both.pem"), s.certificatesPem());
        Path file = Files.write(dir.resolve("p.zip"), pkg);
        assertThat(cli("verify", file.toString(), "--cert", both.toString()).code).isEqualTo(0);
        assertThat(
                        cli(
                                        "verify",
                                        file.toString(),
                                        "--fingerprint",
                                        s.fingerprint(),
                                        "--fingerprint",
                                        s.postQuantumFingerprint())
                                .code)
                .isEqualTo(0);
    }

    @Test
    void aVersionOnePackageVerifiesOnlyWhenBothAreKnowinglyNotRequired() throws Exception {
        // what the builder wrote before this change: ECDSA alone, no timestamp, no signers or head
        EvidenceSigner classical =
                EvidenceSigner.fromPem(writeClassicalOnly(), dir.resolve(EvidenceSigner.CERT_FILE));
        byte[] v1 =
                Samples.rewrite(
                        zip,
                        m -> {
                            @SuppressWarnings("unchecked")
                            Map<String, Object> manifest =
                                    (Map<String, Object>)
                                            CanonicalJson.parse(m.get("manifest.json"));
                            manifest.remove("signers");
                            manifest.remove("auditChainHead");
                            manifest.put("format", EvidencePackageBuilder.FORMAT_V1);
                            byte[] bytes = CanonicalJson.write(manifest);
                            m.put("manifest.json", bytes);
                            m.put("manifest.json.p7s", classical.sign(bytes, Samples.NOW));
                            return m;
                        });
        Pin pin = Pin.certificate(classical.certificate());
        assertThat(verifier.verify(v1, pin).failures())
                .extracting(Check::subject)
                .containsExactly("timestamp", "signature (ML-DSA)");
        assertThat(new EvidenceVerifier(new Policy(false, false)).verify(v1, pin).outcome())
                .isEqualTo(Outcome.VERIFIED);
        Path file = Files.write(dir.resolve("v1.zip"), v1);
        assertThat(
                        cli(
                                        "verify",
                                        file.toString(),
                                        "--fingerprint",
                                        classical.fingerprint(),
                                        "--allow-missing-ml-dsa",
                                        "--allow-missing-timestamp")
                                .code)
                .isEqualTo(0);
    }

    @Test
    void theMlDsaKeyCanComeFromPkcs12() throws Exception {
        Samples.PLATFORM.writePem(dir);
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12", Providers.BC);
        ks.load(null, null);
        char[] pw = "changeit".toCharArray();
        ks.setKeyEntry(
                "ml-dsa",
                EvidenceSigner.readPemKey(dir.resolve(EvidenceSigner.ML_DSA_KEY_FILE)),
                pw,
                new java.security.cert.Certificate[] {
                    Samples.PLATFORM.postQuantumCertificate().orElseThrow()
                });
        Path p12 = dir.resolve("keys.p12");
        try (var out = Files.newOutputStream(p12)) {
            ks.store(out, pw);
        }
        EvidenceSigner s =
                EvidenceSigner.fromPem(
                                dir.resolve(EvidenceSigner.KEY_FILE),
                                dir.resolve(EvidenceSigner.CERT_FILE))
                        .withPostQuantumPkcs12(p12, pw, "ml-dsa")
                        .withTimeStamps(Samples.TSA);
        assertThat(s.postQuantumFingerprint()).isEqualTo(Samples.PLATFORM.postQuantumFingerprint());
        assertThat(
                        pinned(
                                        new EvidencePackageBuilder(s, Samples.CLOCK)
                                                .build(Samples.input())
                                                .zip())
                                .outcome())
                .isEqualTo(Outcome.VERIFIED);
    }

    // ---- the audit-chain head --------------------------------------------------------------

    @Test
    void theChainHeadIsSignedSoChangingItFailsBothSignatures() throws Exception {
        String head = Hashes.hex(Samples.HEAD.hash());
        byte[] bad =
                Samples.rewrite(
                        zip,
                        m -> {
                            String json =
                                    new String(m.get("manifest.json"), StandardCharsets.UTF_8);
                            assertThat(json).contains("\"auditChainHead\":{\"at\":");
                            m.put(
                                    "manifest.json",
                                    json.replace(head, Hashes.hex(Samples.sha256("rewritten log")))
                                            .getBytes(StandardCharsets.UTF_8));
                            return m;
                        });
        VerificationReport r = pinned(bad);
        assertThat(r.failures())
                .extracting(Check::subject)
                .containsExactly("signature", "signature (ML-DSA)");
    }

    @Test
    void aChainHeadThatContradictsTheCustodyEventsFails() {
        EvidenceInput in = Samples.input();
        var last = in.custody().get(in.custody().size() - 1);
        // the head claims to be the last custody event, with another hash
        EvidenceInput contradictory =
                in.withAuditChainHead(
                        new EvidenceInput.AuditChainHead(
                                last.seq(), last.at(), Samples.sha256("not that row")));
        VerificationReport r =
                pinned(
                        new EvidencePackageBuilder(Samples.PLATFORM, Samples.CLOCK)
                                .build(contradictory)
                                .zip());
        assertThat(r.failures())
                .singleElement()
                .satisfies(c -> assertThat(c.subject()).isEqualTo("audit chain head"));
        assertThatThrownBy(
                        () ->
                                in.withAuditChainHead(
                                        new EvidenceInput.AuditChainHead(
                                                last.seq() - 1, last.at(), last.hash())))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---- the command -----------------------------------------------------------------------

    @Test
    void exitCodesZeroPinnedOneWrongPinTwoUnpinned() throws Exception {
        Path file = Files.write(dir.resolve("case.zip"), zip);
        Path cert =
                Files.writeString(
                        dir.resolve("platform.pem"),
                        EvidenceSigner.pem(Samples.PLATFORM.certificate()));
        Path other =
                Files.writeString(
                        dir.resolve("other.pem"),
                        EvidenceSigner.pem(
                                EvidenceSigner.generate("Example Messenger", Samples.CLOCK)
                                        .certificate()));
        assertThat(cli("verify", file.toString(), "--cert", cert.toString()).code).isEqualTo(0);
        assertThat(
                        cli(
                                        "verify",
                                        file.toString(),
                                        "--fingerprint",
                                        Samples.PLATFORM.fingerprint())
                                .code)
                .isEqualTo(0);

        Result unpinned = cli("verify", file.toString());
        assertThat(unpinned.code).isEqualTo(2);
        assertThat(unpinned.out).contains("WARN signer unpinned").doesNotContain("FAIL");

        Result wrong = cli("verify", file.toString(), "--cert", other.toString());
        assertThat(wrong.code).isEqualTo(1);
        assertThat(wrong.out).contains("FOREIGN SIGNATURE");
        assertThat(cli("verify", file.toString(), "--fingerprint", "ab".repeat(32)).code)
                .isEqualTo(1);

        assertThat(cli("verify", file.toString(), "--fingerprint", "xyz").code)
                .isEqualTo(EvidenceCli.USAGE);
        assertThat(cli("verify", dir.resolve("missing.zip").toString()).code)
                .isEqualTo(EvidenceCli.IO_ERROR);
        assertThat(
                        cli("verify", file.toString(), "--cert", dir.resolve("none.pem").toString())
                                .code)
                .isEqualTo(EvidenceCli.IO_ERROR);
        assertThat(cli().code).isEqualTo(EvidenceCli.USAGE);
        Result help = cli("verify", "--help");
        assertThat(help.code).isZero();
        assertThat(help.out).contains("--fingerprint").contains("--json");
    }

    @Test
    void jsonOutputCarriesTheVerdictTheChecksAndTheSummary() throws Exception {
        Path file = Files.write(dir.resolve("case.zip"), zip);
        Result r =
                cli(
                        "verify",
                        file.toString(),
                        "--json",
                        "--fingerprint",
                        Samples.PLATFORM.fingerprint());
        assertThat(r.code).isZero();
        JsonNode json = JsonMapper.builder().build().readTree(r.out);
        assertThat(json.get("result").asString()).isEqualTo("VERIFIED");
        assertThat(json.get("exitCode").asInt()).isZero();
        assertThat(json.get("summary").get("postQuantumFingerprint").asString())
                .isEqualTo(Samples.PLATFORM.postQuantumFingerprint());
        assertThat(json.get("summary").get("auditChainHeadSeq").asLong()).isEqualTo(57);
        Map<String, String> statuses = new java.util.LinkedHashMap<>();
        json.get("checks")
                .forEach(
                        c -> statuses.put(c.get("subject").asString(), c.get("status").asString()));
        assertThat(statuses)
                .containsEntry("timestamp (ML-DSA)", "OK")
                .containsEntry("signer pinned", "OK");

        Result unpinned = cli("verify", file.toString(), "--json");
        assertThat(unpinned.code).isEqualTo(2);
        assertThat(JsonMapper.builder().build().readTree(unpinned.out).get("result").asString())
                .isEqualTo("UNPINNED");
        byte[] broken =
                Samples.rewrite(
                        zip,
                        m -> {
                            m.get("messages/001/body.txt")[0] ^= 1;
                            return m;
                        });
        Result b =
                cli(
                        "verify",
                        Files.write(dir.resolve("b.zip"), broken).toString(),
                        "--json",
                        "--fingerprint",
                        Samples.PLATFORM.fingerprint());
        assertThat(b.code).isEqualTo(1);
        JsonNode bj = JsonMapper.builder().build().readTree(b.out);
        assertThat(bj.get("result").asString()).isEqualTo("BROKEN");
        List<String> failed = new ArrayList<>();
        bj.get("checks")
                .forEach(
                        c -> {
                            if (c.get("status").asString().equals("FAIL")) {
                                failed.add(c.get("subject").asString());
                            }
                        });
        // the file no longer matches, and so the commitment over it no longer opens
        assertThat(failed).containsExactly("messages/001/body.txt", "message m-1");
    }

    @Test
    void keygenWritesBothKeysAndTheFirstCertificateBindsTheSecond() throws Exception {
        Result r = cli("keygen", dir.resolve("k").toString(), "--platform", "Example");
        assertThat(r.code).as(r.err).isZero();
        Path k = dir.resolve("k");
        EvidenceSigner s = EvidenceSigner.loadOrGenerate(k, "ignored", Samples.CLOCK);
        assertThat(r.out).contains(s.fingerprint()).contains(s.postQuantumFingerprint());
        assertThat(Certificates.boundCertificateSha256(s.certificate()))
                .isEqualTo(Hashes.sha256(s.postQuantumCertificate().orElseThrow().getEncoded()));
        assertThat(
                        EvidenceSigner.readPemCertificates(
                                        k.resolve(EvidenceSigner.ML_DSA_CERT_FILE))
                                .get(0)
                                .getPublicKey()
                                .getAlgorithm())
                .isEqualTo("ML-DSA-65");
        assertThat(cli("keygen", k.toString()).code).isEqualTo(EvidenceCli.USAGE);
        // never overwrites a key
        assertThat(cli("keygen", k.toString(), "--platform", "Example").code)
                .isEqualTo(EvidenceCli.IO_ERROR);
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
}
