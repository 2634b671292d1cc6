package dev.franking.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.franking.review.model.Role;
import dev.franking.service.moderators.ModeratorService;
import dev.franking.v2.AttachmentDescriptor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * End to end in a real browser (headless Chromium) on real PostgreSQL: a moderator signs in, claims
 * a verified report's case, shows its content, decides with reasons; the audit log holds the rows
 * and the reporter sees the outcome through the API. Screenshots go to target/screenshots.
 */
class ReviewUiBrowserTest extends BrowserTestBase {
    @Autowired ModeratorService moderators;

    @Test
    void aModeratorSignsInClaimsShowsContentAndDecidesWithReasons() throws Exception {
        String username = unique("e2e-mod");
        String password = "correct horse battery staple";
        moderators.create(username, EnumSet.of(Role.MODERATOR), password, "test");

        String alice = unique("alice"), bob = unique("bob");
        byte[] image = ("stand-in image " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        String text = "you will regret this " + UUID.randomUUID();
        var held =
                messenger
                        .send(
                                messenger.compose(
                                        unique("m"),
                                        alice,
                                        unique("c"),
                                        text,
                                        List.of(AttachmentDescriptor.of("image/png", image))),
                                bob)
                        .get(0);
        String token = TestTokens.token(bob, "report");
        Api.Response created =
                api.post(
                        "/api/v2/reports",
                        token,
                        Messenger.reportJson(
                                "harassment",
                                "threats again",
                                List.of(Messenger.messageJson(held))));
        assertThat(created.status()).isEqualTo(201);
        String reportId = created.json().get("reportId").asString();
        UUID caseId =
                jdbc.queryForObject(
                        "SELECT case_id FROM reports WHERE id = ?::uuid", UUID.class, reportId);
        UUID itemId =
                jdbc.queryForObject(
                        "SELECT evidence_item_id FROM report_messages WHERE report_id = ?::uuid AND"
                                + " idx = 0",
                        UUID.class,
                        reportId);

        signIn(username, password);
        assertThat(browser.getPageSource()).contains(alice);
        screenshot("queue");

        browser.findElement(By.cssSelector("form[action*='" + caseId + "/claim'] button")).click();
        browser.get(base() + "/review/cases/" + caseId);
        assertThat(browser.getPageSource()).doesNotContain(text);
        browser.findElement(By.cssSelector("form[action*='/items/" + itemId + "/reveal'] button"))
                .click();
        waiting().until(d -> d.getPageSource().contains(text));
        screenshot("case");
        // post/redirect/get (issue 14): a refresh shows the content again, audited once
        browser.navigate().refresh();
        waiting().until(d -> d.getPageSource().contains(text));
        assertThat(viewRows(caseId, "evidence.viewed")).isEqualTo(1);
        // the whole transcript in one action: one row naming the report; refreshes add none
        browser.findElement(By.cssSelector("button.reveal-transcript")).click();
        waiting().until(d -> d.findElements(By.cssSelector("button.reveal-transcript")).isEmpty());
        browser.navigate().refresh();
        waiting().until(d -> d.getPageSource().contains(text));
        assertThat(viewRows(caseId, "transcript.viewed")).isEqualTo(1);
        assertThat(viewRows(caseId, "evidence.viewed")).isEqualTo(1);
        screenshot("case-transcript");
        // the reporter's comment: one audited POST, then post/redirect/get (issue 14): a refresh
        // and the back button write no second row and meet no 405
        browser.findElement(
                        By.cssSelector("form[action$='/reports/" + reportId + "/comment'] button"))
                .click();
        waiting().until(d -> d.getPageSource().contains("threats again"));
        assertThat(browser.getCurrentUrl()).endsWith("/review/cases/" + caseId);
        browser.navigate().refresh();
        waiting().until(d -> d.getPageSource().contains("threats again"));
        browser.navigate().back();
        waiting().until(d -> d.getCurrentUrl().endsWith("/review/cases/" + caseId));
        assertThat(browser.getPageSource())
                .doesNotContain("Method Not Allowed")
                .contains("threats again");
        assertThat(viewRows(caseId, "comment.viewed")).isEqualTo(1);
        screenshot("case-comment");

        browser.findElement(By.id("ground")).sendKeys("Terms of service: harassment");
        browser.findElement(By.id("facts"))
                .sendKeys("Threatening message verified as sent by the account.");
        browser.findElement(By.cssSelector("button[formaction*='/suspend']")).click();
        // suspending asks for confirmation first (review UI, issue 14)
        browser.findElement(By.id("confirm-yes")).click();
        waiting().until(d -> !d.findElements(By.cssSelector(".flash")).isEmpty());
        screenshot("decided");
        // the audit rows, as the case history shows them to the moderator
        String history =
                browser.findElement(By.id("history-h")).findElement(By.xpath("..")).getText();
        assertThat(history)
                .contains("Claimed")
                .contains("Content shown")
                .contains("Decided")
                .contains(username);

        assertThat(
                        jdbc.queryForList(
                                "SELECT event FROM audit_log WHERE case_id = ? AND actor = ? ORDER"
                                        + " BY seq",
                                String.class,
                                caseId,
                                username))
                .containsSubsequence("case.claimed", "evidence.viewed", "case.decided");
        assertThat(
                        jdbc.queryForObject(
                                "SELECT decision FROM cases WHERE id = ?", String.class, caseId))
                .isEqualTo("suspend");
        Api.Response outcome = api.get("/api/v2/reports/" + reportId, token);
        assertThat(outcome.json().get("outcome").get("decision").asString())
                .isEqualTo("action_taken");
        assertThat(Files.size(Browser.SHOTS.resolve("queue.png"))).isPositive();
    }

    private int viewRows(Object caseId, String event) {
        return jdbc.queryForObject(
                "SELECT count(*) FROM audit_log WHERE case_id = ? AND event = ?",
                Integer.class,
                caseId,
                event);
    }
}
