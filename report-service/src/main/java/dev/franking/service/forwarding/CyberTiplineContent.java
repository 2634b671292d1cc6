package dev.franking.service.forwarding;

import dev.franking.service.cases.CaseRepository;
import dev.franking.service.forwarding.destinations.CyberTiplineReport;
import dev.franking.service.forwarding.destinations.FileToUpload;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What {@link ForwardingDispatcher} sends to the CyberTipline for a case: the report and the files
 * taken from the stored evidence package. Pure data mapping, kept apart from the dispatcher's
 * delivery bookkeeping (outbox, status, audit).
 */
final class CyberTiplineContent {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private CyberTiplineContent() {}

    /** The report for a case; {@code incident} is when its first user report was received. */
    static CyberTiplineReport report(
            ForwardingService.Forwarding f,
            CaseRepository.CaseSummary c,
            Instant incident,
            String platform,
            String contactEmail) {
        return new CyberTiplineReport(
                CyberTiplineReport.IncidentType.CHILD_PORNOGRAPHY,
                platform,
                null,
                incident,
                "Time the first user report of this case was received",
                new CyberTiplineReport.ChatIncident(platform, null),
                new CyberTiplineReport.Reporter(
                        CyberTiplineReport.Person.ofEmail(contactEmail), null, null, null, null),
                new CyberTiplineReport.ReportedUser(
                        c.reportedSenderId(), platform, null, List.of(), null, null),
                List.of(),
                "Verified with message franking; the attached evidence package (ZIP with a"
                        + " CMS-signed manifest) holds the proofs. Case "
                        + f.caseId());
    }

    /**
     * The package itself and each content file in it, each with whether the platform viewed it
     * (from the manifest).
     */
    static List<FileToUpload> files(ForwardingService.Forwarding f, byte[] zip) {
        List<FileToUpload> files = new ArrayList<>();
        files.add(FileToUpload.of("evidence-" + f.packageId() + ".zip", zip, null));
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            Map<String, byte[]> entries = new java.util.HashMap<>();
            for (ZipEntry z; (z = in.getNextEntry()) != null; ) {
                entries.put(z.getName(), in.readAllBytes());
            }
            JsonNode manifest = JSON.readTree(entries.get("manifest.json"));
            for (JsonNode file : manifest.get("files")) {
                String path = file.get("path").asString();
                if (!path.startsWith("messages/")) {
                    continue;
                }
                JsonNode viewed = file.get("viewedAt");
                Instant viewedAt =
                        viewed != null && viewed.size() > 0
                                ? Instant.parse(viewed.get(0).asString())
                                : null;
                files.add(FileToUpload.of(path.replace('/', '_'), entries.get(path), viewedAt));
            }
        } catch (IOException ex) {
            throw new IllegalStateException("the stored package is not a readable ZIP", ex);
        }
        return files;
    }
}
