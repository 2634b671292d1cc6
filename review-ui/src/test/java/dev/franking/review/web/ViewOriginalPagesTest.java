package dev.franking.review.web;

import static dev.franking.review.testapp.InMemoryReviewPorts.CASE;
import static dev.franking.review.testapp.InMemoryReviewPorts.ITEM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Role;
import dev.franking.review.model.Views.ModeratorSettings;
import dev.franking.review.testapp.InMemoryReviewPorts;
import dev.franking.review.testapp.InMemoryWellness;
import dev.franking.review.testapp.TestReviewApplication;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.EnumSet;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.AutowireCapableBeanFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.ui.ExtendedModelMap;
import org.springframework.web.servlet.mvc.support.RedirectAttributesModelMap;

/**
 * Issue 13 item 3 and issue 14's wellness through MockMvc: "view original" is a POST the port
 * audits, then a page served from a short-lived grant (a refresh writes nothing), greyscale first
 * and colour as a second audited step; grants are personal; settings with their version; counts.
 */
@SpringBootTest(classes = TestReviewApplication.class)
@AutoConfigureMockMvc
class ViewOriginalPagesTest {
    static final RequestPostProcessor MONA = user("mona").roles("MODERATOR");
    static final RequestPostProcessor ADA = user("ada").roles("ADMIN");
    static final String BASE = "/review/cases/" + CASE + "/items/" + ITEM + "/attachments/0";

    @Autowired MockMvc mvc;
    @Autowired InMemoryReviewPorts ports;
    @Autowired InMemoryWellness wellness;
    @Autowired AutowireCapableBeanFactory beans;

    @BeforeEach
    void reset() {
        ports.reset();
    }

    private String viewOriginal(RequestPostProcessor who) throws Exception {
        String to =
                mvc.perform(post(BASE + "/original").with(who).with(csrf()))
                        .andExpect(status().is3xxRedirection())
                        .andReturn()
                        .getResponse()
                        .getRedirectedUrl();
        assertThat(to).startsWith(BASE + "/original?grant=");
        return to.substring(to.indexOf("grant=") + 6);
    }

