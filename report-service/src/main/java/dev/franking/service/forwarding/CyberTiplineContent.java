package dev.franking.service.forwarding;

import dev.franking.service.ReportsProperties;
import dev.franking.service.audit.AuditLog;
import dev.franking.service.cases.CaseRepository;
import dev.franking.service.forwarding.destinations.CyberTiplineReport;
import dev.franking.service.forwarding.destinations.CyberTiplineReport.Annotation;
import dev.franking.service.forwarding.destinations.CyberTiplineReport.IncidentType;
import dev.franking.service.forwarding.destinations.FileToUpload;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What {@link ForwardingDispatcher} sends to the CyberTipline for a case: the report and the files
 * taken from the stored evidence package. Pure data mapping, kept apart from the dispatcher's
 * delivery bookkeeping (outbox, status, audit).
 *
 * <p>Every statement is one the platform can stand behind (issue 13: a report that overstates what
 * the platform saw can get evidence suppressed). Everything about the messages is read from the
 * signed package's manifest, the same record the agency receives: times are stamp times (the
 * platform's clock when it received the message, never the sender's claim or the report's receipt);
 * nothing the platform does not know (a user's file name, a real name) is filled in.
 */
final class CyberTiplineContent {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private CyberTiplineContent() {}

    /**
     * What the child-safety moderator chose when requesting the forwarding.
     *
     * @param incidentType NCMEC's incident type
     * @param escalation the reason for {@code escalateToHighPriority}, or null (not escalated)
     * @param annotations {@code reportAnnotations}
     */
    record Choices(IncidentType incidentType, String escalation, Set<Annotation> annotations) {
        Choices {
            annotations = annotations == null ? Set.of() : Set.copyOf(annotations);
        }
    }

    /**
     * The incident type offered by default: child pornography only where the reported account sent
     * an image or video; for text alone (enticement, solicitation) online enticement.
     */
    static IncidentType defaultIncidentType(boolean reportedAccountSentImagery) {
        return reportedAccountSentImagery
                ? IncidentType.CHILD_PORNOGRAPHY
                : IncidentType.ONLINE_ENTICEMENT;
    }

    /** The package's content, as its manifest describes it. */
    record Package(byte[] zip, Map<String, byte[]> entries, JsonNode manifest) {
        static Package read(byte[] zip) {
            Map<String, byte[]> entries = new HashMap<>();
            try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
                for (ZipEntry z; (z = in.getNextEntry()) != null; ) {
                    entries.put(z.getName(), in.readAllBytes());
                }
                return new Package(zip, entries, JSON.readTree(entries.get("manifest.json")));
            } catch (IOException | RuntimeException ex) {
                throw new IllegalStateException("the stored package is not a readable ZIP", ex);
            }
        }

        /** The reported account's messages: the manifest names only its sender. */
        List<JsonNode> reportedMessages() {
            List<JsonNode> out = new ArrayList<>();
            for (JsonNode m : manifest.get("messages")) {
                if (hasText(m.get("senderId"))) {
                    out.add(m);
                }
            }
            return out;
        }

        /** Whether the reported account's messages carry an image or video attachment. */
        boolean reportedImagery() {
            for (JsonNode m : reportedMessages()) {
                for (JsonNode a : m.get("attachments")) {
                    String type = a.path("contentType").asString("").toLowerCase(Locale.ROOT);
                    if (type.startsWith("image/") || type.startsWith("video/")) {
                        return true;
                    }
                }
            }
            return false;
        }

        /** The earliest stamp time of a message (ms since the epoch, the platform's clock). */
        static Instant stampTime(JsonNode message) {
            Instant first = null;
            for (JsonNode s : message.get("stamps")) {
                Instant t = Instant.ofEpochMilli(s.get("receivedAt").asLong());
                if (first == null || t.isBefore(first)) {
                    first = t;
                }
            }
            return first;
        }
    }

    /**
     * The report for a case.
     *
     * @param now the service's clock: NCMEC refuses an incident time in the future
     */
    static CyberTiplineReport report(
            ForwardingService.Forwarding f,
            CaseRepository.CaseSummary c,
            Package pkg,
            Choices choices,
            String platform,
            ReportsProperties.Cybertipline contact,
            Instant now) {
        if (contact == null || !contact.complete()) {
            throw new IllegalStateException(
                    "the CyberTipline contact (reports.cybertipline.contact-name, -email, -phone)"
                            + " is not configured");
        }
        List<JsonNode> reported = pkg.reportedMessages();
        Instant incident = null;
        for (JsonNode m : reported) {
            Instant t = Package.stampTime(m);
            if (t != null && (incident == null || t.isBefore(incident))) {
                incident = t;
            }
        }
        String incidentNote =
                "Platform time (message franking stamp) at which the platform received the"
                        + " earliest reported message";
        if (incident == null) {
            // no stamped message of the reported account in the package: say what the time is
            incident = c.openedAt();
            incidentNote = "Time the platform opened the case (no stamped reported message)";
        }
        if (incident.isAfter(now)) {
            incident = now;
        }
        IncidentType type =
                choices.incidentType() != null
                        ? choices.incidentType()
                        : defaultIncidentType(pkg.reportedImagery());

        String[] name = splitName(contact.contactName());
        CyberTiplineReport.Reporter reporter =
                new CyberTiplineReport.Reporter(
                        new CyberTiplineReport.Person(
                                name[0], name[1], contact.contactPhone(), contact.contactEmail()),
                        null,
                        null,
                        contact.termsOfService(),
                        null);

        return new CyberTiplineReport(
                type,
                platform,
                choices.escalation(),
                choices.annotations(),
                incident,
                incidentNote,
                new CyberTiplineReport.ChatIncident(platform, null),
                reporter,
                reportedUser(c, platform),
                intendedRecipients(reported, platform),
                "Verified with message franking; the attached evidence package (ZIP with a"
                        + " CMS-signed manifest) holds the proofs. Case "
                        + f.caseId());
    }

    /**
     * The reported account by its platform id (it has no other screen name on an end-to-end
     * encrypted messenger the service knows of), and the action already taken on it, from the
     * case's decision. Nothing else: the platform knows no real name.
     */
    private static CyberTiplineReport.ReportedUser reportedUser(
            CaseRepository.CaseSummary c, String platform) {
        String decision = c.decision() == null ? "" : c.decision().toLowerCase(Locale.ROOT).trim();
        CyberTiplineReport.Disabled disabled = null;
        String action = null;
        if (c.decidedAt() != null) {
            switch (decision) {
                // a suspension can be reversed on appeal: temporarily disabled, never
                // "permanently"
                case "suspend" -> disabled = new CyberTiplineReport.Disabled(false, c.decidedAt());
                case "restrict" ->
                        action = "The platform restricted the account at " + c.decidedAt() + ".";
                case "warn" -> action = "The platform warned the account at " + c.decidedAt() + ".";
                default -> {}
            }
        }
        return new CyberTiplineReport.ReportedUser(
                c.reportedSenderId(),
                platform,
                c.reportedSenderId(),
                List.of(),
                null,
                disabled,
                action);
    }

    /**
     * The reporter, where a reported message was sent to them: the platform knows the reporter only
     * by the case's pseudonym (issue 11's policy: anyone but the reported account by pseudonym), so
     * no espIdentifier is claimed; the pseudonym goes in additionalInfo, for the platform to
     * resolve under legal process.
     */
    private static List<CyberTiplineReport.Account> intendedRecipients(
            List<JsonNode> reported, String platform) {
        Set<String> pseudonyms = new LinkedHashSet<>();
        for (JsonNode m : reported) {
            for (JsonNode s : m.get("stamps")) {
                JsonNode p = s.get("recipientPseudonym");
                // a stamp is held by the account that received the message: the reporter, who
                // presented it (the manifest names anyone but the reported account by pseudonym)
                if (hasText(p)) {
                    pseudonyms.add(p.asString());
                }
            }
        }
        List<CyberTiplineReport.Account> out = new ArrayList<>();
        for (String p : pseudonyms) {
            out.add(
                    new CyberTiplineReport.Account(
                            null,
                            platform,
                            null,
                            List.of(),
                            "The user who reported the messages, received them; known in this"
                                    + " report by the pseudonym "
                                    + p
                                    + " (the platform can identify the account on legal"
                                    + " process)."));
        }
        return out;
    }

    /** "First Last" → {first, last}; one word → {word, null}. */
    static String[] splitName(String name) {
        String n = name.trim();
        int space = n.lastIndexOf(' ');
        return space < 0
                ? new String[] {n, null}
                : new String[] {n.substring(0, space).trim(), n.substring(space + 1)};
    }

    /**
     * The content files of the package, each with its relevance and upload time, then the package
     * itself.
     *
     * <p>{@code fileViewedByEsp} (issue 13 item 3): a file counts as viewed exactly when a person
     * was shown it unobscured, which is what the audit log's view rows record: a message's text
     * shown in full ({@code evidence.viewed}; the review UI shows only text bodies), an
     * attachment's "view original" ({@code attachment.original_viewed}; the UI otherwise sends only
     * a preview blurred on the server), and every file of a downloaded evidence package (rows with
     * a {@code package=} detail, whatever the file's type). The views are those in the package's
     * signed manifest and those recorded since it was built ({@code views}, read at delivery): a
     * person who looked after approval still looked before the report was sent. The package itself
     * (the ZIP) counts as viewed when any file in it does.
     *
     * @param views the case's view rows now ({@code AuditLog.views})
     */
    static List<FileToUpload> files(
            ForwardingService.Forwarding f, Package pkg, List<AuditLog.View> views) {
        Map<String, JsonNode> messageOfFile = new HashMap<>();
        Map<String, String> subjectOfFile = new HashMap<>();
        for (JsonNode m : pkg.manifest().get("messages")) {
            String item = m.path("itemId").asString("");
            messageOfFile.put(m.get("contentFile").asString(), m);
            subjectOfFile.put(m.get("contentFile").asString(), item);
            for (JsonNode a : m.get("attachments")) {
                if (hasText(a.get("file"))) {
                    messageOfFile.put(a.get("file").asString(), m);
                    subjectOfFile.put(a.get("file").asString(), item + "#" + a.path("n").asInt());
                }
            }
        }
        List<FileToUpload> files = new ArrayList<>();
        Instant anyViewed = null;
        for (JsonNode file : pkg.manifest().get("files")) {
            String path = file.get("path").asString();
            JsonNode m = messageOfFile.get(path);
            if (m == null) {
                continue;
            }
            Instant viewedAt =
                    earliest(
                            shownUnobscuredAt(file),
                            viewedSince(file, subjectOfFile.get(path), views));
            if (viewedAt != null && (anyViewed == null || viewedAt.isBefore(anyViewed))) {
                anyViewed = viewedAt;
            }
            files.add(
                    FileToUpload.of(
                            path.replace('/', '_'),
                            pkg.entries().get(path),
                            viewedAt,
                            Package.stampTime(m),
                            hasText(m.get("senderId"))
                                    ? FileToUpload.Relevance.REPORTED
                                    : FileToUpload.Relevance.SUPPLEMENTAL_REPORTED));
        }
        files.add(
                0,
                FileToUpload.of(
                        "evidence-" + f.packageId() + ".zip",
                        pkg.zip(),
                        anyViewed,
                        null,
                        FileToUpload.Relevance.SUPPLEMENTAL_REPORTED));
        return files;
    }

    private static Instant earliest(Instant a, Instant b) {
        return a == null ? b : b == null || a.isBefore(b) ? a : b;
    }

    /** Whether a message body of this type is shown by the review UI (text only). */
    private static boolean shownAsText(JsonNode file) {
        String type = file.path("contentType").asString("").toLowerCase(Locale.ROOT);
        return type.isEmpty() || type.startsWith("text/");
    }

    /**
     * The first time the signed manifest records the file as shown unobscured, or null. Attachment
     * views in the manifest are not trusted: packages built before issue 13 recorded the blurred
     * display there; a real "view original" is in the audit log and read by {@link #viewedSince}.
     */
    private static Instant shownUnobscuredAt(JsonNode file) {
        if (!"message-body".equals(file.path("role").asString("")) || !shownAsText(file)) {
            return null;
        }
        JsonNode viewed = file.get("viewedAt");
        return viewed != null && viewed.size() > 0 ? Instant.parse(viewed.get(0).asString()) : null;
    }

    /** The first view row of the audit log that showed this file unobscured, or null. */
    private static Instant viewedSince(JsonNode file, String subject, List<AuditLog.View> views) {
        if (subject == null || views == null) {
            return null;
        }
        boolean body = "message-body".equals(file.path("role").asString(""));
        Instant first = null;
        for (AuditLog.View v : views) {
            // a body of another type than text is not shown by the UI: only a package exposes it
            if (subject.equals(v.subject())
                    && (!body || shownAsText(file) || v.viaPackage())
                    && (first == null || v.at().isBefore(first))) {
                first = v.at();
            }
        }
        return first;
    }

    private static boolean hasText(JsonNode n) {
        return n != null && !n.isNull() && !n.asString("").isBlank();
    }
}
