package dev.franking.service.appeals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.franking.review.model.ReviewPorts;
import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Role;
import dev.franking.review.model.Views;
import dev.franking.service.Api;
import dev.franking.service.Browser;
import dev.franking.service.BrowserTestBase;
import dev.franking.service.Reported;
import dev.franking.service.audit.AuditLog;
import dev.franking.service.moderators.ModeratorService;
import dev.franking.service.outbox.Drain;
import dev.franking.service.outbox.Outbox;
import java.nio.file.Files;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Appeals end to end (issue 14, PROTOCOL.md §7) in headless Chromium on real PostgreSQL: a reporter
 * appeals a suspension through the API; the moderator who decided it is refused in the appeals
 * queue (four eyes, audited, the typed reason kept); a second moderator shows the appellant's
 * statement (audited) and reverses; the platform receives {@code action.reversed} naming the
 * original action, and the reporter's GET shows the outcome. axe-core (the review UI's vendored
 * copy) runs on the page; screenshots go to target/screenshots.
 */
class AppealsBrowserTest extends BrowserTestBase {
    static final String PASSWORD = "correct horse battery staple";

    @Autowired ModeratorService moderators;
    @Autowired ReviewPorts.Actions actions;
    @Autowired Outbox outbox;
    @Autowired AuditLog audit;

    /** Leaves no event of this test queued for other tests' platforms. */
    @AfterEach
    void drain() throws Exception {
        Drain.platformEvents(outbox, CLOCK);
    }

    @Test
    void aReporterAppealsTheDeciderIsRefusedAndASecondModeratorReverses() throws Exception {
        String decider = unique("ap-decider");
        String second = unique("ap-second");
        moderators.create(decider, EnumSet.of(Role.MODERATOR), PASSWORD, "test");
        moderators.create(second, EnumSet.of(Role.MODERATOR), PASSWORD, "test");
        Reviewer deciderR = new Reviewer(decider, EnumSet.of(Role.MODERATOR));

        // a verified report, decided (suspend) by the first moderator; the action is queued
        Reported reported = Reported.spam(messenger, api, jdbc, "buy now");
        String token = reported.token();
        String reportId = reported.reportId();
        UUID caseId = reported.caseId();
        actions.claim(caseId, deciderR);
        actions.decide(
                caseId,
                Views.Decision.SUSPEND,
                new Views.StatementOfReasons(
                        "Terms of service 4.2: spam", "Bulk advertising, verified.", false),
                deciderR);
        String actionId =
                jdbc.queryForObject(
                        "SELECT subject FROM audit_log WHERE case_id = ? AND event ="
                                + " 'platform_action.queued'",
                        String.class,
                        caseId);

        // the reporter appeals through the API (§7: the reporter may contest any decision)
        String statement = "He sent the same advert to my whole family " + UUID.randomUUID();
        Api.Response appealed =
                api.post(
                        "/api/v2/reports/" + reportId + "/appeals",
                        token,
                        Map.of("statement", statement));
        assertThat(appealed.status()).as(appealed.body()).isEqualTo(201);
        String appealId = appealed.json().get("appealId").asString();

        // the original decider: the appeal is marked theirs, and reversing is refused (audited)
        signIn(decider);
        browser.get(base() + "/review/appeals");
        WebElement mine = appeal(appealId);
        assertThat(mine.getText()).contains("You made this decision");
        mine.findElement(By.cssSelector("textarea[name=reason]")).sendKeys("I was wrong");
        mine.findElement(By.cssSelector("button.reverse")).click();
        waitForFlash();
        assertThat(browser.findElement(By.id("flash")).getText())
                .contains("another moderator must decide it");
        assertThat(appeal(appealId).findElement(By.cssSelector("textarea")).getAttribute("value"))
                .as("the typed reason survives the refusal")
                .isEqualTo("I was wrong");
        screenshot("appeals-refused");
        assertThat(
                        jdbc.queryForObject(
                                "SELECT detail FROM audit_log WHERE case_id = ? AND actor = ? AND"
                                        + " event = 'case.action_refused'",
                                String.class,
                                caseId,
                                decider))
                .isEqualTo("appeal=" + appealId + "; reason=refused.appeal-four-eyes");
        assertThat(
                        jdbc.queryForObject(
                                "SELECT status FROM appeals WHERE id = ?::uuid",
                                String.class,
                                appealId))
                .isEqualTo("open");
        signOut();

        // the second moderator: the queue counts it, the statement is shown on request, reversed
        signIn(second);
        browser.get(base() + "/review/appeals");
        assertThat(browser.findElement(By.id("nav-appeals")).getText()).startsWith("Appeals (");
        assertThat(browser.getPageSource()).doesNotContain(statement);
        appeal(appealId).findElement(By.cssSelector("form[action$='/statement'] button")).click();
        waiting()
                .until(ExpectedConditions.presenceOfElementLocated(By.id("statement-" + appealId)));
        assertThat(browser.findElement(By.id("statement-" + appealId)).getText())
                .isEqualTo(statement);
        WebElement open = appeal(appealId);
        assertThat(open.getText())
                .contains("Terms of service 4.2: spam")
                .contains("Bulk advertising, verified.")
                .doesNotContain("You made this decision");
        assertThat(axe()).as("axe: serious or critical violations on the appeals page").isEmpty();
        screenshot("appeals-statement");
        open.findElement(By.cssSelector("textarea[name=reason]"))
                .sendKeys("The account was suspended for a first offence; a warning fits.");
        open.findElement(By.cssSelector("button.reverse")).click();
        waitForFlash();
        assertThat(browser.findElement(By.id("flash")).getText()).contains("reversed");
        assertThat(browser.findElements(By.id("appeal-" + appealId))).isEmpty();
        assertThat(axe()).as("axe: serious or critical violations after deciding").isEmpty();
        screenshot("appeals-reversed");
        assertThat(
                        jdbc.queryForList(
                                "SELECT event FROM audit_log WHERE case_id = ? AND actor = ? ORDER"
                                        + " BY seq",
                                String.class,
                                caseId,
                                second))
                .containsSubsequence(
                        "appeal.statement_viewed", "appeal.decided", "platform_action.reversed");

        // the platform receives action.reversed, naming the original action
        List<String> delivered = deliver(caseId);
        assertThat(delivered)
                .anySatisfy(
                        body ->
                                assertThat(body)
                                        .contains("\"type\":\"action.reversed\"")
                                        .contains("\"actionId\":\"" + actionId + "\"")
                                        .contains("\"why\":\"appeal\""));

        // the reporter sees the outcome
        var appeal = api.get("/api/v2/reports/" + reportId, token).json().get("appeal");
        assertThat(appeal.get("appealId").asString()).isEqualTo(appealId);
        assertThat(appeal.get("status").asString()).isEqualTo("reversed");
        assertThat(appeal.get("decidedAt").isNull()).isFalse();
        assertThat(Files.size(Browser.SHOTS.resolve("appeals-reversed.png"))).isPositive();
    }

    private WebElement appeal(String appealId) {
        return browser.findElement(By.id("appeal-" + appealId));
    }

    private void signIn(String username) {
        signIn(username, PASSWORD);
    }

    private void signOut() {
        browser.findElement(By.cssSelector("form[action$='/review/logout'] button")).click();
        waiting().until(ExpectedConditions.urlContains("/review/login"));
    }

    private void waitForFlash() {
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("flash")));
    }

    /** Delivers what is due to a local platform; returns the bodies that name {@code caseId}. */
    private List<String> deliver(UUID caseId) throws Exception {
        return Drain.deliveredNaming(caseId, outbox, CLOCK, audit);
    }
}
