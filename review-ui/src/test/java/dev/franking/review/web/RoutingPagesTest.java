package dev.franking.review.web;

import static dev.franking.review.testapp.InMemoryReviewPorts.CASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Role;
import dev.franking.review.model.Views.Decision;
import dev.franking.review.testapp.InMemoryEvidence;
import dev.franking.review.testapp.InMemoryReviewPorts;
import dev.franking.review.testapp.InMemoryTemplates;
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
 * Issue 14's routing, inbox views, templates and bulk decisions, page by page (MockMvc against the
 * in-memory ports): a moved case's notice and page instead of a 404, the navigation's counts, the
 * escalated and approvals views, templates kept by admins (a stale edit refused with the typed text
 * kept) and chosen in the decision form, and bulk decisions reporting each refused case by name.
 */
@SpringBootTest(classes = TestReviewApplication.class)
@AutoConfigureMockMvc
class RoutingPagesTest {
    static final RequestPostProcessor MONA = user("mona").roles("MODERATOR");
    static final RequestPostProcessor CARL = user("carl").roles("CHILD_SAFETY");
    static final RequestPostProcessor DANA = user("dana").roles("CHILD_SAFETY");
    static final RequestPostProcessor ADA = user("ada").roles("ADMIN");
    static final Reviewer MONA_R = new Reviewer("mona", Set.of(Role.MODERATOR));
    static final Reviewer CARL_R = new Reviewer("carl", Set.of(Role.CHILD_SAFETY));

    @Autowired MockMvc mvc;
    @Autowired InMemoryReviewPorts ports;
    @Autowired InMemoryTemplates templates;

    @BeforeEach
    void reset() {
        ports.reset();
    }

    String page(String url, RequestPostProcessor who) throws Exception {
        return mvc.perform(get(url).with(who))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
    }

    @Test
    void aCaseThatBecameChildSafetyIsExplainedToItsFormerAssigneeNever404() throws Exception {
        ports.claim(CASE, MONA_R);
        ports.childSafetyReportJoins(CASE);

        assertThat(page("/review/queue", MONA))
                .contains("id=\"moved-notice\"")
                .contains("A child-safety report joined the case of");
        String moved = page("/review/cases/" + CASE, MONA);
        assertThat(moved)
                .contains("This case has moved to child-safety staff")
                .contains("It has left your hands");
        // an action from a tab still open on it does nothing, and says why (409, not 404)
        mvc.perform(
                        post("/review/cases/{id}/dismiss", CASE)
                                .with(MONA)
                                .with(csrf())
                                .param("ground", "g")
                                .param("facts", "f"))
                .andExpect(status().isConflict())
                .andExpect(view().name("review/moved"));
        assertThat(ports.decisions).isEmpty();
        // someone who never held it gets the plain 404, which says nothing of the case
        mvc.perform(get("/review/cases/{id}", CASE).with(user("other").roles("MODERATOR")))
                .andExpect(status().isNotFound());
        // child-safety staff see it unassigned
        assertThat(page("/review/cases/" + CASE, CARL)).contains("id=\"claim-button\"");
        assertThat(page("/review/queue", CARL)).doesNotContain("id=\"moved-notice\"");
    }

    @Test
    void escalatingLandsOnTheQueueAndTheCaseIsEscalatedToChildSafetyStaff() throws Exception {
        assertThat(page("/review/queue", CARL)).contains("Escalated to me (0)");
        assertThat(page("/review/queue", MONA)).doesNotContain("Escalated to me");
        mvc.perform(
                        post("/review/cases/{id}/escalate", CASE)
                                .with(MONA)
                                .with(csrf())
                                .param("reason", "looks like grooming"))
                .andExpect(redirectedUrl("/review/queue"))
                .andExpect(flash().attribute("flash", Flash.ok("flash.escalated-away")));
        assertThat(page("/review/cases/" + CASE, MONA)).contains("was escalated");

        assertThat(page("/review/queue", CARL)).contains("Escalated to me (1)");
        String escalated = page("/review/escalated", CARL);
        assertThat(escalated).contains("data-case=\"" + CASE + "\"").contains("Child safety");
        ports.claim(CASE, CARL_R);
        assertThat(page("/review/escalated", CARL)).contains("data-case=\"" + CASE + "\"");
        assertThat(page("/review/escalated", DANA))
                .doesNotContain("data-case=\"" + CASE + "\"")
                .contains("Escalated to me (0)");
        assertThat(page("/review/escalated", MONA)).contains("No escalated case is waiting");
    }

