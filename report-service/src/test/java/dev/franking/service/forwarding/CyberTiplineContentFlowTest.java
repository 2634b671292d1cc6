package dev.franking.service.forwarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.franking.review.model.ReviewPorts;
import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Role;
import dev.franking.review.model.Views;
import dev.franking.service.Api;
import dev.franking.service.Messenger;
import dev.franking.service.ReportsProperties;
import dev.franking.service.TestTokens;
import dev.franking.service.crypto.Vault;
import dev.franking.service.forwarding.destinations.FakeCyberTipline;
import dev.franking.v2.AttachmentDescriptor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.client.RestClient;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Issue 13 item 2, through the fake CyberTipline: what the report says is what the platform knows.
 * The incident type is the requester's choice (defaulted from the evidence, never child pornography
 * for text alone) and the approver sees it; times are stamp times; the contact is the configured
 * one and nothing is sent without it; the reported account is named by its id with the action
 * taken; the reporter only by pseudonym; no file name is invented; a file counts as viewed only
 * when a person was shown it unobscured.
 */
class CyberTiplineContentFlowTest extends ForwardingTestBase {
    static final Reviewer SENIOR_1 = new Reviewer("ct-senior-1", EnumSet.of(Role.CHILD_SAFETY));
    static final Reviewer ADMIN = new Reviewer("ct-admin", EnumSet.of(Role.ADMIN));

    @Autowired ReviewPorts.Actions actions;
    @Autowired EvidencePackager packager;
    @Autowired DestinationRepository destinationRepository;
    @Autowired Vault vault;
    @Autowired RestClient http;

    private record Case(UUID caseId, UUID item, String sender, String victim, Instant stamped) {}

    /** A child-safety report of one message, reported three hours after the platform got it. */
    private Case reported(byte[] image) {
        String sender = unique("ct-sender"), victim = unique("ct-victim");
        List<AttachmentDescriptor> atts =
                image == null ? List.of() : List.of(AttachmentDescriptor.of("image/png", image));
        var held =
                messenger
                        .send(
                                messenger.compose(
                                        unique("m"),
                                        sender,
                                        unique("c"),
                                        "[demo: placeholder for a child-safety message]",
                                        atts),
                                victim)
                        .get(0);
        CLOCK.advance(Duration.ofHours(3));
        String token = TestTokens.token(victim, "report");
        Api.Response r =
                api.post("/api/v2/reports", token, Messenger.reportJson("child_safety", held));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String reportId = r.json().get("reportId").asString();
        if (image != null) {
            assertThat(
                            api.put(
                                            "/api/v2/reports/"
                                                    + reportId
                                                    + "/messages/0/attachments/0",
                                            token,
                                            image)
                                    .status())
                    .isEqualTo(204);
        }
        UUID caseId =
                jdbc.queryForObject(
                        "SELECT case_id FROM reports WHERE id = ?::uuid", UUID.class, reportId);
        UUID item =
                jdbc.queryForObject(
                        "SELECT evidence_item_id FROM report_messages WHERE report_id = ?::uuid",
                        UUID.class,
                        reportId);
        long stamped =
                jdbc.queryForObject(
                        "SELECT received_at FROM report_messages WHERE report_id = ?::uuid",
                        Long.class,
                        reportId);
        return new Case(caseId, item, sender, victim, Instant.ofEpochMilli(stamped));
    }

    private FakeCyberTipline.StoredReport deliver(FakeCyberTipline ncmec, UUID caseId, UUID f) {
        evidence.approveForwarding(caseId, f, ADMIN);
        assertThat(newDispatcher().deliverDue()).isEqualTo(1);
        assertThat(ncmec.violations()).isEmpty();
        assertThat(ncmec.reports()).hasSize(1);
        return ncmec.reports().get(0);
    }

    private UUID destination(FakeCyberTipline ncmec) {
        return evidence.addDestination(
                unique("ct-tipline"),
                "cybertipline",
                ncmec.baseUri().toString(),
                "esp-user",
                "esp-password",
                ADMIN);
    }

    private static Element child(Element e, String name) {
        List<Element> kids = FakeCyberTipline.children(e, name);
        assertThat(kids).as(name).hasSize(1);
        return kids.get(0);
    }

