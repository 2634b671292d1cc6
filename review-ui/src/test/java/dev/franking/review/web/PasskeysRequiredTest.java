package dev.franking.review.web;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.franking.review.testapp.TestReviewApplication;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

/**
 * {@code reports.review.passkeys.required=true}: a moderator without a passkey reaches nothing but
 * the page to register one (and its ceremony); everything else sends them there.
 */
@SpringBootTest(
        classes = TestReviewApplication.class,
        properties = "reports.review.passkeys.required=true")
@AutoConfigureMockMvc
class PasskeysRequiredTest {
    @Autowired MockMvc mvc;

    @Test
    void withoutAPasskeyOnlyTheRegistrationIsReachable() throws Exception {
        for (String page : new String[] {"/review", "/review/queue", "/review/admin/audit"}) {
            mvc.perform(get(page).with(user("ada").roles("ADMIN")))
                    .andExpect(redirectedUrl("/review/passkeys?required"));
        }
        mvc.perform(post("/review/cases/x/claim").with(csrf()).with(user("ada").roles("ADMIN")))
                .andExpect(redirectedUrl("/review/passkeys?required"));
        mvc.perform(get("/review/passkeys").param("required", "").with(user("ada").roles("ADMIN")))
                .andExpect(status().isOk())
                .andExpect(
                        content()
                                .string(
                                        Matchers.containsString(
                                                "Register a passkey before you continue")));
        mvc.perform(
                        post("/webauthn/register/options")
                                .with(csrf())
                                .with(user("ada").roles("ADMIN")))
                .andExpect(status().isOk());
        // signing out stays possible
        mvc.perform(post("/review/logout").with(csrf()).with(user("ada").roles("ADMIN")))
                .andExpect(redirectedUrl("/review/login?logout"));
    }
}
