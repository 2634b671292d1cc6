package dev.franking.review.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Role;
import dev.franking.review.testapp.InMemoryModeratorAdmin;
import dev.franking.review.testapp.InMemoryReviewPorts;
import dev.franking.review.testapp.TestReviewApplication;
import java.util.EnumSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * The back office's pages without a browser: a session whose roles changed since sign-in ends (so a
 * demoted admin is no admin on their next click), a one-time password travels only as a flash
 * attribute (never in the redirect's URL), an unknown role is a 400 that changes nothing, and a
 * refused change comes back as its message.
 */
@SpringBootTest(classes = TestReviewApplication.class)
@AutoConfigureMockMvc
class BackOfficePagesTest {
    @Autowired MockMvc mvc;
    @Autowired InMemoryReviewPorts ports;
    @Autowired InMemoryModeratorAdmin accounts;

    static final Reviewer ADA = new Reviewer("ada", EnumSet.of(Role.ADMIN));

    @BeforeEach
    void reset() {
        ports.reset();
    }

    @Test
    void aSessionWhoseRolesChangedEndsAtItsNextRequest() throws Exception {
        mvc.perform(get("/review/queue").with(user("mona").roles("MODERATOR")))
                .andExpect(status().isOk());
        accounts.setRoles("mona", 0, EnumSet.of(Role.CHILD_SAFETY), "trained", ADA);
        mvc.perform(get("/review/queue").with(user("mona").roles("MODERATOR")))
                .andExpect(status().isFound())
                .andExpect(redirectedUrl("/review/login?ended"));
        // the same account signed in with its new roles works
        mvc.perform(get("/review/queue").with(user("mona").roles("CHILD_SAFETY")))
                .andExpect(status().isOk());
        // an admin demoted meanwhile is refused the admin page: signed out, not shown it
        accounts.create("ida", EnumSet.of(Role.ADMIN), "deputy", ADA);
        accounts.setRoles("ida", 0, EnumSet.of(Role.MODERATOR), "steps down", ADA);
        mvc.perform(get("/review/admin/moderators").with(user("ida").roles("ADMIN")))
                .andExpect(redirectedUrl("/review/login?ended"));
    }

    /** Signs in with the password form, as a browser does; the session it made. */
    private MockHttpSession signIn(String username, String password) throws Exception {
        MvcResult r =
                mvc.perform(formLogin(ReviewSecurityConfig.LOGIN).user(username).password(password))
                        .andExpect(redirectedUrl("/review"))
                        .andReturn();
        return (MockHttpSession) r.getRequest().getSession(false);
    }

    private void works(MockHttpSession session, String path) throws Exception {
        mvc.perform(get(path).session(session)).andExpect(status().isOk());
    }

    private void ended(MockHttpSession session) throws Exception {
        mvc.perform(get("/review/queue").session(session))
                .andExpect(redirectedUrl(AccountCheck.ENDED));
        assertThat(session.isInvalid()).isTrue();
    }

    private String reset(MockHttpSession by, String username) throws Exception {
        long version =
                accounts.list().stream()
                        .filter(a -> a.username().equals(username))
                        .findFirst()
                        .orElseThrow()
                        .version();
        MvcResult r =
                mvc.perform(
                                post("/review/admin/moderators/{u}/password", username)
                                        .session(by)
                                        .with(csrf())
                                        .param("version", Long.toString(version))
                                        .param("reason", "password seen over a shoulder"))
                        .andExpect(redirectedUrl("/review/admin/moderators"))
                        .andExpect(
                                flash().attribute(
                                                "flash", Flash.ok("flash.account-password-reset")))
                        .andReturn();
        return ((ModeratorsController.OneTimePassword) r.getFlashMap().get("oneTimePassword"))
                .password();
    }

    @Test
    void aPasswordResetEndsTheAccountsOtherSessionsButNotTheResettingAdmins() throws Exception {
        String pw = TestReviewApplication.PASSWORD;
        MockHttpSession mona1 = signIn("mona", pw), mona2 = signIn("mona", pw);
        MockHttpSession ada1 = signIn("ada", pw), ada2 = signIn("ada", pw);
        works(mona1, "/review/queue");
        works(mona2, "/review/queue");

        // an admin resets mona's password: both of mona's sessions end at their next request
        String monas = reset(ada1, "mona");
        ended(mona1);
        ended(mona2);
        works(ada1, "/review/admin/moderators");
        works(ada2, "/review/admin/moderators");
        // the old password no longer signs in; the new one does, and that session works
        mvc.perform(formLogin(ReviewSecurityConfig.LOGIN).user("mona").password(pw))
                .andExpect(redirectedUrl(ReviewSecurityConfig.LOGIN + "?error"));
        works(signIn("mona", monas), "/review/queue");

        // an admin resets their own password: their other session ends, this one stays
        String adas = reset(ada1, "ada");
        works(ada1, "/review/admin/moderators");
        works(ada1, "/review/queue");
        ended(ada2);
        works(signIn("ada", adas), "/review/admin/moderators");
        assertThat(accounts.changes)
                .containsExactly(
                        "password mona by ada: password seen over a shoulder",
                        "password ada by ada: password seen over a shoulder");
    }

    @Test
    void aSessionSignedInBeforeAResetEndsEvenIfItsFirstRequestComesAfter() throws Exception {
        // the version is read at sign-in, not at the session's first request
        MockHttpSession mona = signIn("mona", TestReviewApplication.PASSWORD);
        accounts.resetPassword("mona", 0, "lost laptop", ADA);
        ended(mona);
    }

    @Test
    void theOneTimePasswordTravelsAsAFlashAttributeNeverInTheUrl() throws Exception {
        MvcResult r =
                mvc.perform(
                                post("/review/admin/moderators")
                                        .with(user("ada").roles("ADMIN"))
                                        .with(csrf())
                                        .param("username", "nina")
                                        .param("roles", "moderator", "child_safety")
                                        .param("reason", "new hire"))
                        .andExpect(redirectedUrl("/review/admin/moderators"))
                        .andReturn();
        ModeratorsController.OneTimePassword otp =
                (ModeratorsController.OneTimePassword) r.getFlashMap().get("oneTimePassword");
        assertThat(otp.username()).isEqualTo("nina");
        assertThat(otp.password()).isNotBlank();
        assertThat(otp.toString()).doesNotContain(otp.password());
        assertThat(accounts.activeRoles("nina"))
                .contains(EnumSet.of(Role.MODERATOR, Role.CHILD_SAFETY));
        // the page after the redirect shows it; a later one does not
        String page =
                mvc.perform(
                                get("/review/admin/moderators")
                                        .with(user("ada").roles("ADMIN"))
                                        .flashAttrs(r.getFlashMap()))
                        .andReturn()
                        .getResponse()
                        .getContentAsString();
        assertThat(page).contains(otp.password()).contains("id=\"new-password\"");
        assertThat(
                        mvc.perform(
                                        get("/review/admin/moderators")
                                                .with(user("ada").roles("ADMIN")))
                                .andReturn()
                                .getResponse()
                                .getContentAsString())
                .doesNotContain(otp.password());
    }

    @Test
    void anUnknownRoleIsABadRequestAndARefusalIsItsMessage() throws Exception {
        mvc.perform(
                        post("/review/admin/moderators")
                                .with(user("ada").roles("ADMIN"))
                                .with(csrf())
                                .param("username", "nina")
                                .param("roles", "superuser")
                                .param("reason", "new hire"))
                .andExpect(status().isBadRequest());
        assertThat(accounts.activeRoles("nina")).isEmpty();

        MvcResult r =
                mvc.perform(
                                post("/review/admin/moderators/ada/disable")
                                        .with(user("ada").roles("ADMIN"))
                                        .with(csrf())
                                        .param("version", "0")
                                        .param("reason", "leaving"))
                        .andExpect(redirectedUrl("/review/admin/moderators"))
                        .andReturn();
        assertThat(r.getFlashMap().get(Flash.ATTRIBUTE))
                .isEqualTo(Flash.error("refused.last-admin"));
        assertThat(accounts.activeRoles("ada")).contains(EnumSet.of(Role.ADMIN));
        assertThat(accounts.changes).isEmpty();
    }
}
