package dev.franking.review.web;

import static dev.franking.review.testapp.InMemoryReviewPorts.CASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Role;
import dev.franking.review.model.Views;
import dev.franking.review.model.Views.EvidenceStatus;
import dev.franking.review.model.Views.ForwardingRow;
import dev.franking.review.testapp.InMemoryEvidence;
import dev.franking.review.testapp.InMemoryReviewPorts;
import dev.franking.review.testapp.TestReviewApplication;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * Issue 5's part of the UI: forwarding with four eyes, the package download, legal holds,
 * destinations.
 */
@SpringBootTest(classes = TestReviewApplication.class)
@AutoConfigureMockMvc
class EvidencePagesTest {
    static final RequestPostProcessor MONA = user("mona").roles("MODERATOR");
    static final RequestPostProcessor CARL = user("carl").roles("CHILD_SAFETY");
    static final RequestPostProcessor DANA = user("dana").roles("CHILD_SAFETY");
    static final RequestPostProcessor ADA = user("ada").roles("ADMIN");
    static final String CASE_URL = "/review/cases/" + CASE;
    static final String SECRET = "correct-horse-9f8e7d";

    @Autowired MockMvc mvc;
    @Autowired InMemoryReviewPorts ports;
    @Autowired InMemoryEvidence evidence;

    @BeforeEach
    void reset() {
        ports.reset();
    }

    EvidenceStatus evidenceStatus() {
        return evidence.status(CASE, new Reviewer("ada", Set.of(Role.ADMIN)));
    }

    ForwardingRow forwarding(UUID id) {
        return evidenceStatus().forwardings().stream()
                .filter(f -> f.id().equals(id))
                .findFirst()
                .orElseThrow();
    }

    String page(RequestPostProcessor who) throws Exception {
        return mvc.perform(get(CASE_URL).with(who))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
    }

    @Test
    void theCasePageShowsPreservationHoldAndForwardings() throws Exception {
        String html = page(CARL);
        assertThat(html)
                .contains("Forwarding and preservation")
                .contains("Preserved until")
                .contains("2027-03-02 08:00 UTC") // approved 4 h before NOW, plus a year
                .contains("No legal hold")
                .contains("Partner trust and safety")
                .contains("Manual submission")
                .contains("Awaiting approval")
                .contains("Ready to download")
                .contains("threats against a minor")
                .contains(InMemoryEvidence.ZIP_SHA256)
                .contains(
                        "/review/cases/"
                                + CASE
                                + "/forwardings/"
                                + InMemoryEvidence.READY
                                + "/package")
                .contains("/forwardings/" + InMemoryEvidence.PENDING + "/approve")
                .contains("/forwardings/" + InMemoryEvidence.PENDING + "/reject")
                .contains("Request forwarding")
                .contains("maxlength=\"" + ReviewLimits.REASON_MAX + "\"")
                // a child-safety moderator places no hold
                .doesNotContain("Place hold");
        // a plain moderator sees the status, but may neither request, decide nor download
        assertThat(page(MONA))
                .contains("Forwarding and preservation")
                .contains("Awaiting approval")
                .doesNotContain("Request forwarding")
                .doesNotContain("/approve")
                .doesNotContain("/reject")
                .doesNotContain("/package")
                .doesNotContain("Place hold");
        // an admin decides, downloads and holds, but does not request
        assertThat(page(ADA))
                .contains("/approve")
                .contains("/package")
                .contains("Place hold")
                .doesNotContain("Request forwarding");
    }

