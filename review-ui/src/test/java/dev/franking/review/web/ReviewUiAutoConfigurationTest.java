package dev.franking.review.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.server.Cookie.SameSite;
import org.springframework.mock.env.MockEnvironment;

class ReviewUiAutoConfigurationTest {

    @Test
    void staysOffWithoutThePorts() {
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ReviewUiAutoConfiguration.class))
                .run(
                        context ->
                                assertThat(context)
                                        .hasNotFailed()
                                        .doesNotHaveBean(QueueController.class)
                                        .doesNotHaveBean(ReviewSecurityConfig.class));
    }

    @Test
    void theSessionCookieIsSameSiteStrict() {
        var supplier =
                new ReviewSecurityConfig().reviewSessionCookieSameSite(new MockEnvironment());
        assertThat(supplier.getSameSite(new Cookie("JSESSIONID", "x"))).isEqualTo(SameSite.STRICT);
        assertThat(supplier.getSameSite(new Cookie("other", "x"))).isNull();
        var renamed =
                new ReviewSecurityConfig()
                        .reviewSessionCookieSameSite(
                                new MockEnvironment()
                                        .withProperty(
                                                "server.servlet.session.cookie.name", "REVIEW"));
        assertThat(renamed.getSameSite(new Cookie("REVIEW", "x"))).isEqualTo(SameSite.STRICT);
    }
}
