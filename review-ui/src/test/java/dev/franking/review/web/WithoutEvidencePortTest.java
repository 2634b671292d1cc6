package dev.franking.review.web;

import static dev.franking.review.testapp.InMemoryReviewPorts.CASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.franking.review.model.ReviewPorts;
import dev.franking.review.testapp.TestReviewApplication;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The evidence port is optional: without it the review UI works as before, and the evidence routes
 * answer 404.
 */
@SpringBootTest(classes = TestReviewApplication.class, properties = "review-test.evidence=false")
@AutoConfigureMockMvc
class WithoutEvidencePortTest {
    @Autowired MockMvc mvc;

    @Test
    void theUiWorksWithoutTheEvidencePort(@Autowired ApplicationContext context) throws Exception {
        assertThat(context.getBeanNamesForType(ReviewPorts.Evidence.class)).isEmpty();
        String html =
                mvc.perform(get("/review/cases/{id}", CASE).with(user("ada").roles("ADMIN")))
                        .andExpect(status().isOk())
                        .andReturn()
                        .getResponse()
                        .getContentAsString();
        assertThat(html)
                .contains("acct-mallory")
                .doesNotContain("Forwarding and preservation")
                .doesNotContain("/review/admin/destinations")
                .doesNotContain("Place hold");
        mvc.perform(get("/review/admin/destinations").with(user("ada").roles("ADMIN")))
                .andExpect(status().isNotFound());
        mvc.perform(
                        post("/review/cases/{id}/forward", CASE)
                                .with(user("carl").roles("CHILD_SAFETY"))
                                .with(csrf())
                                .param("destinationId", UUID.randomUUID().toString())
                                .param("reason", "r"))
                .andExpect(status().isNotFound());
        mvc.perform(
                        post("/review/cases/{id}/hold", CASE)
                                .with(user("ada").roles("ADMIN"))
                                .with(csrf())
                                .param("reason", "r"))
                .andExpect(status().isNotFound());
        mvc.perform(
                        get("/review/cases/{id}/forwardings/{f}/package", CASE, UUID.randomUUID())
                                .with(user("ada").roles("ADMIN")))
                .andExpect(status().isNotFound());
    }
}