    @Test
    void aCyberTiplineRequestCarriesTheIncidentTypeAndTagsAndTheApproverSeesThem()
            throws Exception {
        // the form offers NCMEC's incident types, preset to the case's default
        assertThat(page(CARL))
                .contains("For a CyberTipline report")
                .contains("<option value=\"ONLINE_ENTICEMENT\" selected=\"selected\">")
                .contains("Unsolicited obscene material sent to a child")
                .contains("Escalate to high priority");
        // high priority without a reason is refused, nothing is stored
        mvc.perform(
                        post(CASE_URL + "/forward")
                                .with(CARL)
                                .with(csrf())
                                .param("destinationId", InMemoryEvidence.CYBERTIPLINE.toString())
                                .param("reason", "mandatory report")
                                .param("incidentType", "UNSOLICITED_OBSCENE_MATERIAL_TO_CHILD")
                                .param("highPriority", "true")
                                .param("escalation", "  "))
                .andExpect(redirectedUrl(CASE_URL))
                .andExpect(
                        flash().attribute(
                                        "flash",
                                        Flash.error("refused.escalation-reason-required")));
        mvc.perform(
                        post(CASE_URL + "/forward")
                                .with(CARL)
                                .with(csrf())
                                .param("destinationId", InMemoryEvidence.CYBERTIPLINE.toString())
                                .param("reason", "mandatory report")
                                .param("incidentType", "UNSOLICITED_OBSCENE_MATERIAL_TO_CHILD")
                                .param("highPriority", "true")
                                .param("escalation", "meets the child tonight")
                                .param("annotations", "SEXTORTION"))
                .andExpect(redirectedUrl(CASE_URL))
                .andExpect(flash().attribute("flash", Flash.ok("flash.forwarding-requested")));
        ForwardingRow requested =
                evidenceStatus().forwardings().stream()
                        .filter(f -> "carl".equals(f.requestedBy()) && f.tipline() != null)
                        .findFirst()
                        .orElseThrow();
        assertThat(requested.tipline())
                .isEqualTo(
                        new Views.TiplineChoices(
                                Views.IncidentType.UNSOLICITED_OBSCENE_MATERIAL_TO_CHILD,
                                "meets the child tonight",
                                Set.of(Views.ReportAnnotation.SEXTORTION)));
        // the approver sees what the report will say
        assertThat(page(DANA))
                .contains("Incident type: Unsolicited obscene material sent to a child")
                .contains("High priority: meets the child tonight")
                .contains("Annotation: Sextortion");
    }

    @Test
    void requestThenApprovalByAnotherPersonQueuesTheForwarding() throws Exception {
        mvc.perform(
                        post(CASE_URL + "/forward")
                                .with(CARL)
                                .with(csrf())
                                .param("destinationId", InMemoryEvidence.WEBHOOK.toString())
                                .param("reason", "  grooming, police asked  "))
                .andExpect(redirectedUrl(CASE_URL))
                .andExpect(flash().attribute("flash", Flash.ok("flash.forwarding-requested")));
        ForwardingRow requested =
                evidenceStatus().forwardings().stream()
                        .filter(f -> "carl".equals(f.requestedBy()))
                        .findFirst()
                        .orElseThrow();
        assertThat(requested.status()).isEqualTo("requested");
        assertThat(requested.reason()).isEqualTo("grooming, police asked");

        // the requester sees no approve button for their own request, only a hint
        String carls = page(CARL);
        assertThat(carls)
                .doesNotContain("/forwardings/" + requested.id() + "/approve")
                .contains("/forwardings/" + requested.id() + "/reject")
                .contains("a second person must approve it");

        // a second child-safety moderator approves: queued
        mvc.perform(
                        post(CASE_URL + "/forwardings/{f}/approve", requested.id())
                                .with(DANA)
                                .with(csrf()))
                .andExpect(redirectedUrl(CASE_URL))
                .andExpect(flash().attribute("flash", Flash.ok("flash.forwarding-approved")));
        assertThat(forwarding(requested.id()).status()).isEqualTo("queued");
        assertThat(forwarding(requested.id()).decidedBy()).isEqualTo("dana");
        assertThat(page(CARL)).contains("Queued");

        // decided once: a second approval is refused
        mvc.perform(
                        post(CASE_URL + "/forwardings/{f}/approve", requested.id())
                                .with(ADA)
                                .with(csrf()))
                .andExpect(
                        flash().attribute("flash", Flash.error("refused.forwarding-not-pending")));
    }

    @Test
    void theRequesterCannotApproveTheirOwnRequest() throws Exception {
        // dana requested PENDING; the UI hides her button, and a forged POST is refused by the port
        assertThat(page(DANA))
                .doesNotContain("/forwardings/" + InMemoryEvidence.PENDING + "/approve");
        mvc.perform(
                        post(CASE_URL + "/forwardings/{f}/approve", InMemoryEvidence.PENDING)
                                .with(DANA)
                                .with(csrf()))
                .andExpect(redirectedUrl(CASE_URL))
                .andExpect(flash().attribute("flash", Flash.error("refused.four-eyes")));
        assertThat(forwarding(InMemoryEvidence.PENDING).status()).isEqualTo("requested");
        // the flash message is shown on the case page
        MvcResult refused =
                mvc.perform(
                                post(
                                                CASE_URL + "/forwardings/{f}/approve",
                                                InMemoryEvidence.PENDING)
                                        .with(DANA)
                                        .with(csrf()))
                        .andReturn();
        mvc.perform(get(CASE_URL).with(DANA).flashAttrs(refused.getFlashMap()))
                .andExpect(
                        content()
                                .string(
                                        containsString(
                                                "A second person must approve: you requested this"
                                                        + " forwarding.")));
    }

