package dev.franking.review.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Role;
import dev.franking.review.model.Views.Decision;
import dev.franking.review.testapp.InMemoryEvidence;
import dev.franking.review.testapp.InMemoryReviewPorts;
import dev.franking.review.testapp.TestReviewApplication;
import java.util.List;
import java.util.Set;
import org.htmlunit.WebClient;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.HtmlButton;
import org.htmlunit.html.HtmlCheckBoxInput;
import org.htmlunit.html.HtmlElement;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlSelect;
import org.htmlunit.html.HtmlTextArea;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.htmlunit.MockMvcWebClientBuilder;

/**
 * A moderator's way through the UI in a browser (HtmlUnit, with the real security chain, CSRF
 * fields and the page script): sign in with the form, see the queue, filter, claim, open the case,
 * show content, decide with reasons, sign out.
 */
@SpringBootTest(classes = TestReviewApplication.class)
@AutoConfigureMockMvc
class ReviewFlowHtmlUnitTest {
    @Autowired MockMvc mvc;
    @Autowired InMemoryReviewPorts ports;
    @Autowired InMemoryEvidence evidence;

    WebClient browser;

    @BeforeEach
    void setUp() {
        ports.reset();
        browser = MockMvcWebClientBuilder.mockMvcSetup(mvc).build();
        browser.getOptions().setThrowExceptionOnScriptError(true);
        browser.getOptions().setThrowExceptionOnFailingStatusCode(false);
    }

    @AfterEach
    void tearDown() {
        browser.close();
    }

    HtmlPage signIn(String username, String password) throws Exception {
        HtmlPage login = browser.getPage("http://localhost/review/queue");
        assertThat(login.getUrl().getPath()).isEqualTo("/review/login");
        assertThat(login.getTitleText()).isEqualTo("Sign in · Review");
        HtmlForm form = login.getForms().get(0);
        assertThat(form.getInputByName("_csrf").getValue()).isNotBlank();
        form.getInputByName("username").setValue(username);
        form.getInputByName("password").setValue(password);
        return button(form, "Sign in").click();
    }

    static HtmlButton button(DomElement scope, String text) {
        for (HtmlElement b : scope.getElementsByTagName("button")) {
            if (b.getTextContent().strip().equals(text)) {
                return (HtmlButton) b;
            }
        }
        throw new AssertionError("no button " + text);
    }

    @Test
    void wrongPasswordStaysOnTheLoginPage() throws Exception {
        HtmlPage page = signIn("mona", "nope");
        assertThat(page.getUrl().toString()).endsWith("/review/login?error");
        assertThat(page.asNormalizedText()).contains("Wrong username or password.");
    }

