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

import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Role;
import dev.franking.review.model.Views.DayCount;
import dev.franking.review.model.Views.Decision;
import dev.franking.review.testapp.InMemoryReviewPorts;
import dev.franking.review.testapp.TestReviewApplication;
import dev.franking.review.web.Forms.DecisionForm;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * The server's side of safe, fast decisions (issue 14), which holds without any script: no decision
 * on an implicit submission, a confirmation step for restrict and suspend, typed text kept on a
 * refusal, decide and next, focus after each POST; and the dashboard's axis and error page.
 */
@SpringBootTest(classes = TestReviewApplication.class)
@AutoConfigureMockMvc
class SafeDecisionsTest {
    static final RequestPostProcessor MONA = user("mona").roles("MODERATOR");
    static final RequestPostProcessor ADA = user("ada").roles("ADMIN");
    static final Reviewer MONA_R = new Reviewer("mona", Set.of(Role.MODERATOR));

    @Autowired MockMvc mvc;
    @Autowired InMemoryReviewPorts ports;

    @BeforeEach
    void reset() {
        ports.reset();
    }

    String html(MvcResult r) throws Exception {
        return r.getResponse().getContentAsString();
    }

    String casePage(RequestPostProcessor who) throws Exception {
        return html(
                mvc.perform(get("/review/cases/{id}", CASE).with(who))
                        .andExpect(status().isOk())
                        .andReturn());
    }

    static String decisionForm(String html) {
        Matcher m =
                Pattern.compile("<form[^>]*id=\"decide\".*?</form>", Pattern.DOTALL).matcher(html);
        assertThat(m.find()).as("the decision form").isTrue();
        return m.group();
    }

    @Test
    void theDecisionFormAppearsOnceClaimedAndItsDefaultButtonIsDisabled() throws Exception {
        assertThat(casePage(MONA))
                .doesNotContain("id=\"decide\"")
                .contains("Claim the case to decide it.");
        ports.claim(CASE, MONA_R);
        String form = decisionForm(casePage(MONA));
        // the form's own action decides nothing, and its first submit button (the one Enter
        // would press) is disabled: an implicit submission does nothing at all
        assertThat(form).containsPattern("action=\"/review/cases/" + CASE + "/decide\"");
        Matcher first = Pattern.compile("<button[^>]*>").matcher(form);
        assertThat(first.find()).isTrue();
        assertThat(first.group())
                .contains("type=\"submit\"")
                .contains("disabled")
                .contains("hidden");
        // every decision is its own button
        assertThat(form)
                .contains("formaction=\"/review/cases/" + CASE + "/dismiss\"")
                .contains("formaction=\"/review/cases/" + CASE + "/warn\"")
                .contains("formaction=\"/review/cases/" + CASE + "/restrict\"")
                .contains("formaction=\"/review/cases/" + CASE + "/suspend\"");
    }

    @Test
    void theFormsOwnActionNeverDecidesAndKeepsWhatWasTyped() throws Exception {
        ports.claim(CASE, MONA_R);
        MvcResult r =
                mvc.perform(
                                post("/review/cases/{id}/decide", CASE)
                                        .with(MONA)
                                        .with(csrf())
                                        .param("ground", "Terms of service: spam")
                                        .param("facts", "Typed with care."))
                        .andExpect(redirectedUrl("/review/cases/" + CASE))
                        .andExpect(flash().attribute("flash", Flash.error("flash.choose-decision")))
                        .andReturn();
        assertThat(ports.decisions).isEmpty();
        String page =
                html(
                        mvc.perform(
                                        get("/review/cases/{id}", CASE)
                                                .with(MONA)
                                                .flashAttrs(r.getFlashMap()))
                                .andReturn());
        assertThat(decisionForm(page))
                .contains("value=\"Terms of service: spam\"")
                .contains("Typed with care.");
        assertThat(page).containsPattern("id=\"decide-h\"[^>]*autofocus");
    }