    @Test
    void aModeratorWithoutChildSafetyCannotRequestOrDecide() throws Exception {
        int before = evidenceStatus().forwardings().size();
        for (RequestPostProcessor who : new RequestPostProcessor[] {MONA, ADA}) {
            mvc.perform(
                            post(CASE_URL + "/forward")
                                    .with(who)
                                    .with(csrf())
                                    .param("destinationId", InMemoryEvidence.WEBHOOK.toString())
                                    .param("reason", "r"))
                    .andExpect(status().isForbidden());
        }
        mvc.perform(
                        post(CASE_URL + "/forwardings/{f}/approve", InMemoryEvidence.PENDING)
                                .with(MONA)
                                .with(csrf()))
                .andExpect(status().isForbidden());
        mvc.perform(
                        post(CASE_URL + "/forwardings/{f}/reject", InMemoryEvidence.PENDING)
                                .with(MONA)
                                .with(csrf())
                                .param("reason", "no"))
                .andExpect(status().isForbidden());
        assertThat(evidenceStatus().forwardings()).hasSize(before);
        assertThat(forwarding(InMemoryEvidence.PENDING).status()).isEqualTo("requested");
    }

    @Test
    void rejectionNeedsAReasonAndIsRecorded() throws Exception {
        MvcResult invalid =
                mvc.perform(
                                post(CASE_URL + "/forwardings/{f}/reject", InMemoryEvidence.PENDING)
                                        .with(ADA)
                                        .with(csrf())
                                        .param("reason", " "))
                        .andExpect(redirectedUrl(CASE_URL))
                        .andExpect(flash().attribute("flash", Flash.error("flash.invalid")))
                        .andReturn();
        String html =
                mvc.perform(get(CASE_URL).with(ADA).flashAttrs(invalid.getFlashMap()))
                        .andExpect(status().isOk())
                        .andReturn()
                        .getResponse()
                        .getContentAsString();
        assertThat(html).contains("Required.").contains("Please correct the form below.");
        assertThat(forwarding(InMemoryEvidence.PENDING).status()).isEqualTo("requested");

        mvc.perform(
                        post(CASE_URL + "/forwardings/{f}/reject", InMemoryEvidence.PENDING)
                                .with(ADA)
                                .with(csrf())
                                .param("reason", "not enough to forward"))
                .andExpect(flash().attribute("flash", Flash.ok("flash.forwarding-rejected")));
        assertThat(forwarding(InMemoryEvidence.PENDING).status()).isEqualTo("rejected");
        assertThat(page(ADA))
                .contains("Rejected")
                .doesNotContain("/forwardings/" + InMemoryEvidence.PENDING + "/approve");
    }

    @Test
    void invalidForwardingRequestsComeBackWithTheirErrors() throws Exception {
        MvcResult r =
                mvc.perform(
                                post(CASE_URL + "/forward")
                                        .with(CARL)
                                        .with(csrf())
                                        .param("destinationId", "")
                                        .param("reason", "x".repeat(ReviewLimits.REASON_MAX + 1)))
                        .andExpect(redirectedUrl(CASE_URL))
                        .andExpect(flash().attribute("flash", Flash.error("flash.invalid")))
                        .andReturn();
        mvc.perform(get(CASE_URL).with(CARL).flashAttrs(r.getFlashMap()))
                .andExpect(content().string(containsString("Choose one.")))
                .andExpect(
                        content()
                                .string(
                                        containsString(
                                                "At most "
                                                        + ReviewLimits.REASON_MAX
                                                        + " characters.")));
        mvc.perform(
                        post(CASE_URL + "/forward")
                                .with(CARL)
                                .with(csrf())
                                .param("destinationId", UUID.randomUUID().toString())
                                .param("reason", "r"))
                .andExpect(flash().attribute("flash", Flash.error("refused.destination-unknown")));
        mvc.perform(
                        post(CASE_URL + "/forward")
                                .with(CARL)
                                .with(csrf())
                                .param("destinationId", "not-a-uuid")
                                .param("reason", "r"))
                .andExpect(flash().attribute("flash", Flash.error("flash.invalid")));
        // the three seeded ones (pending, ready, failed), nothing added
        assertThat(evidenceStatus().forwardings()).hasSize(3);
    }

