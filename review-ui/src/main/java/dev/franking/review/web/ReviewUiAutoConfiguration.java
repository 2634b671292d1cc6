package dev.franking.review.web;

import dev.franking.review.model.ReviewPorts;
import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Switches the review UI on in the application that provides its ports (the report service): the
 * controllers under {@code /review}, their security chain and helpers. No component scan of this
 * package is needed; without the five port beans the UI stays off (and {@code /review/**} falls to
 * the application's own chains). The sixth port, {@link ReviewPorts.Evidence}, is optional: without
 * it the evidence section, its routes and the destinations page are off (404).
 */
@AutoConfiguration(before = ServletWebSecurityAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBean({
    ReviewPorts.Queue.class,
    ReviewPorts.Cases.class,
    ReviewPorts.Actions.class,
    ReviewPorts.Audit.class,
    ReviewPorts.Dashboard.class
})
@Import({
    ReviewSecurityConfig.class,
    LoginController.class,
    QueueController.class,
    CaseController.class,
    EvidenceController.class,
    AuditController.class,
    DashboardController.class,
    InboxController.class,
    AppealsController.class,
    TemplatesController.class,
    BulkController.class,
    PasskeysController.class,
    SecondFactorController.class,
    AccountController.class,
    ModeratorsController.class,
    HoldsController.class,
    AttachmentController.class,
    WellnessController.class
})
public class ReviewUiAutoConfiguration {

    @Bean
    ReviewFormat reviewFormat(MessageSource messageSource) {
        return new ReviewFormat(messageSource);
    }

    @Bean
    WebMvcConfigurer reviewWebMvcConfigurer() {
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new ReviewerArgumentResolver());
            }
        };
    }
}
