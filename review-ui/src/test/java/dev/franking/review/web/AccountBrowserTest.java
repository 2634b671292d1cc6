package dev.franking.review.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.franking.review.testapp.InMemoryAccounts;
import dev.franking.review.testapp.InMemoryReviewPorts;
import dev.franking.review.testapp.TestReviewApplication;
import java.io.IOException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * Issue 14's account view in headless Chromium against the test application: a moderator searches
 * an account by the start of its identifier, opens its page (strikes, the restriction in force, the
 * suggested next action; the child-safety case absent), goes to a case and back through the case
 * page's account link; child-safety staff see the suspension; an admin reads the per-moderator
 * figures. axe-core on every page (no serious or critical violation), the pages at 390 px without
 * sideways scrolling; screenshots in target/screenshots/accounts-*.png.
 */
@SpringBootTest(classes = TestReviewApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class AccountBrowserTest extends BrowserTestBase {
    @Autowired InMemoryAccounts accounts;

    AccountBrowserTest() {
        super("accounts-", "axe-pages-accounts.txt");
    }

    @BeforeEach
    void setUp() {
        Chromium.viewport(browser, 0, 0);
    }

    void fitsA390PixelPhone(String what) throws IOException {
        Chromium.viewport(browser, 390, 844);
        browser.navigate().refresh();
        page(what + "-phone");
        Number scroll =
                (Number) browser.executeScript("return document.documentElement.scrollWidth;");
        Number width = (Number) browser.executeScript("return window.innerWidth;");
        assertThat(width.intValue()).isEqualTo(390);
        assertThat(scroll.intValue()).as(what + ": page width at 390 px").isLessThanOrEqualTo(390);
        Chromium.viewport(browser, 0, 0);
    }

    @Test
    void aModeratorSearchesAnAccountSeesItsStrikesAndSuggestionAndGoesToACase() throws IOException {
        signIn("mona");
        browser.findElement(By.id("nav-accounts")).click();
        waiting().until(d -> path().equals("/review/accounts"));
        page("search");
        browser.findElement(By.id("account-q")).sendKeys("acct-mal", Keys.ENTER);
        waiting().until(d -> !d.findElements(By.id("account-hits")).isEmpty());
        page("results");
        assertThat(text("#account-hits")).contains("acct-mallory").contains("acct-mallet");
        fitsA390PixelPhone("results");

        browser.findElement(By.linkText("acct-mallory")).click();
        waiting().until(d -> path().equals("/review/accounts/view"));
        page("account");
        assertThat(text("#strikes")).isEqualTo("2");
        assertThat(text("#in-force")).startsWith("Restricted since");
        assertThat(text("#suggestion")).contains("Suggested if the next case is upheld: restrict");
        assertThat(text("#account-cases"))
                .contains("Reversed on appeal")
                .doesNotContain("Child safety case");
        assertThat(browser.findElements(By.id("case-" + InMemoryAccounts.CHILD))).isEmpty();
        assertThat(accounts.views).containsExactly("mona acct-mallory");
        fitsA390PixelPhone("account");

        // to the open case, whose page links back with the same suggestion
        browser.findElement(By.cssSelector("#case-" + InMemoryReviewPorts.CASE + " a.case-link"))
                .click();
        waiting().until(d -> path().equals("/review/cases/" + InMemoryReviewPorts.CASE));
        page("case");
        assertThat(text("#account-standing"))
                .contains("2 strikes in the last 365 days.")
                .contains("In force: Restricted.");
        assertThat(text("#case-suggestion")).contains("Suggested if upheld: restrict");
        browser.findElement(By.id("account-link")).click();
        waiting().until(d -> path().equals("/review/accounts/view"));
        assertThat(text("h1")).isEqualTo("Account acct-mallory");
    }

    @Test
    void childSafetyStaffSeeTheSuspensionAndAnAdminThePerModeratorFigures() throws IOException {
        signIn("carl");
        browser.get(url("/review/accounts?q=acct-mallory"));
        page("results-carl");
        browser.findElement(By.linkText("acct-mallory")).click();
        waiting().until(d -> path().equals("/review/accounts/view"));
        page("account-carl");
        assertThat(text("#strikes")).isEqualTo("3");
        assertThat(text("#in-force")).startsWith("Suspended since");
        assertThat(text("#suggestion")).contains("suspend");
        assertThat(browser.findElements(By.id("case-" + InMemoryAccounts.CHILD))).hasSize(1);

        signIn("ada");
        browser.get(url("/review/admin/dashboard?days=7"));
        page("dashboard");
        assertThat(text("#per-moderator"))
                .contains("mona")
                .contains("Unassigned")
                .contains("Decided after target");
        fitsA390PixelPhone("dashboard");
        browser.get(url("/review/admin/dashboard?days=500"));
        page("dashboard-bad-days");
        assertThat(text("main")).isNotBlank();
    }
}