    @Test
    void aTextOnlyCaseIsReportedAsEnticementWithTheChosenTagsAndStampTimes() throws Exception {
        Case c = reported(null);
        assertThat(evidence.defaultIncidentType(c.caseId(), SENIOR_1))
                .as("text alone is never child pornography by default")
                .isEqualTo(Views.IncidentType.ONLINE_ENTICEMENT);
        actions.claim(c.caseId(), SENIOR_1);
        cases.reveal(c.caseId(), c.item(), SENIOR_1); // the text, shown in full
        actions.decide(
                c.caseId(),
                Views.Decision.SUSPEND,
                new Views.StatementOfReasons("child safety", "enticement", false),
                SENIOR_1);
        Instant decidedAt = CLOCK.instant();
        CLOCK.advance(Duration.ofMinutes(5));

        try (FakeCyberTipline ncmec = new FakeCyberTipline("esp-user", "esp-password")) {
            UUID dest = destination(ncmec);
            assertThatThrownBy(
                            () ->
                                    evidence.requestForwarding(
                                            c.caseId(),
                                            dest,
                                            "mandatory report",
                                            new Views.TiplineChoices(null, " ", Set.of()),
                                            SENIOR_1))
                    .hasMessage("refused.escalation-reason-required");
            UUID f =
                    evidence.requestForwarding(
                            c.caseId(),
                            dest,
                            "mandatory report",
                            new Views.TiplineChoices(
                                    null,
                                    "Asks to meet the child tonight",
                                    Set.of(
                                            Views.ReportAnnotation.SEXTORTION,
                                            Views.ReportAnnotation.CSAM_SOLICITATION)),
                            SENIOR_1);
            // the approver sees what the report will say before approving
            Views.TiplineChoices shown =
                    evidence.status(c.caseId(), ADMIN).forwardings().get(0).tipline();
            assertThat(shown.incidentType()).isEqualTo(Views.IncidentType.ONLINE_ENTICEMENT);
            assertThat(shown.escalation()).isEqualTo("Asks to meet the child tonight");
            assertThat(shown.annotations())
                    .containsExactlyInAnyOrder(
                            Views.ReportAnnotation.SEXTORTION,
                            Views.ReportAnnotation.CSAM_SOLICITATION);

            FakeCyberTipline.StoredReport stored = deliver(ncmec, c.caseId(), f);
            Document doc = FakeCyberTipline.parse(stored.xml);
            Element report = doc.getDocumentElement();
            assertThat(FakeCyberTipline.validate(report, "report")).isEmpty();
            String xml = new String(stored.xml, StandardCharsets.UTF_8);
            assertThat(xml).as("the reporter is never named").doesNotContain(c.victim());

            Element summary = child(report, "incidentSummary");
            assertThat(FakeCyberTipline.childText(summary, "incidentType"))
                    .isEqualTo("Online Enticement of Children for Sexual Acts");
            assertThat(FakeCyberTipline.childText(summary, "escalateToHighPriority"))
                    .isEqualTo("Asks to meet the child tonight");
            assertThat(FakeCyberTipline.childNames(child(summary, "reportAnnotations")))
                    .containsExactly("sextortion", "csamSolicitation");
            // the platform's stamp time, not the report's receipt three hours later
            assertThat(Instant.parse(FakeCyberTipline.childText(summary, "incidentDateTime")))
                    .isEqualTo(c.stamped().truncatedTo(ChronoUnit.SECONDS));

            Element person = child(child(report, "reporter"), "reportingPerson");
            assertThat(FakeCyberTipline.childText(person, "firstName")).isEqualTo("Tess");
            assertThat(FakeCyberTipline.childText(person, "lastName")).isEqualTo("Safety");
            assertThat(FakeCyberTipline.childText(person, "phone")).isEqualTo("+1 555 0100");
            assertThat(FakeCyberTipline.childText(person, "email")).isEqualTo("tns@example.org");

            Element user = child(report, "personOrUserReported");
            assertThat(FakeCyberTipline.childText(user, "espIdentifier")).isEqualTo(c.sender());
            assertThat(FakeCyberTipline.childText(user, "screenName")).isEqualTo(c.sender());
            assertThat(FakeCyberTipline.children(user, "displayName")).isEmpty();
            Element disabled = child(user, "accountTemporarilyDisabled");
            assertThat(disabled.getTextContent()).isEqualTo("true");
            assertThat(Instant.parse(disabled.getAttribute("disabledDate")))
                    .isEqualTo(decidedAt.truncatedTo(ChronoUnit.SECONDS));

            Element recipient = child(report, "intendedRecipient");
            assertThat(FakeCyberTipline.children(recipient, "espIdentifier")).isEmpty();
            assertThat(FakeCyberTipline.childText(recipient, "additionalInfo"))
                    .contains("pseudonym");

            // body and package; the body was shown, so the package counts as viewed too
            assertThat(stored.fileDetails).hasSize(2);
            List<String> relevance = new ArrayList<>();
            for (Document d : stored.fileDetails.values()) {
                Element e = d.getDocumentElement();
                assertThat(FakeCyberTipline.validate(e, "fileDetails")).isEmpty();
                assertThat(FakeCyberTipline.children(e, "originalFileName")).isEmpty();
                assertThat(FakeCyberTipline.childText(e, "fileViewedByEsp")).isEqualTo("true");
                String rel = FakeCyberTipline.childText(e, "fileRelevance");
                relevance.add(rel);
                if (rel.equals("Reported")) {
                    assertThat(
                                    Instant.parse(
                                            FakeCyberTipline.childText(
                                                    e, "uploadedToEspTimestamp")))
                            .isEqualTo(c.stamped().truncatedTo(ChronoUnit.SECONDS));
                } else {
                    assertThat(FakeCyberTipline.childText(e, "fileName")).endsWith(".zip");
                    assertThat(FakeCyberTipline.children(e, "uploadedToEspTimestamp")).isEmpty();
                }
            }
            assertThat(relevance).containsExactlyInAnyOrder("Reported", "Supplemental Reported");
        }
    }

