package dev.franking.service.forwarding.destinations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.franking.service.OutboundHttp;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.web.client.RestClient;

/**
 * Every kind of destination checks its URL as {@link DestinationUrls} parses it, with the service's
 * {@code allow-loopback-http} setting: a webhook as a CyberTipline client (issue 13 item 5). The
 * URL is checked when the client is built, so a row stored before the rules, or one built by hand,
 * sends nothing to a look-alike host.
 */
class DestinationKindsUrlTest {
    private static final Clock CLOCK = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);
    private static final byte[] SECRET =
            "0123456789abcdef0123456789abcdef-kinds".getBytes(StandardCharsets.UTF_8);
    private static final RestClient HTTP = OutboundHttp.standalone();

    private static void eachKind(String url, boolean allowLoopbackHttp, Consumer<Runnable> check) {
        URI u = URI.create(url);
        check.accept(() -> new WebhookDestination(u, SECRET, CLOCK, HTTP, allowLoopbackHttp));
        check.accept(() -> new CyberTiplineClient(u, "esp", "pw", HTTP, allowLoopbackHttp));
    }

    private static boolean parses(String url) {
        try {
            URI.create(url);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://127.0.0.1.attacker.example/",
                "http://localhost/",
                "http://127.1/",
                "http://[::1]@evil/",
                "http://127.0.0.1@evil.example/",
                "https://user:pw@host/",
                "https://report.cybertip.org@attacker.example/",
                "ftp://partner.example/",
            })
    void lookAlikeHostsAndUserInfoAreRefusedByEveryKindEvenWithLoopbackAllowed(String url) {
        for (boolean allowed : new boolean[] {true, false}) {
            // refused when a destination is added
            assertThat(DestinationUrls.problem(url, allowed)).as(url).isPresent();
            if (!parses(url)) {
                // java.net.URI refuses it too (http://[::1]@evil/): no client can be built for it
                continue;
            }
            // and by the client itself, for a row stored before the rules
            eachKind(
                    url,
                    allowed,
                    build ->
                            assertThatThrownBy(build::run)
                                    .as(url)
                                    .isInstanceOf(IllegalArgumentException.class)
                                    .hasMessageStartingWith("not a usable destination URL: ")
                                    // the URL may hold credentials: never echoed
                                    .hasMessageNotContaining("pw")
                                    .hasMessageNotContaining("attacker"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:9/ispws", "http://[::1]:9/hook"})
    void plainHttpToALiteralLoopbackAddressOnlyWhenTheSettingAllowsIt(String url) {
        eachKind(url, true, build -> build.run());
        eachKind(
                url,
                false,
                build ->
                        assertThatThrownBy(build::run)
                                .isInstanceOf(IllegalArgumentException.class)
                                .hasMessageContaining("https is required"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://report.cybertip.org/ispws", "https://partner.example/hook"})
    void httpsIsAcceptedByEveryKind(String url) {
        eachKind(url, false, build -> build.run());
        assertThat(DestinationUrls.acceptable(url, false)).isTrue();
    }
}