    private static boolean grey(byte[] png) throws Exception {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int p = img.getRGB(x, y);
                int r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;
                if (r != g || g != b) {
                    return false;
                }
            }
        }
        return true;
    }

    @Test
    void viewOriginalIsOneAuditedPostAndARefreshWritesNothing() throws Exception {
        String grant = viewOriginal(MONA);
        assertThat(ports.attachmentReveals)
                .containsExactly(new InMemoryReviewPorts.Reveal(CASE, ITEM, "mona"));
        for (int refresh = 0; refresh < 3; refresh++) {
            mvc.perform(get(BASE + "/original").param("grant", grant).with(MONA))
                    .andExpect(status().isOk())
                    .andExpect(content().string(containsString("/original/image?grant=" + grant)))
                    .andExpect(content().string(containsString("Show in colour")));
            byte[] shown =
                    mvc.perform(get(BASE + "/original/image").param("grant", grant).with(MONA))
                            .andExpect(status().isOk())
                            .andExpect(header().string("Content-Type", "image/png"))
                            .andExpect(header().string("Cache-Control", containsString("no-store")))
                            .andReturn()
                            .getResponse()
                            .getContentAsByteArray();
            // step one: unblurred but greyscale, a rendering, not the original bytes
            assertThat(shown).isNotEqualTo(InMemoryReviewPorts.PNG);
            assertThat(grey(shown)).isTrue();
        }
        assertThat(ports.attachmentReveals).as("refreshes write no second row").hasSize(1);
        // the original file is not offered before the colour step
        mvc.perform(get(BASE + "/original/file").param("grant", grant).with(MONA))
                .andExpect(status().isNotFound());

        // step two: colour, its own audited POST, then the original bytes
        mvc.perform(post(BASE + "/original/colour").param("grant", grant).with(MONA).with(csrf()))
                .andExpect(redirectedUrl(BASE + "/original?grant=" + grant));
        assertThat(ports.attachmentReveals).hasSize(2);
        mvc.perform(get(BASE + "/original").param("grant", grant).with(MONA))
                .andExpect(status().isOk())
                .andExpect(content().string(not(containsString("Show in colour"))));
        mvc.perform(get(BASE + "/original/image").param("grant", grant).with(MONA))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", "image/png"))
                .andExpect(header().string("X-Content-Type-Options", "nosniff"))
                .andExpect(content().bytes(InMemoryReviewPorts.PNG));
        assertThat(ports.attachmentReveals).hasSize(2);
    }

    @Test
    void aGrantIsPersonalAndAMissingOneShowsNothing() throws Exception {
        String grant = viewOriginal(MONA);
        RequestPostProcessor carl = user("carl").roles("CHILD_SAFETY");
        mvc.perform(get(BASE + "/original").param("grant", grant).with(carl))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("This view of the original has ended")))
                .andExpect(content().string(not(containsString("/original/image"))));
        mvc.perform(get(BASE + "/original/image").param("grant", grant).with(carl))
                .andExpect(status().isNotFound());
        mvc.perform(get(BASE + "/original/image").param("grant", "made-up").with(MONA))
                .andExpect(status().isNotFound());
        mvc.perform(get(BASE + "/original").with(MONA))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("View the original again")));
        // without CSRF the POST is refused and nothing is audited
        mvc.perform(post(BASE + "/original").with(MONA)).andExpect(status().isForbidden());
        assertThat(ports.attachmentReveals).hasSize(1);
        // an attachment that does not exist: 404, nothing audited
        mvc.perform(
                        post("/review/cases/{id}/items/{item}/attachments/7/original", CASE, ITEM)
                                .with(MONA)
                                .with(csrf()))
                .andExpect(status().isNotFound());
        assertThat(ports.attachmentReveals).hasSize(1);
    }

    /**
     * Several instances behind a load balancer: the view made on this one is shown by another that
     * never saw the POST (a controller of its own over the same port, as instances share only the
     * database), with no second row; the hold is nowhere but in the port's audit record.
     */
    @Test
    void aHoldIsHonouredByAnotherInstanceThatNeverSawThePost() throws Exception {
        String grant = viewOriginal(MONA);
        AttachmentController other = new AttachmentController(ports);
        beans.autowireBean(other);
        Reviewer mona = new Reviewer("mona", EnumSet.of(Role.MODERATOR));
        ExtendedModelMap model = new ExtendedModelMap();
        assertThat(other.originalPage(CASE, ITEM, 0, grant, mona, model))
                .isEqualTo("review/original");
        assertThat(model.getAttribute("grant")).isEqualTo(grant);
        assertThat(model.getAttribute("colour")).isEqualTo(false);
        byte[] shown = other.originalImage(CASE, ITEM, 0, grant, mona).getBody();
        assertThat(grey(shown)).isTrue();
        // the colour step on this instance, then the original bytes on the first one
        RedirectAttributesModelMap ra = new RedirectAttributesModelMap();
        assertThat(other.colour(CASE, ITEM, 0, grant, mona, ra))
                .isEqualTo("redirect:" + BASE + "/original?grant=" + grant);
        mvc.perform(get(BASE + "/original/image").param("grant", grant).with(MONA))
                .andExpect(content().bytes(InMemoryReviewPorts.PNG));
        assertThat(ports.attachmentReveals).as("the view and its colour step").hasSize(2);
        // still personal there too
        Reviewer carl = new Reviewer("carl", EnumSet.of(Role.CHILD_SAFETY));
        ExtendedModelMap carls = new ExtendedModelMap();
        other.originalPage(CASE, ITEM, 0, grant, carl, carls);
        assertThat(carls.getAttribute("grant")).isNull();
    }

    @Test
    void withoutGreyscaleViewOriginalIsColourAtOnce() throws Exception {
        Reviewer mona = new Reviewer("mona", EnumSet.of(Role.MODERATOR));
        wellness.saveSettings(new ModeratorSettings(2, false, false, null), mona);
        String grant = viewOriginal(MONA);
        mvc.perform(get(BASE + "/original").param("grant", grant).with(MONA))
                .andExpect(content().string(not(containsString("Show in colour"))));
        mvc.perform(get(BASE + "/original/image").param("grant", grant).with(MONA))
                .andExpect(content().bytes(InMemoryReviewPorts.PNG));
        assertThat(ports.attachmentReveals).hasSize(1);
        // the preview is blurred in colour for her
        byte[] preview =
                mvc.perform(get(BASE + "/preview").with(MONA))
                        .andReturn()
                        .getResponse()
                        .getContentAsByteArray();
        assertThat(grey(preview)).isFalse();
    }

    @Test
    void settingsAreSavedWithTheirVersionAndAStaleSaveIsRefused() throws Exception {
        mvc.perform(get("/review/settings").with(MONA))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"blurStrength\"")))
                .andExpect(content().string(containsString("0 content views today")));
        mvc.perform(
                        post("/review/settings")
                                .param("blurStrength", "5")
                                .param("greyscale", "true")
                                .with(MONA)
                                .with(csrf()))
                .andExpect(redirectedUrl("/review/settings"))
                .andExpect(flash().attribute("flash", Flash.ok("flash.settings-saved")));
        Reviewer mona = new Reviewer("mona", EnumSet.of(Role.MODERATOR));
        assertThat(wellness.settings(mona)).isEqualTo(new ModeratorSettings(5, true, false, 0L));
        // a second page still showing "never saved" is refused rather than overwriting
        mvc.perform(post("/review/settings").param("blurStrength", "1").with(MONA).with(csrf()))
                .andExpect(flash().attribute("flash", Flash.error("refused.settings-stale")));
        assertThat(wellness.settings(mona).blurStrength()).isEqualTo(5);
        mvc.perform(
                        post("/review/settings")
                                .param("blurStrength", "9")
                                .param("version", "0")
                                .with(MONA)
                                .with(csrf()))
                .andExpect(status().isBadRequest());
        mvc.perform(post("/review/settings").param("blurStrength", "x").with(MONA).with(csrf()))
                .andExpect(status().isBadRequest());
    }

    @Test
    void countsAreShownToTheModeratorAndToAdminsWithABreakAboveTheLimit() throws Exception {
        for (int i = 0; i <= InMemoryWellness.SOFT_LIMIT; i++) {
            viewOriginal(MONA);
        }
        mvc.perform(get("/review/queue").with(MONA))
                .andExpect(
                        content()
                                .string(
                                        containsString(
                                                "Content views today: "
                                                        + (InMemoryWellness.SOFT_LIMIT + 1))))
                .andExpect(content().string(containsString("Consider taking a break")));
        mvc.perform(get("/review/admin/wellness").with(MONA)).andExpect(status().isForbidden());
        mvc.perform(get("/review/admin/wellness").with(ADA))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("data-moderator=\"mona\"")))
                .andExpect(content().string(containsString("Over the limit")));
    }
}