    @Test
    void signInTriageRevealAndDecide() throws Exception {
        HtmlPage queue = signIn("mona", TestReviewApplication.PASSWORD);
        assertThat(queue.getUrl().getPath()).isEqualTo("/review");
        assertThat(queue.getTitleText()).isEqualTo("Queue · Review");
        assertThat(queue.asNormalizedText())
                .contains("acct-mallory")
                .contains("Signed in as mona")
                .doesNotContain("acct-groomer")
                .doesNotContain("Audit log");

        // filter by category
        HtmlForm filters = (HtmlForm) queue.getFirstByXPath("//form[@role='search']");
        HtmlSelect category = filters.getSelectByName("category");
        category.setSelectedAttribute("harassment", true);
        queue = button(filters, "Filter").click();
        assertThat(queue.getUrl().getQuery()).contains("category=harassment");
        assertThat(ports.lastFilter.category()).isEqualTo("harassment");
        assertThat(queue.asNormalizedText()).contains("acct-mallory");

        // claim from the queue: lands on the case
        HtmlPage casePage =
                button(queue.getFirstByXPath("//table[contains(@class,'queue')]"), "Claim").click();
        assertThat(casePage.getUrl().getPath())
                .isEqualTo("/review/cases/" + InMemoryReviewPorts.CASE);
        assertThat(casePage.asNormalizedText())
                .contains("You have claimed the case.")
                .contains(
                        "acct-mallory sent this exact message to P-7F3A0C1D… in conversation"
                                + " conv-42")
                // the transcript (PROTOCOL.md §5.5): gap marker, the reporter's reply marked, and
                // the sender's clock as a note only where it is more than 10 minutes off
                .contains("2 earlier messages are not in this report")
                .contains("Written by the reporter")
                .contains("1 h 15 min behind the relay time")
                .doesNotContain(InMemoryReviewPorts.SECRET_TEXT);
        assertThat(casePage.<HtmlElement>getByXPath("//p[contains(@class,'clock')]")).hasSize(1);
        assertThat(casePage.getElementsByTagName("img")).isEmpty();
        assertThat(ports.reveals).isEmpty();

        // show content of the reported message
        List<HtmlButton> reveal = casePage.getByXPath("//button[@class='reveal']");
        assertThat(reveal).hasSize(2);
        HtmlPage revealed = reveal.get(0).click();
        assertThat(revealed.asNormalizedText()).contains(InMemoryReviewPorts.SECRET_TEXT);
        assertThat(ports.reveals)
                .containsExactly(
                        new InMemoryReviewPorts.Reveal(
                                InMemoryReviewPorts.CASE, InMemoryReviewPorts.ITEM, "mona"));
        assertThat(revealed.getUrl().toString()).doesNotContain(InMemoryReviewPorts.SECRET_TEXT);

        // the image: only a preview blurred on the server, and an audited "view original" form
        // (issue 13; the flow itself is in ViewOriginalPagesTest and ViewedBrowserTest)
        List<HtmlElement> images = revealed.getByXPath("//figure[contains(@class,'preview')]/img");
        assertThat(images).hasSize(1);
        assertThat(images.get(0).getAttribute("src")).endsWith("/attachments/0/preview");
        assertThat(revealed.<HtmlForm>getByXPath("//form[contains(@class,'original')]")).hasSize(1);
        assertThat(ports.attachmentReveals).isEmpty();

        // decide with reasons: warn
        HtmlForm decide = (HtmlForm) revealed.getElementById("decide");
        decide.getInputByName("ground").setValue("Terms of service: violence and threats");
        decide.<HtmlTextArea>getOneHtmlElementByAttribute("textarea", "name", "facts")
                .setText("Threatened the reporter.");
        ((HtmlCheckBoxInput) decide.getInputByName("automated")).setChecked(false);
        HtmlPage decided = button(decide, "Warn").click();
        assertThat(decided.getUrl().getPath())
                .isEqualTo("/review/cases/" + InMemoryReviewPorts.CASE);
        assertThat(decided.asNormalizedText())
                .contains("The account is warned; the case is closed.")
                .doesNotContain(InMemoryReviewPorts.SECRET_TEXT);
        assertThat(ports.decisions)
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.decision()).isEqualTo(Decision.WARN);
                            assertThat(d.reasons().ground())
                                    .isEqualTo("Terms of service: violence and threats");
                            assertThat(d.reasons().facts()).isEqualTo("Threatened the reporter.");
                            assertThat(d.reasons().automated()).isFalse();
                            assertThat(d.by()).isEqualTo("mona");
                        });
        // the closed case offers reopening, not deciding again
        assertThat(decided.getElementById("decide")).isNull();
        assertThat(decided.asNormalizedText()).contains("Reopen the case");

        // sign out (a POST with the CSRF field)
        HtmlPage out = button(decided.getFirstByXPath("//header"), "Sign out").click();
        assertThat(out.getUrl().toString()).endsWith("/review/login?logout");
        HtmlPage again = browser.getPage("http://localhost/review/queue");
        assertThat(again.getUrl().getPath()).isEqualTo("/review/login");
    }

    @Test
    void validationErrorsAreShownNextToTheFields() throws Exception {
        HtmlPage page = signIn("mona", TestReviewApplication.PASSWORD);
        HtmlPage casePage =
                browser.getPage("http://localhost/review/cases/" + InMemoryReviewPorts.CASE);
        HtmlForm note = casePage.getFirstByXPath("//form[contains(@action,'/note')]");
        HtmlTextArea text = note.getTextAreaByName("text");
        assertThat(text.getAttribute("maxlength"))
                .isEqualTo(Integer.toString(ReviewLimits.NOTE_MAX_CHARS));
        HtmlPage after = button(note, "Add note").click();
        assertThat(after.asNormalizedText())
                .contains("Please correct the form below.")
                .contains("Required.");
        assertThat(ports.actions).isEmpty();
        assertThat(page).isNotNull();
    }

    @Test
    void adminSeesAuditAndDashboardAndModeratorDoesNot() throws Exception {
        HtmlPage queue = signIn("ada", TestReviewApplication.PASSWORD);
        HtmlPage audit = queue.getAnchorByText("Audit log").click();
        assertThat(audit.getTitleText()).isEqualTo("Audit log · Review");
        HtmlPage chain = audit.getAnchorByText("Check the hash chain").click();
        assertThat(chain.asNormalizedText()).contains("The chain is intact");
        HtmlPage dashboard = chain.getAnchorByText("Dashboard").click();
        assertThat(dashboard.getElementsByTagName("svg")).hasSize(3);
        browser.close();

        browser = MockMvcWebClientBuilder.mockMvcSetup(mvc).build();
        browser.getOptions().setThrowExceptionOnFailingStatusCode(false);
        signIn("mona", TestReviewApplication.PASSWORD);
        HtmlPage denied = browser.getPage("http://localhost/review/admin/audit");
        assertThat(denied.getWebResponse().getStatusCode()).isEqualTo(403);
        assertThat(denied.asNormalizedText()).contains("Access denied");
        HtmlPage missing =
                browser.getPage("http://localhost/review/cases/" + InMemoryReviewPorts.CHILD_CASE);
        assertThat(missing.getWebResponse().getStatusCode()).isEqualTo(404);
        assertThat(missing.asNormalizedText()).contains("Not found");
    }

    @Test
    void forwardingNeedsASecondPerson() throws Exception {
        String caseUrl = "http://localhost/review/cases/" + InMemoryReviewPorts.CASE;
        signIn("carl", TestReviewApplication.PASSWORD);
        HtmlPage casePage = browser.getPage(caseUrl);
        HtmlForm forward = casePage.getFirstByXPath("//form[.//select[@name='destinationId']]");
        HtmlSelect destination = forward.getSelectByName("destinationId");
        destination.setSelectedAttribute(InMemoryEvidence.WEBHOOK.toString(), true);
        forward.<HtmlTextArea>getOneHtmlElementByAttribute("textarea", "name", "reason")
                .setText("grooming of a minor");
        HtmlPage requested = button(forward, "Request forwarding").click();
        assertThat(requested.asNormalizedText())
                .contains("Forwarding is requested")
                .contains("You requested this forwarding: a second person must approve it.");
        // every form posts only its own fields
        assertThat(
                        evidence.status(
                                        InMemoryReviewPorts.CASE,
                                        new Reviewer("carl", Set.of(Role.CHILD_SAFETY)))
                                .forwardings())
                .filteredOn(f -> "carl".equals(f.requestedBy()))
                .singleElement()
                .satisfies(f -> assertThat(f.reason()).isEqualTo("grooming of a minor"));
        button(requested.getFirstByXPath("//header"), "Sign out").click();

        signIn("ada", TestReviewApplication.PASSWORD);
        casePage = browser.getPage(caseUrl);
        HtmlElement row = casePage.getFirstByXPath("//tr[td[contains(., 'carl,')]]");
        HtmlPage approved = button(row, "Approve").click();
        assertThat(approved.asNormalizedText())
                .contains("Forwarding is approved.")
                .contains("Queued");

        // the hold, through its form
        HtmlForm hold = approved.getFirstByXPath("//form[contains(@action,'/hold')]");
        hold.<HtmlTextArea>getOneHtmlElementByAttribute("textarea", "name", "reason")
                .setText("subpoena 44");
        HtmlPage held = button(hold, "Place hold").click();
        assertThat(held.asNormalizedText())
                .contains("The legal hold is placed.")
                .contains("subpoena 44");

        // destinations page from the navigation
        HtmlPage destinations = held.getAnchorByText("Destinations").click();
        HtmlForm add = destinations.getFirstByXPath("//form[@action='/review/admin/destinations']");
        add.getInputByName("name").setValue("Regional police");
        add.getSelectByName("kind").setSelectedAttribute("webhook", true);
        add.getInputByName("url").setValue("https://police.example/evidence");
        add.getInputByName("secret").setValue("hunter2-token");
        HtmlPage added = button(add, "Add destination").click();
        assertThat(added.asNormalizedText())
                .contains("The destination is added.")
                .contains("Regional police")
                .doesNotContain("hunter2-token");
        assertThat(evidence.added)
                .singleElement()
                .satisfies(d -> assertThat(d.secret()).isEqualTo("hunter2-token"));
    }
}
