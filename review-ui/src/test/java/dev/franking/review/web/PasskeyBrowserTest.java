package dev.franking.review.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.franking.review.testapp.InMemorySignInAudit;
import dev.franking.review.testapp.TestReviewApplication;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Passkeys as a second factor (issue 14), in headless Chromium with Selenium's virtual
 * authenticator: a moderator registers a passkey, signs out, signs in with the password and then
 * the passkey; the password alone stays on the second-factor page; a removed passkey is refused by
 * the server. Axe runs on both new pages; screenshots under target/screenshots.
 *
 * <p>On a fixed free port: a WebAuthn origin is compared whole, port included, so the allowed
 * origin must be known before the application starts.
 */
@SpringBootTest(classes = TestReviewApplication.class, webEnvironment = WebEnvironment.DEFINED_PORT)
class PasskeyBrowserTest extends BrowserTestBase {
    static final int PORT = freePort();
    static final String BASE = "http://localhost:" + PORT;

    @Autowired InMemorySignInAudit audit;

    PasskeyBrowserTest() {
        super("passkeys-", null);
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("server.port", () -> PORT);
        r.add("reports.review.passkeys.allowed-origins", () -> BASE);
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void waitForPath(String path) {
        Chromium.waiting(browser, Duration.ofSeconds(15)).until(d -> path().equals(path));
    }

    /** Password only: the next page is the queue or the second factor. */
    @Override
    void signIn(String username) {
        signIn(username, TestReviewApplication.PASSWORD);
    }

    static void signOut() {
        browser.findElement(By.cssSelector("form[action$='/review/logout'] button")).click();
        waitForPath("/review/login");
    }

    @Test
    void aPasskeyIsAskedForAfterThePasswordAndARemovedOneNoLongerWorks() throws IOException {
        VirtualAuthenticator authenticator =
                browser.addVirtualAuthenticator(
                        new VirtualAuthenticatorOptions()
                                .setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
                                .setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL)
                                .setHasResidentKey(true)
                                .setHasUserVerification(true)
                                .setIsUserVerified(true)
                                .setIsUserConsenting(true));
        try {
            audit.clear();
            // no passkey yet: the password is enough
            signIn("mona");
            assertThat(path()).isEqualTo("/review");

            browser.findElement(By.id("nav-passkeys")).click();
            waitForPath("/review/passkeys");
            assertThat(browser.findElement(By.id("passkey-none")).getText())
                    .isEqualTo("You have no passkey yet.");
            page("none"); // axe on the passkeys page, and its screenshot

            browser.findElement(By.id("passkey-label")).sendKeys("Laptop");
            browser.findElement(By.cssSelector("#passkey-register button[type=submit]")).click();
            // the session has the password only, and the account a passkey now: use it
            waitForPath("/review/second-factor");
            assertThat(authenticator.getCredentials()).hasSize(1);

            // the password alone reaches no review page
            for (String page : List.of("/review", "/review/queue", "/review/passkeys")) {
                browser.get(BASE + page);
                assertThat(path()).as(page).isEqualTo("/review/second-factor");
            }
            page("second-factor");

            browser.findElement(By.id("passkey-sign-in")).click();
            waitForPath("/review");

            // a fresh sign-in: password, then the passkey
            signOut();
            signIn("mona");
            assertThat(path()).isEqualTo("/review/second-factor");
            browser.get(BASE + "/review/queue");
            assertThat(path()).isEqualTo("/review/second-factor");
            browser.findElement(By.id("passkey-sign-in")).click();
            waitForPath("/review");
            browser.get(BASE + "/review/queue");
            assertThat(path()).isEqualTo("/review/queue");

            browser.get(BASE + "/review/passkeys");
            assertThat(browser.findElement(By.id("passkey-list")).getText()).contains("Laptop");
            page("list");

            assertThat(audit.rows())
                    .extracting(r -> r.event() + " " + r.actor() + " " + r.detail())
                    .containsSubsequence(
                            "sign_in.succeeded mona factor=password",
                            "sign_in.succeeded mona factor=password",
                            "sign_in.succeeded mona factor=passkey");

            // removed: the page no longer lists it, and the server refuses an assertion made with
            // it
            browser.findElement(By.cssSelector(".passkey-remove")).click();
            waitForPath("/review/passkeys");
            assertThat(browser.findElement(By.id("flash")).getText()).isEqualTo("Passkey removed.");
            assertThat(browser.findElements(By.id("passkey-list"))).isEmpty();
            signOut();
            signIn("mona");
            // no passkey left: the password is enough again
            assertThat(path()).isEqualTo("/review");
            assertThat(authenticator.getCredentials()).as("still in the authenticator").hasSize(1);
            audit.clear();
            Object answer = browser.executeAsyncScript(ASSERT_WITH_ANY_PASSKEY);
            assertThat(answer).isEqualTo(401L);
            assertThat(audit.rows())
                    .extracting(r -> r.event() + " " + r.actor())
                    .containsExactly("sign_in.passkey_failed mona");
        } finally {
            browser.removeVirtualAuthenticator(authenticator);
        }
    }

    /**
     * The assertion ceremony with any discoverable passkey of the authenticator (an empty
     * allowCredentials), posted to the server as the second-factor page would: answers the HTTP
     * status.
     */
    static final String ASSERT_WITH_ANY_PASSKEY =
            """
            var done = arguments[arguments.length - 1];
            var csrf = document.querySelector("input[name=_csrf]").value;
            function b64url(b) { return btoa(String.fromCharCode.apply(null, new Uint8Array(b)))
                .replace(/=/g, "").replace(/\\+/g, "-").replace(/\\//g, "_"); }
            function bytes(t) { var s = atob(t.replace(/-/g, "+").replace(/_/g, "/"));
                var o = new Uint8Array(s.length); for (var i = 0; i < s.length; i++) o[i] = s.charCodeAt(i);
                return o.buffer; }
            var h = {"Content-Type": "application/json", "X-CSRF-TOKEN": csrf};
            fetch("/webauthn/authenticate/options", {method: "POST", headers: h})
              .then(function (r) { return r.json(); })
              .then(function (o) {
                o.challenge = bytes(o.challenge); o.allowCredentials = [];
                return navigator.credentials.get({publicKey: o}); })
              .then(function (c) { var r = c.response;
                return fetch("/login/webauthn", {method: "POST", headers: h, body: JSON.stringify({
                  id: c.id, rawId: b64url(c.rawId),
                  response: {authenticatorData: b64url(r.authenticatorData),
                    clientDataJSON: b64url(r.clientDataJSON), signature: b64url(r.signature),
                    userHandle: r.userHandle ? b64url(r.userHandle) : undefined},
                  credType: c.type, clientExtensionResults: c.getClientExtensionResults(),
                  authenticatorAttachment: c.authenticatorAttachment})}); })
              .then(function (r) { done(r.status); }, function (e) { done("error: " + e); });
            """;
}
