package dev.franking.review.web;

import static dev.franking.review.testapp.InMemoryReviewPorts.CASE;
import static dev.franking.review.testapp.InMemoryReviewPorts.CHILD_CASE;
import static dev.franking.review.testapp.InMemoryReviewPorts.CLOSED_CASE;
import static dev.franking.review.testapp.InMemoryReviewPorts.ITEM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.forwardedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

import dev.franking.review.model.Views.Decision;
import dev.franking.review.testapp.InMemoryReviewPorts;
import dev.franking.review.testapp.TestReviewApplication;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/** The pages and endpoints one by one, through MockMvc with the security chain in place. */
@SpringBootTest(classes = TestReviewApplication.class)
@AutoConfigureMockMvc
class ReviewPagesTest {
    static final RequestPostProcessor MONA = user("mona").roles("MODERATOR");
    static final RequestPostProcessor CARL = user("carl").roles("CHILD_SAFETY");
    static final RequestPostProcessor ADA = user("ada").roles("ADMIN");

    @Autowired MockMvc mvc;
    @Autowired InMemoryReviewPorts ports;

    @BeforeEach
    void reset() {
        ports.reset();
    }

    @Test
    void anonymousIsSentToTheLoginPage() throws Exception {
        mvc.perform(get("/review/queue"))
                .andExpect(status().isFound())
                .andExpect(redirectedUrl("/review/login"));
        mvc.perform(get("/review/login"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("name=\"_csrf\"")));
    }

    @Test
    void securityHeadersAreSet() throws Exception {
        mvc.perform(get("/review/queue").with(MONA))
                .andExpect(status().isOk())
                .andExpect(
                        header().string(
                                        "Content-Security-Policy",
                                        ReviewSecurityConfig.CONTENT_SECURITY_POLICY))
                .andExpect(
                        header().string(
                                        "Content-Security-Policy",
                                        containsString("frame-ancestors 'none'")))
                .andExpect(
                        header().string(
                                        "Content-Security-Policy",
                                        not(containsString("unsafe-inline"))))
                .andExpect(header().string("Referrer-Policy", "no-referrer"))
                .andExpect(header().string("X-Frame-Options", "DENY"))
                .andExpect(header().string("X-Content-Type-Options", "nosniff"))
                .andExpect(header().string("Cache-Control", containsString("no-store")));
        // the login page too, for anonymous visitors
        mvc.perform(get("/review/login"))
                .andExpect(
                        header().string(
                                        "Content-Security-Policy",
                                        ReviewSecurityConfig.CONTENT_SECURITY_POLICY));
    }

    @Test
    void noInlineScriptOrStyleInAnyPage() throws Exception {
        for (String page :
                new String[] {
                    "/review/queue",
                    "/review/cases/" + CASE,
                    "/review/admin/audit",
                    "/review/admin/dashboard",
                    "/review/admin/audit/chain"
                }) {
            String html =
                    mvc.perform(get(page).with(ADA))
                            .andExpect(status().isOk())
                            .andReturn()
                            .getResponse()
                            .getContentAsString();
            assertThat(html)
                    .as(page)
                    .doesNotContainPattern("<script(?![^>]*\\bsrc=)")
                    .doesNotContainPattern("\\sstyle=")
                    .doesNotContainPattern("\\son[a-z]+=")
                    .doesNotContain("<style");
        }
    }

    @Test
    void postWithoutCsrfIsForbidden() throws Exception {
        mvc.perform(post("/review/cases/{id}/claim", CASE).with(MONA))
                .andExpect(status().isForbidden())
                .andExpect(forwardedUrl(ReviewSecurityConfig.DENIED));
        assertThat(ports.actions).isEmpty();
        mvc.perform(
                        post("/review/cases/{id}/claim", CASE)
                                .with(MONA)
                                .with(csrf().useInvalidToken()))
                .andExpect(status().isForbidden());
        assertThat(ports.actions).isEmpty();
    }