    @Test
    void approvalsAwaitingMeAreCountedAndListedButNeverMyOwnRequests() throws Exception {
        // InMemoryEvidence's pending forwarding was requested by dana
        assertThat(page("/review/queue", CARL)).contains("Awaiting my approval (1)");
        assertThat(page("/review/queue", DANA)).contains("Awaiting my approval (0)");
        assertThat(page("/review/queue", MONA)).doesNotContain("Awaiting my approval");
        assertThat(page("/review/approvals", CARL))
                .contains("data-forwarding=\"" + InMemoryEvidence.PENDING + "\"")
                .contains("threats against a minor")
                .contains("/review/cases/" + CASE + "#forwarding");
        assertThat(page("/review/approvals", DANA))
                .contains("Nothing is waiting for your approval");
        mvc.perform(get("/review/approvals").with(MONA)).andExpect(status().isForbidden());
    }

    @Test
    void adminsKeepTemplatesAndAStaleEditIsRefusedWithTheTypedTextKept() throws Exception {
        mvc.perform(
                        post("/review/admin/templates")
                                .with(ADA)
                                .with(csrf())
                                .param("name", "Harassment: threats")
                                .param("ground", "Terms of service: harassment")
                                .param("facts", "Threatened the reporter."))
                .andExpect(flash().attribute("flash", Flash.ok("flash.template-created")));
        UUID id =
                templates.list().stream()
                        .filter(t -> t.name().equals("Harassment: threats"))
                        .findFirst()
                        .orElseThrow()
                        .id();
        // two admins opened version 0; the first saves
        mvc.perform(
                        post("/review/admin/templates/{id}", id)
                                .with(ADA)
                                .with(csrf())
                                .param("version", "0")
                                .param("name", "Harassment: threats")
                                .param("ground", "Terms of service: harassment")
                                .param("facts", "First admin's facts."))
                .andExpect(flash().attribute("flash", Flash.ok("flash.template-updated")));
        // the second one's edit is refused, not written over the first one's
        MvcResult stale =
                mvc.perform(
                                post("/review/admin/templates/{id}", id)
                                        .with(ADA)
                                        .with(csrf())
                                        .param("version", "0")
                                        .param("name", "Harassment: threats")
                                        .param("ground", "Terms of service: harassment")
                                        .param("facts", "Second admin's facts."))
                        .andExpect(
                                flash().attribute("flash", Flash.error("refused.template-stale")))
                        .andReturn();
        assertThat(templates.list())
                .anySatisfy(t -> assertThat(t.facts()).isEqualTo("First admin's facts."));
        String shown =
                mvc.perform(
                                get("/review/admin/templates")
                                        .with(ADA)
                                        .flashAttrs(stale.getFlashMap()))
                        .andReturn()
                        .getResponse()
                        .getContentAsString();
        assertThat(shown)
                .contains("Someone else changed this template")
                .contains("First admin&#39;s facts.")
                .contains("Second admin&#39;s facts.");
        // deleting with the current version works; moderators may not
        mvc.perform(
                        post("/review/admin/templates/{id}/delete", id)
                                .with(MONA)
                                .with(csrf())
                                .param("version", "1"))
                .andExpect(status().isForbidden());
        mvc.perform(
                        post("/review/admin/templates/{id}/delete", id)
                                .with(ADA)
                                .with(csrf())
                                .param("version", "1"))
                .andExpect(flash().attribute("flash", Flash.ok("flash.template-deleted")));
        assertThat(templates.changes)
                .containsExactly(
                        "created Harassment: threats by ada",
                        "updated Harassment: threats by ada",
                        "deleted Harassment: threats by ada");
    }

    @Test
    void aTemplateChosenInTheDecisionFormFillsGroundAndFacts() throws Exception {
        ports.claim(CASE, MONA_R);
        String casePage = page("/review/cases/" + CASE, MONA);
        assertThat(casePage)
                .contains("id=\"template\"")
                .contains("data-ground=\"Terms of service: spam\"")
                .contains("id=\"template-apply\"");
        MvcResult applied =
                mvc.perform(
                                post("/review/cases/{id}/apply-template", CASE)
                                        .with(MONA)
                                        .with(csrf())
                                        .param("templateId", InMemoryTemplates.SAMPLE.toString())
                                        .param("ground", "")
                                        .param("facts", ""))
                        .andExpect(redirectedUrl("/review/cases/" + CASE))
                        .andReturn();
        String filled =
                mvc.perform(
                                get("/review/cases/{id}", CASE)
                                        .with(MONA)
                                        .flashAttrs(applied.getFlashMap()))
                        .andReturn()
                        .getResponse()
                        .getContentAsString();
        assertThat(SafeDecisionsTest.decisionForm(filled))
                .contains("value=\"Terms of service: spam\"")
                .contains("Sent the same advertisement to many people who did not ask for it.");
        assertThat(ports.decisions).as("choosing a template decides nothing").isEmpty();
    }