    @Test
    void restrictAndSuspendNeedTheConfirmation() throws Exception {
        ports.claim(CASE, MONA_R);
        for (String verb : List.of("restrict", "suspend")) {
            String page =
                    html(
                            mvc.perform(
                                            post("/review/cases/{id}/" + verb, CASE)
                                                    .with(MONA)
                                                    .with(csrf())
                                                    .param("ground", "Terms of service: spam")
                                                    .param("facts", "Bulk <b>messages</b>.")
                                                    .param("next", "true"))
                                    .andExpect(status().isOk())
                                    .andReturn());
            assertThat(page)
                    .contains("id=\"confirm\"")
                    .containsPattern("id=\"confirm-yes\"[^>]*autofocus")
                    .contains("name=\"decision\" value=\"" + verb.toUpperCase() + "\"")
                    // the typed text is carried, escaped, in the confirmation form
                    .contains("value=\"Bulk &lt;b&gt;messages&lt;/b&gt;.\"")
                    .contains("name=\"next\" value=\"true\"");
            assertThat(ports.decisions).as(verb).isEmpty();
        }
        // dismiss and warn need none
        mvc.perform(
                        post("/review/cases/{id}/warn", CASE)
                                .with(MONA)
                                .with(csrf())
                                .param("ground", "Terms of service: spam")
                                .param("facts", "Bulk."))
                .andExpect(redirectedUrl("/review/cases/" + CASE))
                .andExpect(flash().attribute(CaseController.FOCUS, "flash"));
        assertThat(ports.decisions).extracting(d -> d.decision()).containsExactly(Decision.WARN);
    }

    @Test
    void aRefusedDecisionComesBackWithTheTypedText() throws Exception {
        // not claimed: the port refuses
        MvcResult r =
                mvc.perform(
                                post("/review/cases/{id}/warn", CASE)
                                        .with(MONA)
                                        .with(csrf())
                                        .param("ground", "Terms of service: harassment")
                                        .param("facts", "Three threats in an hour."))
                        .andExpect(redirectedUrl("/review/cases/" + CASE))
                        .andExpect(flash().attribute("flash", Flash.error("refused.not-assignee")))
                        .andReturn();
        assertThat(r.getFlashMap().get("decisionForm"))
                .isEqualTo(
                        new DecisionForm(
                                "Terms of service: harassment", "Three threats in an hour.", null));
        String page =
                html(
                        mvc.perform(
                                        get("/review/cases/{id}", CASE)
                                                .with(MONA)
                                                .flashAttrs(r.getFlashMap()))
                                .andReturn());
        assertThat(decisionForm(page))
                .contains("value=\"Terms of service: harassment\"")
                .contains("Three threats in an hour.");
        assertThat(page).contains("Claim the case before acting on it.");
    }

    @Test
    void decideAndNextOpensTheNextCaseThenTheQueue() throws Exception {
        UUID second = ports.addOpenCase("acct-second", "spam");
        ports.claim(CASE, MONA_R);
        mvc.perform(
                        post("/review/cases/{id}/dismiss", CASE)
                                .with(MONA)
                                .with(csrf())
                                .param("ground", "None")
                                .param("facts", "Nothing wrong.")
                                .param("next", "true"))
                .andExpect(redirectedUrl("/review/cases/" + second))
                .andExpect(flash().attribute("flash", Flash.ok("flash.decided.dismiss")))
                .andExpect(flash().attribute(CaseController.FOCUS, "claim"));
        ports.claim(second, MONA_R);
        mvc.perform(
                        post("/review/cases/{id}/decide", second)
                                .with(MONA)
                                .with(csrf())
                                .param("decision", "SUSPEND")
                                .param("confirmed", "true")
                                .param("ground", "Terms of service: spam")
                                .param("facts", "Bulk.")
                                .param("next", "true"))
                .andExpect(redirectedUrl("/review/queue"))
                .andExpect(flash().attribute("queueDone", true));
        assertThat(ports.decisions)
                .extracting(d -> d.decision())
                .containsExactly(Decision.DISMISS, Decision.SUSPEND);
    }

    @Test
    void nextMovesDownTheQueueAndWrapsRound() throws Exception {
        UUID second = ports.addOpenCase("acct-second", "spam");
        UUID third = ports.addOpenCase("acct-third", "spam");
        mvc.perform(get("/review/cases/{id}/next", CASE).with(MONA))
                .andExpect(redirectedUrl("/review/cases/" + second));
        mvc.perform(get("/review/cases/{id}/next", second).with(MONA))
                .andExpect(redirectedUrl("/review/cases/" + third));
        mvc.perform(get("/review/cases/{id}/next", third).with(MONA))
                .andExpect(redirectedUrl("/review/cases/" + CASE));
        // someone else's case is skipped
        ports.claim(second, new Reviewer("carl", Set.of(Role.CHILD_SAFETY)));
        mvc.perform(get("/review/cases/{id}/next", CASE).with(MONA))
                .andExpect(redirectedUrl("/review/cases/" + third));
    }

