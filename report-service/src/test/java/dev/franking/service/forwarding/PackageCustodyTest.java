package dev.franking.service.forwarding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.franking.evidence.EvidencePackageBuilder;
import dev.franking.evidence.EvidenceVerifier;
import dev.franking.evidence.VerificationReport;
import dev.franking.service.Api;
import dev.franking.service.Messenger;
import dev.franking.service.ServiceTestBase;
import dev.franking.service.TestSigning;
import dev.franking.service.TestTokens;
import dev.franking.v2.AttachmentDescriptor;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A package carries the case's custody from receipt (the system's rows) and anchors the head of the
 * whole audit chain as it stood when the package was built; the offline verifier checks and reports
 * that head.
 */
class PackageCustodyTest extends ServiceTestBase {
    @Autowired EvidencePackageService packages;
    @Autowired TransactionTemplate tx;

    @Test
    void thePackageCarriesCustodyFromReceiptAndTheChainHead() throws Exception {
        String sender = unique("sender"), victim = unique("victim");
        byte[] image = ("image " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        var held =
                messenger
                        .send(
                                messenger.compose(
                                        unique("m"),
                                        sender,
                                        unique("c"),
                                        "words",
                                        List.of(AttachmentDescriptor.of("image/png", image))),
                                victim)
                        .get(0);
        String token = TestTokens.token(victim, "report");
        Api.Response r = api.post("/api/v2/reports", token, Messenger.reportJson("spam", held));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String reportId = r.json().get("reportId").asString();
        assertThat(
                        api.put(
                                        "/api/v2/reports/" + reportId + "/messages/0/attachments/0",
                                        token,
                                        image)
                                .status())
                .isEqualTo(204);
        UUID caseId =
                jdbc.queryForObject(
                        "SELECT case_id FROM reports WHERE id = ?::uuid", UUID.class, reportId);

        var built = tx.execute(s -> packages.build(caseId, "custody-senior"));
        long packagedSeq =
                jdbc.queryForObject(
                        "SELECT seq FROM audit_log WHERE event = 'evidence.packaged' AND subject ="
                                + " ?",
                        Long.class,
                        built.packageId().toString());

        JsonNode manifest = manifest(built.zip());
        List<String> events = new ArrayList<>();
        manifest.get("custody").forEach(e -> events.add(e.get("event").asString()));
        assertThat(events).containsExactly("case.opened", "report.received", "attachment.uploaded");
        manifest.get("custody")
                .forEach(e -> assertThat(e.get("actor").asString()).isEqualTo("system"));

        // the head: a row of the log older than the package's own row, as stored
        JsonNode head = manifest.get("auditChainHead");
        assertThat(head.isNull()).isFalse();
        long headSeq = head.get("seq").asLong();
        assertThat(headSeq)
                .isLessThan(packagedSeq)
                .isGreaterThanOrEqualTo(manifest.get("custody").get(2).get("seq").asLong());
        byte[] stored =
                jdbc.queryForObject(
                        "SELECT hash FROM audit_log WHERE seq = ?", byte[].class, headSeq);
        assertThat(head.get("hash").asString()).isEqualTo(HexFormat.of().formatHex(stored));

        VerificationReport report =
                new EvidenceVerifier()
                        .verify(
                                built.zip(),
                                EvidenceVerifier.Pin.certificate(
                                        TestSigning.signer().certificate()));
        assertThat(report.checks())
                .filteredOn(c -> c.status() != VerificationReport.Status.OK)
                .isEmpty();
        assertThat(report.summary().auditChainHeadSeq()).isEqualTo(headSeq);
        assertThat(report.summary().auditChainHeadHash())
                .isEqualTo(HexFormat.of().formatHex(stored));
        assertThat(report.checks())
                .filteredOn(c -> c.subject().equals("audit chain head"))
                .singleElement()
                .satisfies(c -> assertThat(c.message()).startsWith("seq " + headSeq + ", hash "));
    }

    private static JsonNode manifest(byte[] zip) throws Exception {
        try (var in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                if (e.getName().equals(EvidencePackageBuilder.MANIFEST)) {
                    return JsonMapper.builder().build().readTree(in.readAllBytes());
                }
            }
        }
        throw new AssertionError("no manifest");
    }
}
