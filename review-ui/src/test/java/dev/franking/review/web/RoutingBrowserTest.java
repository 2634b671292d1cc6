package dev.franking.review.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Role;
import dev.franking.review.model.Views.Decision;
import dev.franking.review.testapp.InMemoryEvidence;
import dev.franking.review.testapp.InMemoryReviewPorts;
import dev.franking.review.testapp.TestReviewApplication;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * Issue 14's routing, inbox views, templates and bulk decisions in headless Chromium against the
 * test application: a moderator whose claimed case became child safety is told on the queue and the
 * case page (no 404); escalating lands on the queue; child-safety staff find the case under
 * "Escalated to me" and a forwarding under "Awaiting my approval", with counts in the navigation;
 * an admin edits a template, a moderator picks it (script fills the fields) and bulk-dismisses
 * ticked cases, one of them held by someone else and reported by name. axe-core runs on every page
 * (no serious or critical violation); screenshots in target/screenshots/routing-*.png.
 */
@SpringBootTest(classes = TestReviewApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class RoutingBrowserTest extends BrowserTestBase {
    RoutingBrowserTest() {
        super("routing-", "axe-pages-routing.txt");
    }

    @Test
    void aCaseThatBecomesChildSafetyLeavesTheModeratorWhoIsToldAndReachesChildSafetyStaff()
            throws IOException {
        UUID caseId = ports.addOpenCase("acct-routed", "harassment");
        signIn("mona");
        browser.findElement(By.cssSelector("form[action*='" + caseId + "/claim'] button")).click();
        waiting().until(d -> path().equals("/review/cases/" + caseId));

        // a child-safety report joins while she holds it
        ports.childSafetyReportJoins(caseId);
        browser.get(url("/review/queue"));
        page("queue-notice");
        assertThat(text("#moved-notice"))
                .contains("A child-safety report joined the case of acct-routed");
        browser.get(url("/review/cases/" + caseId));
        page("moved");
        assertThat(text("main")).contains("This case has moved to child-safety staff");

        // she escalates another case: the queue, not a 404
        UUID other = ports.addOpenCase("acct-escalated", "violence");
        browser.get(url("/review/cases/" + other));
        browser.findElement(By.id("escalate-reason")).sendKeys("looks like grooming");
        browser.findElement(By.cssSelector("form[action$='/escalate'] button")).click();
        waiting().until(d -> path().equals("/review/queue"));
        assertThat(text("#flash")).contains("escalated to child-safety staff");

        // child-safety staff: counts in the navigation, the escalated view, the approvals view
        signIn("carl");
        page("queue-carl");
        assertThat(text("#nav-escalated")).isEqualTo("Escalated to me (1)");
        assertThat(text("#nav-approvals")).isEqualTo("Awaiting my approval (1)");
        browser.findElement(By.id("nav-escalated")).click();
        waiting().until(d -> path().equals("/review/escalated"));
        page("escalated");
        assertThat(text("main")).contains("acct-escalated").doesNotContain("acct-routed");
        browser.findElement(By.id("nav-approvals")).click();
        waiting().until(d -> path().equals("/review/approvals"));
        page("approvals");
        assertThat(text("main")).contains("threats against a minor").contains("dana");
        browser.findElement(By.cssSelector("tr.approval-row a")).click();
        waiting().until(d -> path().equals("/review/cases/" + InMemoryReviewPorts.CASE));
        assertThat(browser.getCurrentUrl()).endsWith("#forwarding");
        assertThat(
                        browser.findElements(
                                By.cssSelector(
                                        "form[action$='/forwardings/"
                                                + InMemoryEvidence.PENDING
                                                + "/approve']")))
                .isNotEmpty();
    }

    @Test
    void anAdminKeepsATemplateAndAModeratorBulkDismissesTickedCasesWithIt() throws IOException {
        UUID a = ports.addOpenCase("acct-spam-a", "spam");
        UUID b = ports.addOpenCase("acct-spam-b", "spam");
        UUID held = ports.addOpenCase("acct-spam-held", "spam");
        ports.claim(held, new Reviewer("carl", Set.of(Role.CHILD_SAFETY)));

        signIn("ada");
        browser.get(url("/review/admin/templates"));
        page("templates");
        browser.findElement(By.id("name")).sendKeys("Spam: link farms");
        browser.findElement(By.id("ground")).sendKeys("Terms of service: spam");
        browser.findElement(By.id("facts")).sendKeys("Sent the same links to many strangers.");
        browser.findElement(By.cssSelector("form[action$='/review/admin/templates'] button"))
                .click();
        waiting().until(d -> d.getPageSource().contains("The template is added."));
        page("templates-added");

        signIn("mona");
        page("queue-bulk");
        new Select(browser.findElement(By.id("template"))).selectByVisibleText("Spam: link farms");
        // review.js fills the bulk form's ground and facts from the template
        assertThat(browser.findElement(By.id("ground")).getDomProperty("value"))
                .isEqualTo("Terms of service: spam");
        assertThat(browser.findElement(By.id("facts")).getDomProperty("value"))
                .isEqualTo("Sent the same links to many strangers.");
        for (UUID id : List.of(a, b, held)) {
            browser.findElement(By.id("pick-" + id)).click();
        }
        browser.findElement(By.cssSelector("#bulk button[value='DISMISS']")).click();
        waiting().until(d -> !d.findElements(By.id("bulk-outcome")).isEmpty());
        page("bulk-outcome");
        assertThat(text("#bulk-outcome"))
                .contains("Dismissed 2: acct-spam-a, acct-spam-b.")
                .contains("acct-spam-held: Another moderator holds this case.");
        assertThat(ports.decisions)
                .extracting(InMemoryReviewPorts.DecisionMade::caseId)
                .containsExactly(a, b);
        assertThat(ports.decisions)
                .allSatisfy(
                        d -> {
                            assertThat(d.decision()).isEqualTo(Decision.DISMISS);
                            assertThat(d.reasons().ground()).isEqualTo("Terms of service: spam");
                        });

        // suspending ticked cases asks first
        UUID c = ports.addOpenCase("acct-spam-c", "spam");
        browser.get(url("/review/queue"));
        browser.findElement(By.id("pick-" + c)).click();
        browser.findElement(By.id("ground")).sendKeys("Terms of service: spam");
        browser.findElement(By.id("facts")).sendKeys("Link farm.");
        browser.findElement(By.cssSelector("#bulk button[value='SUSPEND']")).click();
        waiting().until(d -> !d.findElements(By.id("confirm-yes")).isEmpty());
        page("bulk-confirm");
        assertThat(ports.decisions).hasSize(2);
        browser.findElement(By.id("confirm-yes")).click();
        waiting().until(d -> !d.findElements(By.id("bulk-outcome")).isEmpty());
        assertThat(text("#bulk-outcome")).contains("Suspended 1: acct-spam-c.");
        assertThat(ports.decisions).hasSize(3);
    }
}