    @Test
    void focusStaysWhereTheWorkIsAfterEachPost() throws Exception {
        MvcResult claimed =
                mvc.perform(post("/review/cases/{id}/claim", CASE).with(MONA).with(csrf()))
                        .andExpect(flash().attribute(CaseController.FOCUS, "reveal"))
                        .andReturn();
        String page =
                html(
                        mvc.perform(
                                        get("/review/cases/{id}", CASE)
                                                .with(MONA)
                                                .flashAttrs(claimed.getFlashMap()))
                                .andReturn());
        // exactly one autofocus: the reported message's "show content" button
        assertThat(Pattern.compile("autofocus=\"autofocus\"").matcher(page).results().count())
                .isEqualTo(1);
        assertThat(page)
                .containsPattern(
                        "class=\"reveal\" aria-label=\"Show content of message 0[^\"]*\""
                                + " autofocus");
        // post/redirect/get (issue 14): the focus travels with the redirect
        org.springframework.mock.web.MockHttpSession session =
                new org.springframework.mock.web.MockHttpSession();
        MvcResult shown =
                mvc.perform(
                                post(
                                                "/review/cases/{id}/items/{item}/reveal",
                                                CASE,
                                                InMemoryReviewPorts.ITEM)
                                        .with(MONA)
                                        .session(session)
                                        .with(csrf()))
                        .andExpect(
                                flash().attribute(
                                                CaseController.FOCUS,
                                                "content-" + InMemoryReviewPorts.ITEM))
                        .andReturn();
        String revealed =
                html(
                        mvc.perform(
                                        get("/review/cases/{id}", CASE)
                                                .with(MONA)
                                                .session(session)
                                                .flashAttrs(shown.getFlashMap()))
                                .andReturn());
        assertThat(revealed)
                .containsPattern(
                        "id=\"content-"
                                + InMemoryReviewPorts.ITEM
                                + "\"[^>]*tabindex=\"-1\"[^>]*autofocus");
        mvc.perform(
                        post("/review/cases/{id}/note", CASE)
                                .with(MONA)
                                .with(csrf())
                                .param("text", "a note"))
                .andExpect(flash().attribute(CaseController.FOCUS, "notes-h"));
    }

    @Test
    void badDashboardParametersGetTheErrorPageInTheLayout() throws Exception {
        for (String days : List.of("500", "abc", "0", "367", "")) {
            String page =
                    html(
                            mvc.perform(
                                            get("/review/admin/dashboard")
                                                    .param("days", days)
                                                    .with(ADA))
                                    .andExpect(
                                            days.isEmpty()
                                                    ? status().isOk()
                                                    : status().isBadRequest())
                                    .andReturn());
            if (days.isEmpty()) {
                continue;
            }
            assertThat(page)
                    .as("days=" + days)
                    .contains("<title>Bad request</title>")
                    .contains("<header class=\"top\">")
                    .contains("href=\"/review/admin/dashboard\"")
                    .contains("Signed in as ada")
                    .contains("<footer class=\"bottom\">")
                    .contains("review.css");
        }
    }

    @Test
    void theDayAxisNeverRepeatsADate() {
        LocalDate d = LocalDate.parse("2026-03-01");
        // one day with reports over a two-day period: both days, each labelled once
        Charts.ColumnChart one = Charts.columns(List.of(new DayCount(d, 4)), d, d.plusDays(1));
        assertThat(one.columns())
                .extracting(Charts.Column::day)
                .containsExactly("2026-03-01", "2026-03-02");
        assertThat(one.ticks())
                .extracting(Charts.Tick::label)
                .containsExactly("2026-03-01", "2026-03-02");
        // a single day: one label, not the same date at both ends
        Charts.ColumnChart single = Charts.columns(List.of(new DayCount(d, 4)), d, d);
        assertThat(single.ticks()).extracting(Charts.Tick::label).containsExactly("2026-03-01");
        // a day listed twice is one column with the sum; gaps are zero columns
        Charts.ColumnChart dup =
                Charts.columns(
                        List.of(
                                new DayCount(d, 1),
                                new DayCount(d, 2),
                                new DayCount(d.plusDays(3), 5)),
                        d,
                        d.plusDays(3));
        assertThat(dup.columns())
                .extracting(c -> c.day() + "=" + c.value())
                .containsExactly("2026-03-01=3", "2026-03-02=0", "2026-03-03=0", "2026-03-04=5");
        assertThat(dup.ticks()).extracting(Charts.Tick::label).doesNotHaveDuplicates();
    }
}