    @Test
    void holdsAreForAdmins() throws Exception {
        for (RequestPostProcessor who : new RequestPostProcessor[] {MONA, CARL}) {
            mvc.perform(post(CASE_URL + "/hold").with(who).with(csrf()).param("reason", "subpoena"))
                    .andExpect(status().isForbidden());
        }
        assertThat(evidenceStatus().hold()).isNull();

        mvc.perform(
                        post(CASE_URL + "/hold")
                                .with(ADA)
                                .with(csrf())
                                .param("reason", "subpoena 2026-044"))
                .andExpect(redirectedUrl(CASE_URL))
                .andExpect(flash().attribute("flash", Flash.ok("flash.hold-placed")));
        assertThat(evidenceStatus().hold().placedBy()).isEqualTo("ada");
        assertThat(page(ADA))
                .contains("On hold")
                .contains("subpoena 2026-044")
                .contains("Placed by ada, 2026-03-02 12:00 UTC")
                .contains("Lift hold")
                .doesNotContain("Place hold");
        assertThat(page(CARL)).contains("On hold").doesNotContain("Lift hold");
        mvc.perform(post(CASE_URL + "/hold").with(ADA).with(csrf()).param("reason", "again"))
                .andExpect(flash().attribute("flash", Flash.error("refused.already-held")));

        mvc.perform(post(CASE_URL + "/lift-hold").with(CARL).with(csrf()).param("reason", "done"))
                .andExpect(status().isForbidden());
        mvc.perform(
                        post(CASE_URL + "/lift-hold")
                                .with(ADA)
                                .with(csrf())
                                .param("reason", "case closed by court"))
                .andExpect(flash().attribute("flash", Flash.ok("flash.hold-lifted")));
        assertThat(evidenceStatus().hold()).isNull();
        mvc.perform(post(CASE_URL + "/lift-hold").with(ADA).with(csrf()).param("reason", "again"))
                .andExpect(flash().attribute("flash", Flash.error("refused.not-held")));
        mvc.perform(post(CASE_URL + "/hold").with(ADA).with(csrf()).param("reason", ""))
                .andExpect(flash().attribute("flash", Flash.error("flash.invalid")));
        assertThat(evidenceStatus().hold()).isNull();
    }

    @Test
    void thePackageDownloadsWithSafeHeaders() throws Exception {
        mvc.perform(get(CASE_URL + "/forwardings/{f}/package", InMemoryEvidence.READY).with(CARL))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", "application/zip"))
                .andExpect(header().string("Content-Disposition", containsString("attachment")))
                .andExpect(
                        header().string(
                                        "Content-Disposition",
                                        containsString("evidence-" + CASE + ".zip")))
                .andExpect(header().string("Cache-Control", containsString("no-store")))
                .andExpect(header().string("X-Content-Type-Options", "nosniff"))
                .andExpect(header().string("X-Package-SHA256", InMemoryEvidence.ZIP_SHA256))
                .andExpect(content().bytes(InMemoryEvidence.ZIP));
        assertThat(evidence.downloads)
                .containsExactly(
                        new InMemoryEvidence.Download(CASE, InMemoryEvidence.READY, "carl"));

        // not approved: back to the case with the refusal
        mvc.perform(get(CASE_URL + "/forwardings/{f}/package", InMemoryEvidence.PENDING).with(ADA))
                .andExpect(redirectedUrl(CASE_URL))
                .andExpect(
                        flash().attribute("flash", Flash.error("refused.forwarding-not-approved")));
        mvc.perform(get(CASE_URL + "/forwardings/{f}/package", UUID.randomUUID()).with(ADA))
                .andExpect(status().isNotFound());
        mvc.perform(get(CASE_URL + "/forwardings/{f}/package", InMemoryEvidence.READY).with(MONA))
                .andExpect(status().isForbidden());
        assertThat(evidence.downloads).hasSize(1);
    }

