package dev.franking.service.forwarding.destinations;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DestinationUrlsTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://report.cybertip.org/ispws",
                "https://exttest.cybertip.org:8443/ispws?x=1",
                "HTTPS://partner.example/hook",
                "Https://partner.example/hook",
                "https://xn--bcher-kva.example/hook",
                "https://partner.example./hook",
                "https://[2001:db8::1]/hook",
            })
    void httpsToAHostIsAlwaysAccepted(String url) {
        assertThat(DestinationUrls.problem(url, false)).as(url).isEmpty();
        assertThat(DestinationUrls.problem(url, true)).as(url).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://127.0.0.1/",
                "http://127.0.0.1:8080/ispws",
                "http://127.255.0.9/hook",
                "http://[::1]/",
                "http://[::1]:9000/hook",
                "http://[0:0:0:0:0:0:0:1]/hook",
                "HTTP://127.0.0.1/hook",
            })
    void plainHttpToALiteralLoopbackAddressOnlyWhenAllowed(String url) {
        assertThat(DestinationUrls.problem(url, true)).as(url).isEmpty();
        assertThat(DestinationUrls.problem(url, false))
                .as(url)
                .hasValueSatisfying(p -> assertThat(p).contains("https is required"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                // look-alike hosts that a prefix check takes for loopback
                "http://127.0.0.1.attacker.example/",
                "http://127.0.0.1.attacker.example:80/ispws",
                "http://localhost.attacker.example",
                "http://localhost/",
                "http://LOCALHOST/",
                "http://localhost./",
                "http://127.0.0.1./",
                // short, numeric and octal forms some resolvers read as 127.0.0.1
                "http://127.1/",
                "http://127.0.1/",
                "http://2130706433/",
                "http://0x7f000001/",
                "http://0x7f.0.0.1/",
                "http://0177.0.0.1/",
                "http://127.000.000.001/",
                "http://127.0.0.256/",
                // not loopback at all
                "http://10.0.0.1/",
                "http://0.0.0.0/",
                "http://[::]/",
                "http://[::ffff:127.0.0.1]/",
                "http://[fe80::1]/",
                "http://partner.example/hook",
            })
    void plainHttpToAnythingButALiteralLoopbackAddressIsRefusedEvenWhenAllowed(String url) {
        assertThat(DestinationUrls.problem(url, true)).as(url).isPresent();
        assertThat(DestinationUrls.problem(url, false)).as(url).isPresent();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://user:pw@host/",
                "https://user@host/",
                "https://report.cybertip.org@attacker.example/",
                "http://user:pw@127.0.0.1/",
                "https://:@host/",
                "http://127.0.0.1@evil.example/",
            })
    void userInfoIsRefused(String url) {
        assertThat(DestinationUrls.problem(url, true))
                .as(url)
                .hasValueSatisfying(p -> assertThat(p).contains("user info"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                " ",
                "report.cybertip.org/ispws",
                "//report.cybertip.org/ispws",
                "ftp://report.cybertip.org/",
                "file:///etc/passwd",
                "javascript:alert(1)",
                "mailto:ops@example.org",
                "https:///nohost",
                "https://bücher.example/",
                "http://127.0.0.1。attacker.example/",
                "https://host name/",
                "https://host/\n",
                "https://host:99999999999/",
                // user info that is not even valid as such (brackets): not a URL at all
                "http://[::1]@evil/",
            })
    void anythingElseIsRefused(String url) {
        assertThat(DestinationUrls.problem(url, true)).as(url).isPresent();
    }

    @org.junit.jupiter.api.Test
    void noUrlIsRefused() {
        assertThat(DestinationUrls.acceptable(null, true)).isFalse();
    }
}
