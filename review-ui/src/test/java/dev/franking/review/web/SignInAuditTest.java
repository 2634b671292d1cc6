package dev.franking.review.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.franking.review.testapp.InMemorySignInAudit;
import dev.franking.review.testapp.InMemorySignInAudit.Row;
import dev.franking.review.testapp.TestReviewApplication;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * Issue 14: every failed password and every lock is an audit row (through the {@code SignInAudit}
 * port), a success too; refused attempts while locked write none; the typed name is cut and
 * escaped, and no row carries the password. Spring Security's passkey endpoints, outside {@code
 * /review}, are for signed-in reviewers only. Shares its context (and so the throttle) with {@link
 * SignInHardeningTest}: its own accounts and addresses.
 */
@SpringBootTest(classes = {TestReviewApplication.class, SignInHardeningTest.MovableTime.class})
@AutoConfigureMockMvc
class SignInAuditTest {
    static final String WRONG = "Tr0ub4dor&3-not-the-password";

    @Autowired MockMvc mvc;
    @Autowired InMemorySignInAudit audit;

    @BeforeEach
    void clear() {
        audit.clear();
    }

    ResultActions signIn(String username, String password, String address) throws Exception {
        return mvc.perform(
                post("/review/login")
                        .param("username", username)
                        .param("password", password)
                        .with(csrf())
                        .with(SignInHardeningTest.from(address)));
    }

    @Test
    void eachFailureAndEachLockIsARowAndRefusalsWhileLockedAreNot() throws Exception {
        for (int i = 1; i <= 5; i++) {
            signIn("dana", WRONG, "10.9.0.1");
        }
        signIn("dana", TestReviewApplication.PASSWORD, "10.9.0.1")
                .andExpect(redirectedUrl("/review/login?locked=1"));
        assertThat(audit.rows())
                .extracting(Row::event)
                .containsExactly(
                        "sign_in.failed",
                        "sign_in.failed",
                        "sign_in.failed",
                        "sign_in.failed",
                        "sign_in.failed",
                        "sign_in.locked");
        assertThat(audit.rows()).allSatisfy(r -> assertThat(r.actor()).isEqualTo("dana"));
        assertThat(audit.rows()).allSatisfy(r -> assertThat(r.address()).isEqualTo("10.9.0.1"));
        assertThat(audit.rows().get(0).detail()).isEqualTo("reason=BadCredentialsException");
        assertThat(audit.rows().get(5).detail()).isEqualTo("account for 60s");
        assertThat(audit.rows().toString()).doesNotContain(WRONG);
    }

    @Test
    void anUnknownNameIsCutAndEscapedAndASuccessIsARow() throws Exception {
        String typed = "eve\nsign-in succeeded: user=\"ada\"" + "x".repeat(200);
        signIn(typed, WRONG, "10.9.0.2").andExpect(redirectedUrl("/review/login?error"));
        signIn("ada", TestReviewApplication.PASSWORD, "10.9.0.2")
                .andExpect(redirectedUrl("/review"));
        assertThat(audit.rows()).hasSize(2);
        Row failed = audit.rows().get(0);
        assertThat(failed.event()).isEqualTo("sign_in.failed");
        assertThat(failed.actor())
                .startsWith("eve?sign-in?succeeded??user??ada?")
                .endsWith("...")
                .hasSize(ReviewLimits.USERNAME_MAX + 3)
                .doesNotContain("\n", "\"");
        assertThat(audit.rows().get(1))
                .isEqualTo(new Row("sign_in.succeeded", "ada", "10.9.0.2", "factor=password"));
    }

    @Test
    void thePasskeyEndpointsAreForSignedInReviewersOnly() throws Exception {
        for (String path :
                new String[] {
                    "/webauthn/register/options",
                    "/webauthn/register",
                    "/webauthn/authenticate/options",
                    "/login/webauthn"
                }) {
            // anonymous: a passkey is never a way in on its own
            mvc.perform(post(path).with(csrf()).contentType("application/json").content("{}"))
                    .andExpect(status().isUnauthorized());
            mvc.perform(
                            post(path)
                                    .with(csrf())
                                    .with(user("eve").roles("SOMETHING_ELSE"))
                                    .contentType("application/json")
                                    .content("{}"))
                    .andExpect(status().isForbidden());
            // and never without the CSRF token
            mvc.perform(
                            post(path)
                                    .with(user("mona").roles("MODERATOR"))
                                    .contentType("application/json")
                                    .content("{}"))
                    .andExpect(status().isForbidden());
        }
        String options =
                mvc.perform(
                                post("/webauthn/register/options")
                                        .with(csrf())
                                        .with(user("mona").roles("MODERATOR")))
                        .andExpect(status().isOk())
                        .andReturn()
                        .getResponse()
                        .getContentAsString();
        assertThat(options).contains("\"challenge\"").contains("\"rp\"").contains("localhost");
        assertThat(audit.rows()).isEmpty();
    }
}
