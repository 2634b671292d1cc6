package dev.franking.review.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.franking.review.testapp.TestReviewApplication;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * The lockout as a moderator meets it in headless Chromium: five wrong passwords, the "too many
 * attempts" message (axe-checked, photographed), the right password refused while locked, and
 * accepted once the minute is over (the application's clock is moved).
 */
@SpringBootTest(
        classes = {TestReviewApplication.class, SignInHardeningTest.MovableTime.class},
        webEnvironment = WebEnvironment.RANDOM_PORT)
class SignInBrowserTest extends BrowserTestBase {
    @Autowired SignInHardeningTest.MovableClock clock;

    SignInBrowserTest() {
        super("signin-", null);
    }

    String alert() {
        return browser.findElement(By.cssSelector("[role=alert]")).getText();
    }

    @Test
    void fiveWrongPasswordsLockTheAccountForAMinute() throws IOException {
        for (int i = 1; i <= 4; i++) {
            signIn("mona", "wrong-" + i);
            assertThat(alert()).isEqualTo("Wrong username or password.");
        }
        signIn("mona", "wrong-5");
        assertThat(alert()).isEqualTo("Too many sign-in attempts. Try again in 1 minute.");
        page("locked"); // axe on the locked sign-in page, and its screenshot

        signIn("mona", TestReviewApplication.PASSWORD);
        assertThat(alert()).isEqualTo("Too many sign-in attempts. Try again in 1 minute.");

        clock.advance(Duration.ofSeconds(61));
        signIn("mona", TestReviewApplication.PASSWORD);
        assertThat(path()).isEqualTo("/review");
    }
}