    @Test
    void anImageCaseDefaultsToChildPornographyAndABlurredDisplayIsNoView() throws Exception {
        byte[] image = ("stand-in image " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        Case c = reported(image);
        assertThat(evidence.defaultIncidentType(c.caseId(), SENIOR_1))
                .isEqualTo(Views.IncidentType.CHILD_PORNOGRAPHY);
        // the page fetched the image's preview (blurred on the server: no view)
        assertThat(cases.attachmentForPreview(c.caseId(), c.item(), 0, SENIOR_1).bytes())
                .isEqualTo(image);

        try (FakeCyberTipline ncmec = new FakeCyberTipline("esp-user", "esp-password")) {
            UUID f =
                    evidence.requestForwarding(
                            c.caseId(), destination(ncmec), "mandatory report", SENIOR_1);
            assertThat(evidence.status(c.caseId(), ADMIN).forwardings().get(0).tipline())
                    .isEqualTo(
                            new Views.TiplineChoices(
                                    Views.IncidentType.CHILD_PORNOGRAPHY, null, Set.of()));
            FakeCyberTipline.StoredReport stored = deliver(ncmec, c.caseId(), f);
            Element summary =
                    child(
                            FakeCyberTipline.parse(stored.xml).getDocumentElement(),
                            "incidentSummary");
            assertThat(FakeCyberTipline.childText(summary, "incidentType"))
                    .isEqualTo("Child Pornography (possession, manufacture, and distribution)");
            assertThat(FakeCyberTipline.childNames(summary))
                    .doesNotContain("escalateToHighPriority", "reportAnnotations");
            Element user =
                    child(
                            FakeCyberTipline.parse(stored.xml).getDocumentElement(),
                            "personOrUserReported");
            assertThat(FakeCyberTipline.childNames(user))
                    .as("no decision yet: no account action claimed")
                    .doesNotContain("accountTemporarilyDisabled", "accountPermanentlyDisabled");

            assertThat(stored.fileDetails).hasSize(3);
            for (Document d : stored.fileDetails.values()) {
                Element e = d.getDocumentElement();
                assertThat(FakeCyberTipline.validate(e, "fileDetails")).isEmpty();
                assertThat(FakeCyberTipline.childText(e, "fileViewedByEsp"))
                        .as(FakeCyberTipline.childText(e, "fileName"))
                        .isEqualTo("false");
            }
        }
    }

    @Test
    void withoutAContactNothingGoesToTheCyberTiplineAndTheStartStops() throws Exception {
        // the same service, configured without reports.cybertipline.contact-*
        ForwardingService unconfigured =
                new ForwardingService(
                        jdbc,
                        caseRepository,
                        audit,
                        outbox,
                        packager,
                        vault,
                        CLOCK,
                        ReportsProperties.defaults(),
                        http,
                        txm,
                        reportRepository,
                        destinationRepository);
        assertThat(unconfigured.cyberTiplineContactComplete()).isFalse();
        assertThatThrownBy(
                        () ->
                                unconfigured.addDestination(
                                        unique("ct-tipline"),
                                        ForwardingService.Kind.CYBERTIPLINE,
                                        "https://report.cybertip.example/ispws",
                                        "esp-user",
                                        "esp-password",
                                        ADMIN))
                .hasMessage("refused.cybertipline-contact-missing");

        Case c = reported(null);
        try (FakeCyberTipline ncmec = new FakeCyberTipline("esp-user", "esp-password")) {
            UUID dest = destination(ncmec); // added while the contact was configured
            assertThatThrownBy(
                            () ->
                                    tx.execute(
                                            s ->
                                                    unconfigured.request(
                                                            c.caseId(),
                                                            dest,
                                                            "mandatory report",
                                                            SENIOR_1)))
                    .hasMessage("refused.cybertipline-contact-missing");
            assertThat(
                            jdbc.queryForObject(
                                    "SELECT count(*) FROM forwardings WHERE case_id = ?",
                                    Integer.class,
                                    c.caseId()))
                    .isZero();
            // an enabled CyberTipline destination and no contact: the start stops, naming it
            assertThatThrownBy(() -> CyberTiplineContactCheck.check(unconfigured))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("reports.cybertipline.contact-email");
            CyberTiplineContactCheck.check(forwarding); // configured: starts
        }
    }
}
