package dev.franking.review.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.franking.review.testapp.InMemoryAccounts;
import dev.franking.review.testapp.InMemoryReviewPorts;
import dev.franking.review.testapp.TestReviewApplication;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * Issue 14's account search and account page (MockMvc, against {@code testapp/InMemoryAccounts}):
 * search by exact identifier and prefix, the page's strikes, action in force and suggestion, its
 * child-safety case only for child-safety staff, the case page's account box, paging, bad
 * parameters answered with the error page, the dashboard's per-moderator table.
 */
@SpringBootTest(classes = TestReviewApplication.class)
@AutoConfigureMockMvc
class AccountPagesTest {
    static final RequestPostProcessor MONA = user("mona").roles("MODERATOR");
    static final RequestPostProcessor CARL = user("carl").roles("CHILD_SAFETY");
    static final RequestPostProcessor ADA = user("ada").roles("ADMIN");

    @Autowired MockMvc mvc;
    @Autowired InMemoryReviewPorts ports;
    @Autowired InMemoryAccounts accounts;

    @BeforeEach
    void reset() {
        ports.reset();
    }

    String page(String url, RequestPostProcessor who, int status) throws Exception {
        return mvc.perform(get(url).with(who))
                .andExpect(status().is(status))
                .andReturn()
                .getResponse()
                .getContentAsString();
    }

    @Test
    void searchFindsByPrefixAndExactlyAndHidesChildSafetyOnlyAccounts() throws Exception {
        String empty = page("/review/accounts", MONA, 200);
        assertThat(empty).contains("id=\"account-q\"").doesNotContain("account-hits");

        String both = page("/review/accounts?q=acct-mal", MONA, 200);
        assertThat(both)
                .contains("/review/accounts/view?id=acct-mallory")
                .contains("/review/accounts/view?id=acct-mallet");
        String exact = page("/review/accounts?q=acct-mallory", MONA, 200);
        assertThat(exact).contains("exact match").doesNotContain("acct-mallet");

        assertThat(page("/review/accounts?q=acct-groomer", MONA, 200))
                .contains("id=\"accounts-none\"")
                .doesNotContain("/review/accounts/view?id=acct-groomer");
        assertThat(page("/review/accounts?q=acct-groomer", CARL, 200))
                .contains("/review/accounts/view?id=acct-groomer");
        // searching is not viewing: no audit row
        assertThat(accounts.views).isEmpty();
    }

    @Test
    void theAccountPageShowsStrikesTheActionInForceAndTheSuggestionOverVisibleCases()
            throws Exception {
        String mona = page("/review/accounts/view?id=acct-mallory", MONA, 200);
        assertThat(mona)
                .contains("<dd id=\"strikes\">2</dd>")
                .contains("Restricted since")
                .contains("Suggested if the next case is upheld: restrict")
                .contains("Reversed on appeal")
                .contains("Facts of the hate case.")
                .contains("/review/cases/" + InMemoryReviewPorts.CASE)
                .contains("/review/cases/" + InMemoryAccounts.WARNED)
                .doesNotContain(InMemoryAccounts.CHILD.toString())
                .doesNotContain("Child safety case");
        assertThat(accounts.views).containsExactly("mona acct-mallory");

        String carl = page("/review/accounts/view?id=acct-mallory", CARL, 200);
        assertThat(carl)
                .contains("<dd id=\"strikes\">3</dd>")
                .contains("Suspended since")
                .contains("Suggested if the next case is upheld: suspend")
                .contains("/review/cases/" + InMemoryAccounts.CHILD);

        assertThat(page("/review/accounts/view?id=acct-groomer", MONA, 404)).contains("404");
    }

    @Test
    void theCasePageLinksToItsAccountWithTheSuggestion() throws Exception {
        String c = page("/review/cases/" + InMemoryReviewPorts.CASE, MONA, 200);
        assertThat(c)
                .contains("id=\"account-link\"")
                .contains("/review/accounts/view?id=acct-mallory")
                .contains("2 strikes in the last 365 days.")
                .contains("In force: Restricted.")
                .contains("Suggested if upheld: restrict");
        // the case page's box is not an audited view of the account
        assertThat(accounts.views).isEmpty();
    }

    @Test
    void pagesFollowTheCursorAndBadParametersGetTheErrorPage() throws Exception {
        String second = page("/review/accounts/view?id=acct-mallory&after=n2", MONA, 200);
        assertThat(second).contains("Back to the newest cases");
        assertThat(page("/review/accounts/view?id=acct-mallory&after=bogus", MONA, 400))
                .contains("<html")
                .contains("400");
        assertThat(page("/review/accounts/view", MONA, 400)).contains("<html");
        assertThat(page("/review/accounts/view?id=" + "x".repeat(257), MONA, 400))
                .contains("<html");
        assertThat(page("/review/accounts?q=" + "x".repeat(257), MONA, 400)).contains("<html");
    }

    @Test
    void theDashboardShowsEachModeratorsThroughputAndMissedTargets() throws Exception {
        String d = page("/review/admin/dashboard?days=7", ADA, 200);
        assertThat(d)
                .contains("id=\"per-moderator\"")
                .containsPattern(
                        "<th scope=\"row\">mona</th>\\s*<td[^>]*>14</td>\\s*<td[^>]*>3</td>")
                .contains("Unassigned");
        assertThat(page("/review/admin/dashboard?days=abc", ADA, 400)).contains("<html");
    }
}
