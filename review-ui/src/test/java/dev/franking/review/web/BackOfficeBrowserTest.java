package dev.franking.review.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Role;
import dev.franking.review.testapp.InMemoryEvidence;
import dev.franking.review.testapp.InMemoryModeratorAdmin;
import dev.franking.review.testapp.InMemoryReviewPorts;
import dev.franking.review.testapp.TestReviewApplication;
import java.io.IOException;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * The back office (issue 14) in headless Chromium against the test application: an admin creates a
 * moderator and sees the password once, the moderator signs in with it, the admin disables them and
 * their next request ends their session; destinations are edited and deleted (and a deletion
 * refused while a forwarding is pending); a legal hold is listed and lifted. axe-core runs on every
 * page (no serious or critical violation); screenshots under target/screenshots.
 */
@SpringBootTest(classes = TestReviewApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class BackOfficeBrowserTest extends BrowserTestBase {
    @Autowired InMemoryModeratorAdmin accounts;
    @Autowired InMemoryEvidence evidence;

    BackOfficeBrowserTest() {
        super("backoffice-", null);
    }

    String flash() {
        return browser.findElement(By.id("flash")).getText();
    }

    WebElement row(String attribute, String value) {
        return browser.findElement(By.cssSelector("tr[" + attribute + "='" + value + "']"));
    }

    @Test
    void anAdminCreatesAModeratorWhoSignsInAndIsThenDisabled() throws IOException {
        signIn("ada", TestReviewApplication.PASSWORD);
        browser.get(url("/review/admin/moderators"));
        page("moderators");

        browser.findElement(By.id("new-username")).sendKeys("nina");
        browser.findElement(By.id("new-reason")).sendKeys("joins the spam team");
        browser.findElement(By.cssSelector("#create-account button[type=submit]")).click();
        waiting().until(d -> !d.findElements(By.id("new-password")).isEmpty());
        String password = browser.findElement(By.id("new-password")).getText();
        assertThat(password).isNotBlank();
        assertThat(browser.getCurrentUrl()).doesNotContain(password);
        page("moderator-created");
        assertThat(row("data-account", "nina").getText()).contains("Active");
        // shown once: the same page again no longer has it
        browser.navigate().refresh();
        assertThat(browser.findElements(By.id("new-password"))).isEmpty();
        assertThat(browser.getPageSource()).doesNotContain(password);

        // nina signs in with it, in her own session
        browser.manage().deleteAllCookies();
        signIn("nina", password);
        assertThat(path()).isEqualTo("/review");
        Cookie ninasSession = browser.manage().getCookieNamed("JSESSIONID");
        assertThat(ninasSession).isNotNull();

        // ada disables her, with a reason
        browser.manage().deleteAllCookies();
        signIn("ada", TestReviewApplication.PASSWORD);
        browser.get(url("/review/admin/moderators"));
        WebElement nina = row("data-account", "nina");
        nina.findElement(By.id("status-reason-nina")).sendKeys("left the company");
        nina.findElement(By.cssSelector("form[action$='/nina/disable'] button")).click();
        waiting().until(d -> flash().contains("disabled"));
        page("moderator-disabled");
        assertThat(row("data-account", "nina").getText()).contains("Disabled");
        assertThat(accounts.changes).contains("disabled nina by ada: left the company");

        // nina's next request in her session is refused: signed out, told why
        browser.manage().deleteAllCookies();
        browser.manage().addCookie(ninasSession);
        browser.get(url("/review/queue"));
        waiting().until(d -> path().equals("/review/login"));
        assertThat(browser.getCurrentUrl()).endsWith("/review/login?ended");
        assertThat(browser.getPageSource()).contains("Your session ended");
        page("session-ended");
        // and she cannot sign in again
        signIn("nina", password);
        assertThat(browser.getCurrentUrl()).contains("/review/login?error");
    }

    @Test
    void theLastAdminCannotDisableThemselves() throws IOException {
        signIn("ada", TestReviewApplication.PASSWORD);
        browser.get(url("/review/admin/moderators"));
        WebElement ada = row("data-account", "ada");
        ada.findElement(By.id("status-reason-ada")).sendKeys("testing");
        ada.findElement(By.cssSelector("form[action$='/ada/disable'] button")).click();
        waiting().until(d -> flash().contains("without an active admin"));
        page("last-admin-refused");
        assertThat(row("data-account", "ada").getText()).contains("Active");
    }

    @Test
    void anAdminEditsAndDeletesDestinations() throws IOException {
        signIn("ada", TestReviewApplication.PASSWORD);
        browser.get(url("/review/admin/destinations"));
        page("destinations");
        String webhook = InMemoryEvidence.WEBHOOK.toString();
        WebElement name = browser.findElement(By.id("dname-" + webhook));
        name.clear();
        name.sendKeys("Partner T&S (EU)");
        browser.findElement(
                        By.cssSelector(
                                "form[action$='/destinations/"
                                        + webhook
                                        + "'] button[type=submit]"))
                .click();
        waiting().until(d -> flash().contains("saved"));
        page("destination-edited");
        assertThat(browser.findElement(By.id("dest-" + webhook)).getText())
                .contains("Partner T&S (EU)");
        // the secret field is never filled from what is stored
        assertThat(browser.findElement(By.id("dsecret-" + webhook)).getAttribute("value"))
                .isEmpty();

        // the webhook has a pending forwarding: its deletion is refused and says why
        browser.findElement(By.id("dconfirm-" + webhook)).click();
        browser.findElement(By.cssSelector("form[action$='/" + webhook + "/delete'] button"))
                .click();
        waiting().until(d -> flash().contains("pending or in flight"));
        page("destination-delete-refused");

        String download = InMemoryEvidence.DOWNLOAD.toString();
        browser.findElement(By.id("dconfirm-" + download)).click();
        browser.findElement(By.cssSelector("form[action$='/" + download + "/delete'] button"))
                .click();
        waiting().until(d -> flash().contains("deleted"));
        page("destination-deleted");
        assertThat(browser.findElements(By.id("dest-" + download))).isEmpty();
        assertThat(evidence.deleted).containsExactly("Manual submission");
    }

    @Test
    void anAdminListsLegalHoldsAndLiftsOne() throws IOException {
        evidence.placeHold(
                InMemoryReviewPorts.CASE,
                "police preservation request 2026-31",
                new Reviewer("ada", Set.of(Role.ADMIN)));
        signIn("ada", TestReviewApplication.PASSWORD);
        browser.get(url("/review/admin/holds"));
        page("holds");
        String active = evidence.holds().get(0).id().toString();
        WebElement row = row("data-hold", active);
        assertThat(row.getText()).contains("Active").contains("police preservation request");
        assertThat(row("data-hold", InMemoryEvidence.LIFTED_HOLD.toString()).getText())
                .contains("Lifted")
                .contains("request withdrawn");
        assertThat(row.findElement(By.cssSelector("a")).getAttribute("href"))
                .endsWith("/review/cases/" + InMemoryReviewPorts.CASE);

        row.findElement(By.id("lift-reason-" + active)).sendKeys("case closed by the court");
        row.findElement(By.cssSelector("form button")).click();
        waiting().until(d -> flash().contains("lifted"));
        page("hold-lifted");
        assertThat(row("data-hold", active).getText())
                .contains("Lifted")
                .contains("case closed by the court");
        assertThat(evidence.holds().get(0).liftedBy()).isEqualTo("ada");
    }
}
