package dev.franking.review.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.franking.review.testapp.TestReviewApplication;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The lockout as a moderator meets it in headless Chromium: five wrong passwords, the "too many
 * attempts" message (axe-checked, photographed), the right password refused while locked, and
 * accepted once the minute is over (the application's clock is moved).
 */
@SpringBootTest(
        classes = {TestReviewApplication.class, SignInHardeningTest.MovableTime.class},
        webEnvironment = WebEnvironment.RANDOM_PORT)
class SignInBrowserTest {
    static ChromeDriver browser;

    @LocalServerPort int port;
    @Autowired SignInHardeningTest.MovableClock clock;

    @BeforeAll
    static void startBrowser() throws IOException {
        browser = Chromium.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    void signIn(String username, String password) {
        browser.get("http://localhost:" + port + "/review/login");
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.cssSelector("form[action$='/review/login'] button")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(
                        d ->
                                !URI.create(d.getCurrentUrl()).getPath().equals("/review/login")
                                        || URI.create(d.getCurrentUrl()).getQuery() != null);
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
        assertThat(Chromium.axe(browser)).as("axe on the locked sign-in page").isEmpty();
        Chromium.screenshot(browser, "signin-locked");

        signIn("mona", TestReviewApplication.PASSWORD);
        assertThat(alert()).isEqualTo("Too many sign-in attempts. Try again in 1 minute.");

        clock.advance(Duration.ofSeconds(61));
        signIn("mona", TestReviewApplication.PASSWORD);
        assertThat(URI.create(browser.getCurrentUrl()).getPath()).isEqualTo("/review");
    }
}
