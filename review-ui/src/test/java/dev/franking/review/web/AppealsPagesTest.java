package dev.franking.review.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.franking.review.testapp.InMemoryAppeals;
import dev.franking.review.testapp.InMemoryReviewPorts;
import dev.franking.review.testapp.TestReviewApplication;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * The appeals queue (issue 14, PROTOCOL.md §7) page by page against the in-memory ports: what each
 * role sees and the navigation's count, the statement shown only in the response to its POST, the
 * original decider refused (four eyes) with the typed reason kept, a decision, and the dashboard's
 * reversal rate.
 */
@SpringBootTest(classes = TestReviewApplication.class)
@AutoConfigureMockMvc
class AppealsPagesTest {
    static final RequestPostProcessor MONA = user("mona").roles("MODERATOR");
    static final RequestPostProcessor CARL = user("carl").roles("CHILD_SAFETY");
    static final RequestPostProcessor DANA = user("dana").roles("CHILD_SAFETY");
    static final RequestPostProcessor ADA = user("ada").roles("ADMIN");

    @Autowired MockMvc mvc;
    @Autowired InMemoryReviewPorts ports;
    @Autowired InMemoryAppeals appeals;

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
    void eachRoleSeesTheAppealsItMaySeeAndTheNavigationCountsThoseItMayDecide() throws Exception {
        String mona = page("/review/appeals", MONA);
        assertThat(mona)
                .contains("id=\"appeal-" + InMemoryAppeals.SAMPLE + "\"")
                .doesNotContain(InMemoryAppeals.CHILD.toString())
                .contains("Appeals (1)")
                .contains("Terms of service: not abuse")
                .contains("The messages are banter between friends.")
                .contains(InMemoryAppeals.DECIDER)
                // the statement is not on the page until asked for
                .doesNotContain(InMemoryAppeals.STATEMENT);
        // carl decided the child-safety case: he sees its appeal, is told it is not his to decide,
        // and it is not counted for him
        String carl = page("/review/appeals", CARL);
        assertThat(carl)
                .contains("id=\"appeal-" + InMemoryAppeals.CHILD + "\"")
                .contains("id=\"appeal-mine-" + InMemoryAppeals.CHILD + "\"")
                .contains("Appeals (1)");
        assertThat(page("/review/appeals", DANA)).contains("Appeals (2)");
        // a child-safety appeal does not exist for a moderator without the role
        mvc.perform(
                        post("/review/appeals/{id}/statement", InMemoryAppeals.CHILD)
                                .with(MONA)
                                .with(csrf()))
                .andExpect(status().isNotFound());
        mvc.perform(
                        post("/review/appeals/{id}/reverse", InMemoryAppeals.CHILD)
                                .with(MONA)
                                .with(csrf())
                                .param("reason", "no"))
                .andExpect(status().isNotFound());
        assertThat(appeals.decided).isEmpty();
    }

    @Test
    void theStatementIsShownOnlyInTheResponseToItsPost() throws Exception {
        String shown =
                mvc.perform(
                                post("/review/appeals/{id}/statement", InMemoryAppeals.SAMPLE)
                                        .with(MONA)
                                        .with(csrf()))
                        .andExpect(status().isOk())
                        .andReturn()
                        .getResponse()
                        .getContentAsString();
        assertThat(shown)
                .contains(InMemoryAppeals.STATEMENT)
                .contains("id=\"statement-" + InMemoryAppeals.SAMPLE + "\"");
        assertThat(appeals.statementViews).containsExactly("mona");
        assertThat(page("/review/appeals", MONA)).doesNotContain(InMemoryAppeals.STATEMENT);
    }

    @Test
    void theOriginalDeciderIsRefusedAndKeepsWhatTheyTyped() throws Exception {
        MockHttpSession session = new MockHttpSession();
        MvcResult refused =
                mvc.perform(
                                post("/review/appeals/{id}/reverse", InMemoryAppeals.CHILD)
                                        .with(CARL)
                                        .with(csrf())
                                        .session(session)
                                        .param("reason", "my own typed reason"))
                        .andExpect(redirectedUrl("/review/appeals"))
                        .andReturn();
        assertThat(appeals.refused)
                .containsExactly(
                        new InMemoryAppeals.Refused(
                                InMemoryAppeals.CHILD, "refused.appeal-four-eyes", "carl"));
        String after =
                mvc.perform(
                                get("/review/appeals")
                                        .with(CARL)
                                        .session(session)
                                        .flashAttrs(refused.getFlashMap()))
                        .andExpect(status().isOk())
                        .andReturn()
                        .getResponse()
                        .getContentAsString();
        assertThat(after)
                .contains("You made the decision this appeal contests")
                .contains("my own typed reason");
        assertThat(appeals.decided).isEmpty();

        // someone else reverses it
        mvc.perform(
                        post("/review/appeals/{id}/reverse", InMemoryAppeals.CHILD)
                                .with(DANA)
                                .with(csrf())
                                .param("reason", "the images were misread"))
                .andExpect(redirectedUrl("/review/appeals"));
        assertThat(appeals.decided)
                .containsExactly(
                        new InMemoryAppeals.Decided(
                                InMemoryAppeals.CHILD,
                                "reversed",
                                "the images were misread",
                                "dana"));
        assertThat(page("/review/appeals", DANA))
                .doesNotContain("id=\"appeal-" + InMemoryAppeals.CHILD + "\"");
    }

    @Test
    void theDashboardShowsTheAppealReversalRate() throws Exception {
        assertThat(page("/review/admin/dashboard", ADA))
                .contains("Appeal reversal rate")
                .contains("No appeal decided in this period");
        mvc.perform(
                        post("/review/appeals/{id}/uphold", InMemoryAppeals.SAMPLE)
                                .with(ADA)
                                .with(csrf())
                                .param("reason", "stands"))
                .andExpect(redirectedUrl("/review/appeals"));
        mvc.perform(
                        post("/review/appeals/{id}/reverse", InMemoryAppeals.CHILD)
                                .with(ADA)
                                .with(csrf())
                                .param("reason", "misread"))
                .andExpect(redirectedUrl("/review/appeals"));
        assertThat(page("/review/admin/dashboard", ADA))
                .contains("id=\"appeal-reversal-rate\"")
                .contains("50% (1 of 2 appeals decided reversed)");
    }
}
