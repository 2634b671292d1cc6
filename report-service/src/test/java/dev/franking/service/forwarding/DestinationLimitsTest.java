package dev.franking.service.forwarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.franking.review.model.ReviewPorts.ActionRefused;
import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Role;
import dev.franking.review.web.ReviewLimits;
import dev.franking.service.ServiceTestBase;
import java.util.EnumSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A destination takes what its form takes: a URL of up to {@link ReviewLimits#DESTINATION_URL_MAX}
 * characters is stored (a 600-character one used to fail in the INSERT against varchar(500)), and a
 * longer one, or an over-long name, username or secret, is refused before anything is written.
 */
class DestinationLimitsTest extends ServiceTestBase {
    static final Reviewer ADMIN = new Reviewer("limits-admin", EnumSet.of(Role.ADMIN));

    @Autowired ForwardingService forwarding;

    private static String url(int length) {
        String prefix = "https://partner.example/";
        return prefix + "a".repeat(length - prefix.length());
    }

    @Test
    void aUrlAsLongAsTheFormTakesIsStored() {
        String url = url(ReviewLimits.DESTINATION_URL_MAX);
        UUID id =
                forwarding.addDestination(
                        unique("long-url"),
                        ForwardingService.Kind.CYBERTIPLINE,
                        url,
                        "u".repeat(ReviewLimits.DESTINATION_USERNAME_MAX),
                        "secret",
                        ADMIN);
        assertThat(forwarding.destinationsIncludingDisabled())
                .anySatisfy(
                        d -> {
                            assertThat(d.id()).isEqualTo(id);
                            assertThat(d.url()).isEqualTo(url);
                        });
    }

    @Test
    void longerTextsAreRefusedNotFailed() {
        long before = jdbc.queryForObject("SELECT count(*) FROM destinations", Long.class);
        assertThatThrownBy(
                        () ->
                                forwarding.addDestination(
                                        unique("too-long-url"),
                                        ForwardingService.Kind.CYBERTIPLINE,
                                        url(ReviewLimits.DESTINATION_URL_MAX + 1),
                                        null,
                                        null,
                                        ADMIN))
                .isInstanceOf(ActionRefused.class);
        assertThatThrownBy(
                        () ->
                                forwarding.addDestination(
                                        "n".repeat(ReviewLimits.DESTINATION_NAME_MAX + 1),
                                        ForwardingService.Kind.DOWNLOAD,
                                        null,
                                        null,
                                        null,
                                        ADMIN))
                .isInstanceOf(ActionRefused.class);
        assertThatThrownBy(
                        () ->
                                forwarding.addDestination(
                                        unique("too-long-user"),
                                        ForwardingService.Kind.CYBERTIPLINE,
                                        url(100),
                                        "u".repeat(ReviewLimits.DESTINATION_USERNAME_MAX + 1),
                                        null,
                                        ADMIN))
                .isInstanceOf(ActionRefused.class);
        assertThatThrownBy(
                        () ->
                                forwarding.addDestination(
                                        unique("too-long-secret"),
                                        ForwardingService.Kind.WEBHOOK,
                                        url(100),
                                        null,
                                        "s".repeat(ReviewLimits.DESTINATION_SECRET_MAX + 1),
                                        ADMIN))
                .isInstanceOf(ActionRefused.class);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM destinations", Long.class))
                .isEqualTo(before);
    }
}