    @Test
    void queueShowsRowsAndPassesFilters() throws Exception {
        mvc.perform(get("/review/queue").with(MONA))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("acct-mallory")))
                .andExpect(content().string(containsString("Overdue")))
                .andExpect(content().string(not(containsString("acct-groomer"))));
        mvc.perform(
                        get("/review/queue")
                                .param("category", "spam")
                                .param("status", "CLOSED")
                                .param("assignee", "none")
                                .with(MONA))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("acct-spammer")));
        assertThat(ports.lastFilter.category()).isEqualTo("spam");
        assertThat(ports.lastFilter.assignee()).isEqualTo("none");
        mvc.perform(get("/review/queue").param("status", "NOPE").with(MONA))
                .andExpect(status().isBadRequest());
        // child-safety moderators see child-safety cases, first
        String html =
                mvc.perform(get("/review/queue").with(CARL))
                        .andReturn()
                        .getResponse()
                        .getContentAsString();
        assertThat(html.indexOf("acct-groomer"))
                .isPositive()
                .isLessThan(html.indexOf("acct-mallory"));
    }

    @Test
    void childSafetyCaseIsNotFoundForModerators() throws Exception {
        mvc.perform(get("/review/cases/{id}", CHILD_CASE).with(MONA))
                .andExpect(status().isNotFound())
                .andExpect(content().string(containsString("Not found")));
        mvc.perform(get("/review/cases/{id}", CHILD_CASE).with(CARL))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Child-safety case")));
        mvc.perform(get("/review/cases/{id}", java.util.UUID.randomUUID()).with(ADA))
                .andExpect(status().isNotFound());
        mvc.perform(get("/review/cases/not-a-uuid").with(ADA)).andExpect(status().isBadRequest());
    }

    @Test
    void casePageShowsProofButNoContentUntilAsked() throws Exception {
        mvc.perform(get("/review/cases/{id}", CASE).with(MONA))
                .andExpect(status().isOk())
                .andExpect(
                        content()
                                .string(
                                        containsString(
                                                "acct-mallory sent this exact message to"
                                                        + " P-7F3A0C1D… in conversation conv-42")))
                .andExpect(content().string(containsString("kid-2026-01")))
                .andExpect(content().string(containsString("Show content")))
                .andExpect(content().string(not(containsString(InMemoryReviewPorts.SECRET_TEXT))))
                .andExpect(content().string(not(containsString("/attachments/"))))
                .andExpect(content().string(not(containsString(InMemoryReviewPorts.COMMENT))));
        assertThat(ports.reveals).isEmpty();

        // post/redirect/get: the POST is audited and redirects; the page shows the content under
        // this session's grant (behaviour changed in issue 14: it was shown in the POST's answer)
        MockHttpSession session = new MockHttpSession();
        var posted =
                mvc.perform(
                                post("/review/cases/{id}/items/{item}/reveal", CASE, ITEM)
                                        .with(MONA)
                                        .session(session)
                                        .with(csrf()))
                        .andExpect(redirectedUrl("/review/cases/" + CASE))
                        .andReturn();
        String revealed =
                mvc.perform(
                                get("/review/cases/{id}", CASE)
                                        .with(MONA)
                                        .session(session)
                                        .flashAttrs(posted.getFlashMap()))
                        .andExpect(status().isOk())
                        .andExpect(
                                content().string(containsString(InMemoryReviewPorts.SECRET_TEXT)))
                        .andExpect(header().string("Cache-Control", containsString("no-store")))
                        .andReturn()
                        .getResponse()
                        .getContentAsString();
        // issue 13: a server-made preview and an audited "view original" form, never the original
        assertThat(revealed)
                .contains("/review/cases/" + CASE + "/items/" + ITEM + "/attachments/0/preview")
                .contains(
                        "action=\"/review/cases/"
                                + CASE
                                + "/items/"
                                + ITEM
                                + "/attachments/0/original\"")
                .doesNotContain("/attachments/0\"");
        assertThat(ports.reveals)
                .containsExactly(new InMemoryReviewPorts.Reveal(CASE, ITEM, "mona"));

        // a comment too (behaviour changed: it was shown in the POST's answer, so a refresh
        // re-posted it and wrote a second comment.viewed row)
        var commented =
                mvc.perform(
                                post(
                                                "/review/cases/{id}/reports/{r}/comment",
                                                CASE,
                                                InMemoryReviewPorts.REPORT)
                                        .with(MONA)
                                        .session(session)
                                        .with(csrf()))
                        .andExpect(redirectedUrl("/review/cases/" + CASE))
                        .andReturn();
        mvc.perform(
                        get("/review/cases/{id}", CASE)
                                .with(MONA)
                                .session(session)
                                .flashAttrs(commented.getFlashMap()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString(InMemoryReviewPorts.COMMENT)));
        assertThat(ports.commentReveals).hasSize(1);
    }

    @Test
    void longTextIsCollapsedAndRefusedRevealsComeBackAsFlash() throws Exception {
        MockHttpSession session = new MockHttpSession();
        mvc.perform(
                        post(
                                        "/review/cases/{id}/items/{item}/reveal",
                                        CASE,
                                        InMemoryReviewPorts.CONTEXT_ITEM)
                                .with(MONA)
                                .session(session)
                                .with(csrf()))
                .andExpect(redirectedUrl("/review/cases/" + CASE));
        mvc.perform(get("/review/cases/{id}", CASE).with(MONA).session(session))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("<details class=\"long\">")))
                .andExpect(
                        content()
                                .string(
                                        containsString(
                                                "Long text ("
                                                        + InMemoryReviewPorts.LONG_TEXT.length()
                                                        + " characters)")));
        ports.evidenceDestroyed = true;
        mvc.perform(
                        post("/review/cases/{id}/items/{item}/reveal", CASE, ITEM)
                                .with(MONA)
                                .with(csrf()))
                .andExpect(redirectedUrl("/review/cases/" + CASE))
                .andExpect(flash().attribute("flash", Flash.error("refused.evidence-destroyed")));
        mvc.perform(get("/review/cases/{id}", CASE).with(MONA))
                .andExpect(content().string(containsString("has been destroyed")))
                .andExpect(content().string(not(containsString("Show content"))));
    }

    @Test
    void attachmentPreviewsAreNeverCachedOrSniffedAndNeverTheOriginal() throws Exception {
        byte[] preview =
                mvc.perform(
                                get(
                                                "/review/cases/{id}/items/{item}/attachments/0/preview",
                                                CASE,
                                                ITEM)
                                        .with(MONA))
                        .andExpect(status().isOk())
                        .andExpect(header().string("Content-Type", "image/png"))
                        .andExpect(header().string("Cache-Control", containsString("no-store")))
                        .andExpect(header().string("Content-Disposition", containsString("inline")))
                        .andExpect(header().string("X-Content-Type-Options", "nosniff"))
                        .andExpect(
                                header().string(
                                                "Content-Security-Policy",
                                                containsString("sandbox")))
                        .andReturn()
                        .getResponse()
                        .getContentAsByteArray();
        assertThat(preview).isNotEqualTo(InMemoryReviewPorts.PNG);
        assertThat(ports.previewReveals).hasSize(1);
        assertThat(ports.attachmentReveals).as("a preview is no view of the original").isEmpty();
        mvc.perform(
                        get("/review/cases/{id}/items/{item}/attachments/7/preview", CASE, ITEM)
                                .with(MONA))
                .andExpect(status().isNotFound());
        // the old route of the original is gone (no review handler: the application's catch-all)
        mvc.perform(get("/review/cases/{id}/items/{item}/attachments/0", CASE, ITEM).with(MONA))
                .andExpect(status().is4xxClientError());
        assertThat(ports.attachmentReveals).isEmpty();
    }

    @Test
    void decisionRecordsTheStatementOfReasons() throws Exception {
        mvc.perform(post("/review/cases/{id}/claim", CASE).with(MONA).with(csrf()))
                .andExpect(redirectedUrl("/review/cases/" + CASE))
                .andExpect(flash().attribute("flash", Flash.ok("flash.claimed")));
        // suspending asks first: the same page with a confirmation form, nothing decided yet
        mvc.perform(
                        post("/review/cases/{id}/suspend", CASE)
                                .with(MONA)
                                .with(csrf())
                                .param("ground", "Terms of service: violence and threats")
                                .param("facts", "Threatened the reporter twice.")
                                .param("automated", "true"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Suspend acct-mallory?")))
                .andExpect(content().string(containsString("name=\"confirmed\" value=\"true\"")))
                .andExpect(
                        content()
                                .string(
                                        containsString(
                                                "value=\"Threatened the reporter twice.\"")));
        assertThat(ports.decisions).isEmpty();
        mvc.perform(
                        post("/review/cases/{id}/decide", CASE)
                                .with(MONA)
                                .with(csrf())
                                .param("decision", "SUSPEND")
                                .param("confirmed", "true")
                                .param("ground", "Terms of service: violence and threats")
                                .param("facts", "Threatened the reporter twice.")
                                .param("automated", "true"))
                .andExpect(redirectedUrl("/review/cases/" + CASE))
                .andExpect(flash().attribute("flash", Flash.ok("flash.decided.suspend")));
        assertThat(ports.decisions)
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.decision()).isEqualTo(Decision.SUSPEND);
                            assertThat(d.reasons().ground())
                                    .isEqualTo("Terms of service: violence and threats");
                            assertThat(d.reasons().facts())
                                    .isEqualTo("Threatened the reporter twice.");
                            assertThat(d.reasons().automated()).isTrue();
                            assertThat(d.by()).isEqualTo("mona");
                        });
    }

    @Test
    void invalidFormsRedirectBackWithTheirErrors() throws Exception {
        var result =
                mvc.perform(
                                post("/review/cases/{id}/warn", CASE)
                                        .with(MONA)
                                        .with(csrf())
                                        .param("ground", "x".repeat(ReviewLimits.GROUND_MAX + 1))
                                        .param("facts", " "))
                        .andExpect(redirectedUrl("/review/cases/" + CASE))
                        .andExpect(flash().attribute("flash", Flash.error("flash.invalid")))
                        .andReturn();
        assertThat(ports.decisions).isEmpty();
        // the redirected page shows the errors next to the fields
        var flashMap = result.getFlashMap();
        var page =
                mvc.perform(get("/review/cases/{id}", CASE).with(MONA).flashAttrs(flashMap))
                        .andExpect(status().isOk())
                        .andReturn()
                        .getResponse()
                        .getContentAsString();
        assertThat(page)
                .contains("At most " + ReviewLimits.GROUND_MAX + " characters.")
                .contains("Required.")
                .contains("Please correct the form below.")
                .contains("maxlength=\"" + ReviewLimits.FACTS_MAX + "\"");
    }

    @Test
    void refusedActionsComeBackAsFlashMessages() throws Exception {
        mvc.perform(post("/review/cases/{id}/claim", CASE).with(ADA).with(csrf()));
        mvc.perform(post("/review/cases/{id}/claim", CASE).with(MONA).with(csrf()))
                .andExpect(redirectedUrl("/review/cases/" + CASE))
                .andExpect(flash().attribute("flash", Flash.error("refused.claimed")));
        mvc.perform(
                        post("/review/cases/{id}/reopen", CASE)
                                .with(MONA)
                                .with(csrf())
                                .param("reason", "again"))
                .andExpect(flash().attribute("flash", Flash.error("refused.not-closed")));
    }

    @Test
    void notesEscalationReopenAndReassign() throws Exception {
        mvc.perform(
                        post("/review/cases/{id}/note", CASE)
                                .with(MONA)
                                .with(csrf())
                                .param("text", "looks coordinated"))
                .andExpect(flash().attribute("flash", Flash.ok("flash.noted")));
        mvc.perform(get("/review/cases/{id}", CASE).with(MONA))
                .andExpect(content().string(containsString("looks coordinated")));
        mvc.perform(
                        post("/review/cases/{id}/reopen", CLOSED_CASE)
                                .with(MONA)
                                .with(csrf())
                                .param("reason", "new evidence"))
                .andExpect(flash().attribute("flash", Flash.ok("flash.reopened")));
        mvc.perform(
                        post("/review/cases/{id}/reassign", CASE)
                                .with(MONA)
                                .with(csrf())
                                .param("username", "carl"))
                .andExpect(status().isForbidden());
        mvc.perform(
                        post("/review/cases/{id}/reassign", CASE)
                                .with(ADA)
                                .with(csrf())
                                .param("username", "carl"))
                .andExpect(flash().attribute("flash", Flash.ok("flash.reassigned")));
        mvc.perform(
                        post("/review/cases/{id}/escalate", CASE)
                                .with(MONA)
                                .with(csrf())
                                .param("reason", "minor involved"))
                // issue 14: escalated out of her sight, she lands on the queue, not on a 404
                .andExpect(flash().attribute("flash", Flash.ok("flash.escalated-away")))
                .andExpect(redirectedUrl("/review/queue"));
        // escalated to child safety: gone for a plain moderator, who is told where it went
        mvc.perform(get("/review/cases/{id}", CASE).with(MONA))
                .andExpect(status().isOk())
                .andExpect(view().name("review/moved"));
        assertThat(ports.actions)
                .extracting(InMemoryReviewPorts.ActionDone::verb)
                .containsExactly(
                        "case.noted", "case.reopened", "case.reassigned", "case.escalated");
    }

    @Test
    void auditPageFiltersPagesExportsAndChecksTheChain() throws Exception {
        mvc.perform(get("/review/admin/audit").with(ADA))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Content shown")))
                .andExpect(content().string(containsString("/review/admin/audit.csv")));
        mvc.perform(get("/review/admin/audit").param("actor", "mona").with(ADA))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Content shown")))
                // (every label is in the event filter's select since issue 14: check the rows)
                .andExpect(content().string(not(containsString("item-1"))));
        mvc.perform(
                        get("/review/admin/audit")
                                .param("caseId", "nope")
                                .param("from", "yesterday")
                                .with(ADA))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Not a case id.")))
                .andExpect(content().string(containsString("Not a date.")));
        mvc.perform(get("/review/admin/audit.csv").param("actor", "mona").with(ADA))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", containsString("text/csv")))
                .andExpect(header().string("Content-Disposition", containsString("attachment")))
                .andExpect(content().string(containsString("2,")))
                .andExpect(content().string(not(containsString("system"))));
        mvc.perform(get("/review/admin/audit/chain").with(ADA))
                .andExpect(
                        content().string(containsString("The chain is intact: 3 rows checked.")));
        ports.brokenSeq = 2L;
        mvc.perform(get("/review/admin/audit/chain").with(ADA))
                .andExpect(content().string(containsString("The chain is broken at row 2")));
    }

    @Test
    void auditPaginationLinksToOlderRows() throws Exception {
        for (int i = 4; i <= ReviewLimits.AUDIT_PAGE_SIZE + 10; i++) {
            ports.audit.add(
                    new dev.franking.review.model.Views.AuditRow(
                            i,
                            TestReviewApplication.NOW,
                            "system",
                            "report.received",
                            null,
                            null,
                            null,
                            "00"));
        }
        mvc.perform(get("/review/admin/audit").with(ADA))
                .andExpect(content().string(containsString("before=11")));
        mvc.perform(get("/review/admin/audit").param("before", "11").with(ADA))
                .andExpect(content().string(not(containsString("before="))));
    }

    @Test
    void dashboardDrawsChartsOnTheServer() throws Exception {
        String html =
                mvc.perform(get("/review/admin/dashboard").param("days", "7").with(ADA))
                        .andExpect(status().isOk())
                        .andReturn()
                        .getResponse()
                        .getContentAsString();
        assertThat(html)
                .contains("<svg")
                .contains("class=\"bar\"")
                .contains("class=\"column\"")
                .contains("3 h 17 min")
                .contains("Spam")
                .contains("Suspended");
        mvc.perform(get("/review/admin/dashboard").param("days", "0").with(ADA))
                .andExpect(status().isBadRequest());
    }

    @Test
    void theReviewChainLeavesOtherPathsToTheApplicationsChains() throws Exception {
        // the catch-all chain of the application (LikeTheReportService) still denies everything
        // else
        mvc.perform(get("/elsewhere").with(ADA)).andExpect(status().isForbidden());
        mvc.perform(get("/reviewers").with(ADA)).andExpect(status().isForbidden());
        mvc.perform(get("/review/queue").with(ADA)).andExpect(status().isOk());
    }

    @Test
    void errorPagesWinOverTheApplicationsExceptionAdvice(
            @Autowired org.springframework.context.ApplicationContext context) throws Exception {
        assertThat(
                        context.getBeansWithAnnotation(
                                org.springframework.web.bind.annotation.RestControllerAdvice.class))
                .as("the greedy advice of the test application is in place")
                .isNotEmpty();
        mvc.perform(get("/review/cases/{id}", CHILD_CASE).with(MONA))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith("text/html"));
        mvc.perform(get("/review/queue").param("status", "NOPE").with(MONA))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("Bad request")));
        mvc.perform(get("/review/admin/dashboard").param("days", "many").with(ADA))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("Bad request")));
    }

    @Test
    void deniedPageRendersAsForbidden() throws Exception {
        mvc.perform(get(ReviewSecurityConfig.DENIED).with(MONA))
                .andExpect(status().isForbidden())
                .andExpect(content().string(containsString("Access denied")));
    }

    @Test
    void logoutIsAPost() throws Exception {
        mvc.perform(post("/review/logout").with(MONA).with(csrf()))
                .andExpect(redirectedUrl("/review/login?logout"));
    }
}