    @Test
    void theAuditLogIsFilteredByTheEventLabelsThePageShows() throws Exception {
        String page = page("/review/admin/audit", ADA);
        // a select of labels, each standing for its code
        assertThat(page)
                .contains("<option value=\"evidence.viewed\">Content shown</option>")
                .contains("<option value=\"case.action_refused\">Action refused</option>");
        for (String label : new String[] {"Content shown", "content SHOWN", "evidence.viewed"}) {
            String rows =
                    mvc.perform(get("/review/admin/audit").param("event", label).with(ADA))
                            .andExpect(status().isOk())
                            .andReturn()
                            .getResponse()
                            .getContentAsString();
            assertThat(rows)
                    .as(label)
                    .contains("item-2")
                    .doesNotContain("item-1")
                    .contains("<option value=\"evidence.viewed\" selected=\"selected\">");
        }
    }

    @Test
    void aBulkDecisionDecidesEachCaseOnItsOwnAndNamesTheRefusedOnes() throws Exception {
        UUID a = ports.addOpenCase("acct-bulk-a", "spam");
        UUID b = ports.addOpenCase("acct-bulk-b", "spam");
        UUID c = ports.addOpenCase("acct-bulk-c", "spam");
        ports.claim(c, new Reviewer("carl", Set.of(Role.CHILD_SAFETY)));
        assertThat(page("/review/queue", MONA))
                .contains("id=\"bulk\"")
                .contains("form=\"bulk\" value=\"" + a + "\"");

        MvcResult r =
                mvc.perform(
                                post("/review/bulk")
                                        .with(MONA)
                                        .with(csrf())
                                        .param("caseIds", a.toString(), b.toString(), c.toString())
                                        .param("decision", "DISMISS")
                                        .param("ground", "Terms of service: spam")
                                        .param("facts", "Unsolicited advertising."))
                        .andExpect(redirectedUrl("/review/queue"))
                        .andReturn();
        assertThat(ports.decisions)
                .extracting(InMemoryReviewPorts.DecisionMade::caseId)
                .containsExactly(a, b);
        assertThat(ports.decisions)
                .allSatisfy(
                        d -> {
                            assertThat(d.decision()).isEqualTo(Decision.DISMISS);
                            assertThat(d.by()).isEqualTo("mona");
                        });
        String outcome =
                mvc.perform(get("/review/queue").with(MONA).flashAttrs(r.getFlashMap()))
                        .andReturn()
                        .getResponse()
                        .getContentAsString();
        assertThat(outcome)
                .contains("Dismissed 2: acct-bulk-a, acct-bulk-b.")
                .contains("acct-bulk-c: Another moderator holds this case.");

        // suspending asks first, listing the accounts; nothing is decided until confirmed
        UUID d = ports.addOpenCase("acct-bulk-d", "spam");
        String confirm =
                mvc.perform(
                                post("/review/bulk")
                                        .with(MONA)
                                        .with(csrf())
                                        .param("caseIds", d.toString())
                                        .param("decision", "SUSPEND")
                                        .param("ground", "Terms of service: spam")
                                        .param("facts", "Unsolicited advertising."))
                        .andExpect(status().isOk())
                        .andExpect(view().name("review/bulk-confirm"))
                        .andReturn()
                        .getResponse()
                        .getContentAsString();
        assertThat(confirm).contains("Suspend 1 accounts?").contains("acct-bulk-d");
        assertThat(ports.decisions).hasSize(2);
        mvc.perform(
                        post("/review/bulk")
                                .with(MONA)
                                .with(csrf())
                                .param("caseIds", d.toString())
                                .param("decision", "SUSPEND")
                                .param("confirmed", "true")
                                .param("ground", "Terms of service: spam")
                                .param("facts", "Unsolicited advertising."))
                .andExpect(redirectedUrl("/review/queue"));
        assertThat(ports.decisions).hasSize(3);
        assertThat(ports.decisions.get(2).decision()).isEqualTo(Decision.SUSPEND);

        // nothing ticked, or no reasons: nothing decided, the reasons kept
        mvc.perform(
                        post("/review/bulk")
                                .with(MONA)
                                .with(csrf())
                                .param("decision", "DISMISS")
                                .param("ground", "g")
                                .param("facts", "f"))
                .andExpect(flash().attribute("flash", Flash.error("flash.bulk-none-selected")));
        UUID e = ports.addOpenCase("acct-bulk-e", "spam");
        mvc.perform(
                        post("/review/bulk")
                                .with(MONA)
                                .with(csrf())
                                .param("caseIds", e.toString())
                                .param("decision", "DISMISS")
                                .param("ground", "")
                                .param("facts", "typed facts"))
                .andExpect(flash().attribute("flash", Flash.error("flash.invalid")));
        assertThat(ports.decisions).hasSize(3);
    }
}
