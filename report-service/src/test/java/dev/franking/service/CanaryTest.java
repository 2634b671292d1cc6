package dev.franking.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.franking.v2.AttachmentDescriptor;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * No plaintext at rest or in logs: a unique string in a message, its comment and its attachment is
 * stamped, reported and uploaded; then neither a dump of every table nor the captured log holds it,
 * plain, base64 (either alphabet, any alignment) or hex.
 */
@ExtendWith(OutputCaptureExtension.class)
class CanaryTest extends ServiceTestBase {

    @Test
    void theCanaryIsNowhere(CapturedOutput output) {
        String canary = "CANARY-" + UUID.randomUUID().toString().replace("-", "");
        String alice = unique("alice"), bob = unique("bob"), conv = unique("conv");
        byte[] attachment =
                ("image bytes around " + canary + " and more").getBytes(StandardCharsets.UTF_8);
        var opening =
                messenger.compose(
                        unique("m"),
                        alice,
                        conv,
                        "message with " + canary + " inside",
                        List.of(AttachmentDescriptor.of("image/png", attachment)));
        var held = messenger.send(opening, bob).get(0);
        String token = TestTokens.token(bob, "report");
        Api.Response r =
                api.post(
                        "/api/v2/reports",
                        token,
                        Messenger.reportJson(
                                "harassment",
                                "comment with " + canary,
                                List.of(Messenger.messageJson(held))));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String id = r.json().get("reportId").asString();
        assertThat(
                        api.put(
                                        "/api/v2/reports/" + id + "/messages/0/attachments/0",
                                        token,
                                        attachment)
                                .status())
                .isEqualTo(204);
        // a rejected report carrying the canary must not leak it either
        var forged = new java.util.HashMap<>(Messenger.messageJson(held));
        forged.put(
                "body",
                dev.franking.v2.B64.encode(("forged " + canary).getBytes(StandardCharsets.UTF_8)));
        assertThat(
                        api.post(
                                        "/api/v2/reports",
                                        token,
                                        Messenger.reportJson("harassment", null, List.of(forged)))
                                .status())
                .isEqualTo(422);

        String dump = dumpEveryTable();
        assertThat(dump).contains(alice); // the dump is real: metadata is there
        List<String> forms = encodings(canary);
        for (String form : forms) {
            assertThat(dump).as("table dump, form " + form).doesNotContain(form);
            assertThat(output.getAll()).as("log, form " + form).doesNotContain(form);
        }
        assertThat(output.getAll())
                .doesNotContain(
                        dev.franking.v2.B64.encode(
                                opening.frankingKey()
                                        .toBytes(dev.franking.v2.InsecureSecretAccess.get())));
        assertThat(dump)
                .doesNotContain(
                        HexFormat.of()
                                .formatHex(
                                        opening.frankingKey()
                                                .toBytes(
                                                        dev.franking.v2.InsecureSecretAccess
                                                                .get())));
    }

    @Test
    void theSearchFindsTheCanaryInEveryEncodingItLooksFor() {
        String canary = "CANARY-0123456789abcdef";
        for (String prefix : List.of("", "x", "xy", "xyz")) {
            byte[] text = (prefix + canary + " tail").getBytes(StandardCharsets.UTF_8);
            for (String encoded :
                    List.of(
                            Base64.getEncoder().encodeToString(text),
                            Base64.getUrlEncoder().encodeToString(text),
                            HexFormat.of().formatHex(text))) {
                assertThat(encodings(canary))
                        .as("prefix '" + prefix + "'")
                        .anyMatch(encoded::contains);
            }
        }
    }

    /** Every value of every table, bytea as hex, base64 and lossy UTF-8. */
    private String dumpEveryTable() {
        StringBuilder sb = new StringBuilder();
        for (String table : TableCounts.of(jdbc).keySet()) {
            for (Map<String, Object> row : jdbc.queryForList("SELECT * FROM \"" + table + "\"")) {
                for (Object v : row.values()) {
                    if (v instanceof byte[] b) {
                        sb.append(HexFormat.of().formatHex(b))
                                .append(' ')
                                .append(Base64.getEncoder().encodeToString(b))
                                .append(' ')
                                .append(Base64.getUrlEncoder().encodeToString(b))
                                .append(' ')
                                .append(new String(b, StandardCharsets.UTF_8))
                                .append(' ');
                    } else {
                        sb.append(v).append(' ');
                    }
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    /** The canary plain, in hex (both cases) and in base64 at each of the three alignments. */
    static List<String> encodings(String canary) {
        byte[] c = canary.getBytes(StandardCharsets.UTF_8);
        List<String> out =
                new java.util.ArrayList<>(
                        List.of(
                                canary,
                                HexFormat.of().formatHex(c),
                                HexFormat.of().withUpperCase().formatHex(c)));
        for (int k = 0; k < 3; k++) {
            byte[] shifted = new byte[k + c.length];
            System.arraycopy(c, 0, shifted, k, c.length);
            for (Base64.Encoder enc : List.of(Base64.getEncoder(), Base64.getUrlEncoder())) {
                String s = enc.withoutPadding().encodeToString(shifted);
                // drop the characters that mix in the prefix and those that depend on what follows
                int skip = k == 0 ? 0 : (k * 8 + 5) / 6;
                out.add(s.substring(skip, s.length() - 4));
            }
        }
        return out;
    }
}
