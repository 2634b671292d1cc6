package dev.franking.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class CliTest {
    private static String b64(String s) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theReporterIsTheTokensSubject() {
        String jwt =
                b64("{\"alg\":\"RS256\"}")
                        + "."
                        + b64("{\"sub\":\"bob\",\"scope\":\"report\"}")
                        + ".sig";
        assertThat(Cli.subjectOf(jwt)).isEqualTo("bob");
        assertThatThrownBy(() -> Cli.subjectOf("not-a-jwt"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(
                        () ->
                                Cli.subjectOf(
                                        b64("{}") + "." + b64("{\"scope\":\"report\"}") + ".sig"))
                .hasMessageContaining("no subject");
    }

    @Test
    void badArgumentsPrintUsage() {
        assertThat(Cli.run(new String[0])).isEqualTo(64);
        assertThat(Cli.run(new String[] {"roundtrip", "--url"})).isEqualTo(64);
    }
}