    @Test
    void fileNamesAreMadeSafe() {
        UUID f = InMemoryEvidence.READY;
        assertThat(EvidenceController.fileName("evidence-1.zip", f)).isEqualTo("evidence-1.zip");
        assertThat(EvidenceController.fileName("../../etc/passwd", f)).isEqualTo("etc_passwd.zip");
        assertThat(EvidenceController.fileName("a\"b\r\nc.zip", f)).isEqualTo("a_b__c.zip");
        assertThat(EvidenceController.fileName(null, f)).isEqualTo("evidence-" + f + ".zip");
    }

    @Test
    void anAdminAddsADestinationThatThenAppearsInTheSelect() throws Exception {
        mvc.perform(get("/review/admin/destinations").with(ADA))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Partner trust and safety")))
                .andExpect(content().string(containsString("type=\"password\"")))
                .andExpect(
                        content()
                                .string(
                                        containsString(
                                                "maxlength=\""
                                                        + ReviewLimits.DESTINATION_NAME_MAX
                                                        + "\"")));
        mvc.perform(
                        post("/review/admin/destinations")
                                .with(ADA)
                                .with(csrf())
                                .param("name", "NCMEC CyberTipline (test)")
                                .param("kind", "cybertipline")
                                .param("url", "https://exttest.cybertip.org/ispws")
                                .param("username", "platform")
                                .param("secret", SECRET))
                .andExpect(redirectedUrl("/review/admin/destinations"))
                .andExpect(flash().attribute("flash", Flash.ok("flash.destination-added")));
        assertThat(evidence.added)
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.kind()).isEqualTo("cybertipline");
                            assertThat(d.secret()).isEqualTo(SECRET);
                            assertThat(d.by()).isEqualTo("ada");
                        });
        mvc.perform(get("/review/admin/destinations").with(ADA))
                .andExpect(content().string(containsString("NCMEC CyberTipline (test)")))
                .andExpect(content().string(not(containsString(SECRET))));
        mvc.perform(get(CASE_URL).with(CARL))
                .andExpect(
                        content()
                                .string(
                                        containsString(
                                                "NCMEC CyberTipline (test) (NCMEC CyberTipline)")))
                .andExpect(content().string(not(containsString(SECRET))));
        // admins find the page in the navigation
        assertThat(page(ADA)).contains("href=\"/review/admin/destinations\"");
        assertThat(page(CARL)).doesNotContain("href=\"/review/admin/destinations\"");
    }

    @Test
    void theSecretIsNeverEchoedBack() throws Exception {
        MvcResult invalid =
                mvc.perform(
                                post("/review/admin/destinations")
                                        .with(ADA)
                                        .with(csrf())
                                        .param("name", " ")
                                        .param("kind", "carrier-pigeon")
                                        .param("url", "https://x.example")
                                        .param("secret", SECRET))
                        .andExpect(redirectedUrl("/review/admin/destinations"))
                        .andExpect(flash().attribute("flash", Flash.error("flash.invalid")))
                        .andReturn();
        assertThat(invalid.getFlashMap().toString()).doesNotContain(SECRET);
        String html =
                mvc.perform(
                                get("/review/admin/destinations")
                                        .with(ADA)
                                        .flashAttrs(invalid.getFlashMap()))
                        .andExpect(status().isOk())
                        .andReturn()
                        .getResponse()
                        .getContentAsString();
        assertThat(html)
                .contains("Required.")
                .contains("Choose one.")
                .contains("https://x.example")
                .doesNotContain(SECRET);
        // a too long secret: the error is shown, the value is not
        MvcResult tooLong =
                mvc.perform(
                                post("/review/admin/destinations")
                                        .with(ADA)
                                        .with(csrf())
                                        .param("name", "n")
                                        .param("kind", "webhook")
                                        .param("url", "https://x.example")
                                        .param(
                                                "secret",
                                                SECRET.repeat(
                                                        ReviewLimits.DESTINATION_SECRET_MAX
                                                                        / SECRET.length()
                                                                + 1)))
                        .andExpect(flash().attribute("flash", Flash.error("flash.invalid")))
                        .andReturn();
        assertThat(tooLong.getFlashMap().toString()).doesNotContain(SECRET);
        mvc.perform(get("/review/admin/destinations").with(ADA).flashAttrs(tooLong.getFlashMap()))
                .andExpect(
                        content()
                                .string(
                                        containsString(
                                                "At most " + ReviewLimits.DESTINATION_SECRET_MAX)))
                .andExpect(content().string(not(containsString(SECRET))));
        // the port's own refusal
        // by the parsed URL, as the service decides: user info and look-alikes are refused too
        for (String bad :
                new String[] {
                    "http://insecure.example",
                    "https://user:pw@host/",
                    "https://partner.example@attacker.example/",
                    "http://127.0.0.1.attacker.example/",
                    "http://[::1]@evil/",
                    "https:///nohost"
                }) {
            mvc.perform(
                            post("/review/admin/destinations")
                                    .with(ADA)
                                    .with(csrf())
                                    .param("name", "plain")
                                    .param("kind", "webhook")
                                    .param("url", bad))
                    .andExpect(
                            flash().attribute(
                                            "flash",
                                            Flash.error("refused.destination-https-required")));
        }
        assertThat(evidence.added).isEmpty();
        assertThat(new Forms.DestinationForm("n", "webhook", null, null, SECRET).toString())
                .doesNotContain(SECRET);
    }

    @Test
    void destroyedEvidenceOffersNoForwarding() throws Exception {
        ports.evidenceDestroyed = true;
        assertThat(page(CARL))
                .contains("it can no longer be forwarded")
                .doesNotContain("Request forwarding");
        assertThat(page(ADA)).doesNotContain("Place hold");
    }

    @Test
    void noInlineScriptOrStyleInTheNewPages() throws Exception {
        for (String url : new String[] {CASE_URL, "/review/admin/destinations"}) {
            String html =
                    mvc.perform(get(url).with(ADA)).andReturn().getResponse().getContentAsString();
            assertThat(html)
                    .as(url)
                    .doesNotContainPattern("<script(?![^>]*\\bsrc=)")
                    .doesNotContainPattern("\\sstyle=")
                    .doesNotContainPattern("\\son[a-z]+=");
        }
    }

    // ---------------------------------------------------------------- issue 13: failed deliveries

    @Test
    void aFailedForwardingShowsWhyAndOffersRetryAndTheReportIdToChildSafetyOnly() throws Exception {
        String carl = page(CARL);
        assertThat(carl)
                .contains(InMemoryEvidence.FAILED_ERROR)
                .contains("/forwardings/" + InMemoryEvidence.FAILED + "/retry")
                .contains("/forwardings/" + InMemoryEvidence.FAILED + "/reference")
                .contains("Send again")
                .contains("Record NCMEC’s report id")
                .doesNotContain("in-flight marker");
        // both forms ask for a confirmation, and the page says what retrying risks
        assertThat(carl)
                .containsPattern(
                        "id=\"retry-"
                                + InMemoryEvidence.FAILED
                                + "\"[\\s\\S]*?name=\"confirmed\"[\\s\\S]*?</form>")
                .containsPattern(
                        "id=\"reference-"
                                + InMemoryEvidence.FAILED
                                + "\"[\\s\\S]*?name=\"confirmed\"[\\s\\S]*?</form>")
                .contains("deletes after 24 hours");
        // an admin sees the error, not the repair forms (the route is child-safety only)
        assertThat(page(ADA))
                .contains(InMemoryEvidence.FAILED_ERROR)
                .doesNotContain("/forwardings/" + InMemoryEvidence.FAILED + "/retry");
    }

    @Test
    void retryNeedsTheConfirmationAndIsDoneByTheChildSafetyModerator() throws Exception {
        String url = CASE_URL + "/forwardings/{f}/retry";
        mvc.perform(post(url, InMemoryEvidence.FAILED).with(CARL).with(csrf()))
                .andExpect(redirectedUrl(CASE_URL))
                .andExpect(flash().attribute("flash", Flash.error("flash.confirm-required")));
        assertThat(forwarding(InMemoryEvidence.FAILED).status()).isEqualTo("failed");
        assertThat(evidence.repairs).isEmpty();

        mvc.perform(
                        post(url, InMemoryEvidence.FAILED)
                                .with(ADA)
                                .with(csrf())
                                .param("confirmed", "true"))
                .andExpect(status().isForbidden());
        assertThat(evidence.repairs).isEmpty();

        mvc.perform(
                        post(url, InMemoryEvidence.FAILED)
                                .with(CARL)
                                .with(csrf())
                                .param("confirmed", "true"))
                .andExpect(redirectedUrl(CASE_URL))
                .andExpect(flash().attribute("flash", Flash.ok("flash.forwarding-retried")));
        assertThat(forwarding(InMemoryEvidence.FAILED).status()).isEqualTo("queued");
        assertThat(evidence.repairs)
                .containsExactly(
                        new InMemoryEvidence.Repair(InMemoryEvidence.FAILED, "retry", "carl"));
        // no longer failed: a second retry is refused
        mvc.perform(
                        post(url, InMemoryEvidence.FAILED)
                                .with(CARL)
                                .with(csrf())
                                .param("confirmed", "true"))
                .andExpect(
                        flash().attribute("flash", Flash.error("refused.forwarding-not-failed")));
    }

    @Test
    void ncmecsReportIdIsRecordedWithConfirmationAndChecked() throws Exception {
        String url = CASE_URL + "/forwardings/{f}/reference";
        mvc.perform(
                        post(url, InMemoryEvidence.FAILED)
                                .with(CARL)
                                .with(csrf())
                                .param("reference", "90000001"))
                .andExpect(flash().attribute("flash", Flash.error("flash.confirm-required")));
        mvc.perform(
                        post(url, InMemoryEvidence.FAILED)
                                .with(CARL)
                                .with(csrf())
                                .param("reference", "not a number")
                                .param("confirmed", "true"))
                .andExpect(
                        flash().attribute(
                                        "flash",
                                        Flash.error("refused.forwarding-reference-invalid")));
        assertThat(evidence.repairs).isEmpty();
        mvc.perform(
                        post(url, InMemoryEvidence.FAILED)
                                .with(DANA)
                                .with(csrf())
                                .param("reference", " 90000001 ")
                                .param("confirmed", "true"))
                .andExpect(redirectedUrl(CASE_URL))
                .andExpect(
                        flash().attribute(
                                        "flash", Flash.ok("flash.forwarding-reference-recorded")));
        assertThat(evidence.repairs)
                .containsExactly(
                        new InMemoryEvidence.Repair(
                                InMemoryEvidence.FAILED, "reference=90000001", "dana"));
        assertThat(forwarding(InMemoryEvidence.FAILED).status()).isEqualTo("queued");
    }

    @Test
    void anAdminTestsACyberTiplineDestinationAndSeesTheAnswer() throws Exception {
        String page =
                mvc.perform(get("/review/admin/destinations").with(ADA))
                        .andReturn()
                        .getResponse()
                        .getContentAsString();
        assertThat(page)
                .contains("/review/admin/destinations/" + InMemoryEvidence.CYBERTIPLINE + "/test")
                .doesNotContain("/review/admin/destinations/" + InMemoryEvidence.WEBHOOK + "/test")
                .contains("Test connection");

        String url = "/review/admin/destinations/{d}/test";
        mvc.perform(post(url, InMemoryEvidence.CYBERTIPLINE).with(ADA).with(csrf()))
                .andExpect(redirectedUrl("/review/admin/destinations"))
                .andExpect(flash().attribute("flash", Flash.ok("flash.destination-test-ok")));

        String problem =
                "CyberTipline /status: authentication failed (HTTP 401): check the CyberTipline"
                        + " username and password";
        evidence.nextTest = new dev.franking.review.model.Views.ConnectionTest(false, problem);
        MvcResult failed =
                mvc.perform(post(url, InMemoryEvidence.CYBERTIPLINE).with(ADA).with(csrf()))
                        .andExpect(
                                flash().attribute(
                                                "flash",
                                                Flash.error("flash.destination-test-failed")))
                        .andReturn();
        String shown =
                mvc.perform(
                                get("/review/admin/destinations")
                                        .with(ADA)
                                        .flashAttrs(failed.getFlashMap()))
                        .andReturn()
                        .getResponse()
                        .getContentAsString();
        assertThat(shown).contains("authentication failed (HTTP 401)");

        mvc.perform(post(url, InMemoryEvidence.WEBHOOK).with(ADA).with(csrf()))
                .andExpect(
                        flash().attribute(
                                        "flash",
                                        Flash.error("refused.destination-test-unsupported")));
        mvc.perform(post(url, InMemoryEvidence.CYBERTIPLINE).with(CARL).with(csrf()))
                .andExpect(status().isForbidden());
    }
}
