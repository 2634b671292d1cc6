package dev.franking.service;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A browser test on the shared service: a fresh headless Chromium per test ({@link Browser}), the
 * review UI's address, sign-in, waits that survive a page being replaced, screenshots and axe.
 */
public abstract class BrowserTestBase extends ServiceTestBase {
    protected WebDriver browser;

    @BeforeEach
    void startBrowser() throws IOException {
        browser = Browser.start();
    }

    @AfterEach
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    protected String base() {
        return "http://localhost:" + port;
    }

    protected WebDriverWait waiting() {
        return Browser.waiting(browser);
    }

    protected void signIn(String username, String password) {
        Browser.signIn(browser, base(), username, password);
    }

    protected Path screenshot(String name) throws IOException {
        return Browser.screenshot(browser, name);
    }

    /** axe-core's serious and critical violations on the current page, one line each. */
    protected List<String> axe() throws IOException {
        return Browser.axe(browser);
    }
}
