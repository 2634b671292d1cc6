package dev.franking.service.forwarding.destinations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.franking.service.forwarding.destinations.CyberTiplineReport.Account;
import dev.franking.service.forwarding.destinations.CyberTiplineReport.Annotation;
import dev.franking.service.forwarding.destinations.CyberTiplineReport.ChatIncident;
import dev.franking.service.forwarding.destinations.CyberTiplineReport.Disabled;
import dev.franking.service.forwarding.destinations.CyberTiplineReport.IncidentType;
import dev.franking.service.forwarding.destinations.CyberTiplineReport.Person;
import dev.franking.service.forwarding.destinations.CyberTiplineReport.ReportedUser;
import dev.franking.service.forwarding.destinations.CyberTiplineReport.Reporter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * The documents against NCMEC's structure (sequences, enumerations, presence flags and date-times,
 * as {@link FakeCyberTipline#validate} holds them from the XSD-derived element orders): the
 * optional elements the true-report work added appear where the schema puts them, and only when the
 * platform knows what they say.
 */
class CyberTiplineXmlTest {
    private static final Instant STAMPED = Instant.parse("2026-11-28T21:14:05.250Z");
    private static final Instant SUSPENDED = Instant.parse("2026-11-29T08:00:00Z");

    private static CyberTiplineReport report(Set<Annotation> annotations, String escalation) {
        return new CyberTiplineReport(
                IncidentType.ONLINE_ENTICEMENT,
                "Example Messenger",
                escalation,
                annotations,
                STAMPED,
                "Platform time of the earliest reported message",
                new ChatIncident("Example Messenger", null),
                new Reporter(
                        new Person("Tess", "Safety", "+1 555 0100", "tns@example.org"),
                        null,
                        null,
                        "https://example.org/terms",
                        null),
                new ReportedUser(
                        "user-4711",
                        "Example Messenger",
                        "user-4711",
                        List.of(),
                        null,
                        new Disabled(false, SUSPENDED),
                        null),
                List.of(
                        new Account(
                                null,
                                "Example Messenger",
                                null,
                                List.of(),
                                "The reporting user, pseudonym p-1")),
                "Case x");
    }

    private static Element root(byte[] xml) {
        return FakeCyberTipline.parse(xml).getDocumentElement();
    }

    @Test
    void aReportWithAnnotationsEscalationAndAnAccountActionFollowsTheSchema() {
        Element r =
                root(
                        CyberTiplineXml.reportXml(
                                report(
                                        EnumSet.of(Annotation.SPAM, Annotation.SEXTORTION),
                                        "Threatens to publish images tonight")));
        assertThat(FakeCyberTipline.validate(r, "report")).isEmpty();

        Element summary = FakeCyberTipline.children(r, "incidentSummary").get(0);
        assertThat(FakeCyberTipline.childNames(summary))
                .containsExactly(
                        "incidentType",
                        "platform",
                        "escalateToHighPriority",
                        "reportAnnotations",
                        "incidentDateTime",
                        "incidentDateTimeDescription");
        assertThat(FakeCyberTipline.childText(summary, "incidentType"))
                .isEqualTo("Online Enticement of Children for Sexual Acts");
        assertThat(FakeCyberTipline.childText(summary, "incidentDateTime"))
                .isEqualTo("2026-11-28T21:14:05Z");
        Element annotations = FakeCyberTipline.children(summary, "reportAnnotations").get(0);
        // the schema's order, whatever order they were chosen in; empty presence flags
        assertThat(FakeCyberTipline.childNames(annotations)).containsExactly("sextortion", "spam");
        assertThat(annotations.getTextContent()).isEmpty();

        Element reporter = FakeCyberTipline.children(r, "reporter").get(0);
        Element person = FakeCyberTipline.children(reporter, "reportingPerson").get(0);
        assertThat(FakeCyberTipline.childNames(person))
                .containsExactly("firstName", "lastName", "phone", "email");
        assertThat(FakeCyberTipline.childText(reporter, "termsOfService"))
                .isEqualTo("https://example.org/terms");

        Element reported = FakeCyberTipline.children(r, "personOrUserReported").get(0);
        assertThat(FakeCyberTipline.childNames(reported))
                .containsExactly(
                        "espIdentifier", "espService", "screenName", "accountTemporarilyDisabled");
        Element disabled = FakeCyberTipline.children(reported, "accountTemporarilyDisabled").get(0);
        assertThat(disabled.getTextContent()).isEqualTo("true");
        assertThat(disabled.getAttribute("disabledDate")).isEqualTo("2026-11-29T08:00:00Z");

        Element recipient = FakeCyberTipline.children(r, "intendedRecipient").get(0);
        assertThat(FakeCyberTipline.childNames(recipient))
                .containsExactly("intendedRecipientPerson", "espService", "additionalInfo");
    }

    @Test
    void withoutChoicesTheOptionalElementsAreLeftOut() {
        Element r = root(CyberTiplineXml.reportXml(report(Set.of(), null)));
        assertThat(FakeCyberTipline.validate(r, "report")).isEmpty();
        Element summary = FakeCyberTipline.children(r, "incidentSummary").get(0);
        assertThat(FakeCyberTipline.childNames(summary))
                .doesNotContain("escalateToHighPriority", "reportAnnotations");
    }

    @Test
    void fileDetailsNameNoInventedFileAndCarryUploadTimeAndRelevance() {
        byte[] bytes = "context".getBytes(StandardCharsets.UTF_8);
        FileToUpload context =
                FileToUpload.of(
                        "messages_002_body.txt",
                        bytes,
                        null,
                        STAMPED,
                        FileToUpload.Relevance.SUPPLEMENTAL_REPORTED);
        Element d = root(CyberTiplineXml.fileDetailsXml("90000001", "f-1", context));
        assertThat(FakeCyberTipline.validate(d, "fileDetails")).isEmpty();
        assertThat(FakeCyberTipline.childNames(d))
                .containsExactly(
                        "reportId",
                        "fileId",
                        "fileName",
                        "uploadedToEspTimestamp",
                        "fileViewedByEsp",
                        "publiclyAvailable",
                        "fileRelevance",
                        "originalFileHash",
                        "originalFileHash");
        assertThat(FakeCyberTipline.childText(d, "uploadedToEspTimestamp"))
                .isEqualTo("2026-11-28T21:14:05Z");
        assertThat(FakeCyberTipline.childText(d, "fileRelevance"))
                .isEqualTo("Supplemental Reported");
        assertThat(FakeCyberTipline.childText(d, "fileViewedByEsp")).isEqualTo("false");

        // a known original name goes in its own element, after ours
        FileToUpload named =
                new FileToUpload(
                        "messages_001_attachment-01.png",
                        bytes,
                        context.sha256(),
                        context.md5(),
                        true,
                        SUSPENDED,
                        false,
                        "holiday.png",
                        STAMPED,
                        FileToUpload.Relevance.REPORTED);
        Element n = root(CyberTiplineXml.fileDetailsXml("90000001", "f-2", named));
        assertThat(FakeCyberTipline.validate(n, "fileDetails")).isEmpty();
        assertThat(FakeCyberTipline.childNames(n))
                .startsWith("reportId", "fileId", "fileName", "originalFileName");
        assertThat(FakeCyberTipline.childText(n, "originalFileName")).isEqualTo("holiday.png");
        assertThat(FakeCyberTipline.childText(n, "fileRelevance")).isEqualTo("Reported");
        assertThat(FakeCyberTipline.childText(n, "fileViewedByEsp")).isEqualTo("true");
    }

    @Test
    void theValidatorCatchesWhatTheSchemaForbids() {
        // the fake is the test's oracle: it must reject values outside NCMEC's enumerations
        String bad =
                "<fileDetails><reportId>1</reportId><fileId>f</fileId>"
                        + "<uploadedToEspTimestamp>yesterday</uploadedToEspTimestamp>"
                        + "<fileRelevance>Potential Meme</fileRelevance></fileDetails>";
        assertThat(
                        FakeCyberTipline.validate(
                                root(bad.getBytes(StandardCharsets.UTF_8)), "fileDetails"))
                .anyMatch(p -> p.startsWith("fileRelevance"))
                .anyMatch(p -> p.startsWith("uploadedToEspTimestamp"));
        String flags =
                "<report><incidentSummary><incidentType>Child Sex Tourism</incidentType>"
                        + "<reportAnnotations><spam>true</spam><sextortion/></reportAnnotations>"
                        + "<incidentDateTime>2026-11-28T21:14:05Z</incidentDateTime>"
                        + "</incidentSummary></report>";
        assertThat(
                        FakeCyberTipline.validate(
                                root(flags.getBytes(StandardCharsets.UTF_8)), "report"))
                .anyMatch(p -> p.startsWith("spam: a presence flag"))
                .anyMatch(p -> p.contains("sextortion must come before spam"));
    }

    @Test
    void aRecipientKnownOnlyByPseudonymNeedsTheExplanation() {
        assertThatThrownBy(() -> new Account(null, "m", null, List.of(), null))
                .hasMessageContaining("espIdentifier or additionalInfo");
        assertThatThrownBy(
                        () ->
                                new FileToUpload(
                                        "a",
                                        new byte[0],
                                        FileToUpload.hex("SHA-256", new byte[0]),
                                        FileToUpload.hex("MD5", new byte[0]),
                                        false,
                                        null,
                                        false,
                                        " ",
                                        null,
                                        FileToUpload.Relevance.REPORTED))
                .hasMessageContaining("originalFileName");
    }
}
