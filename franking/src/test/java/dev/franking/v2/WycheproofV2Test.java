package dev.franking.v2;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every case of the Wycheproof HMAC-SHA256, HKDF-SHA256 and AES-GCM files, run through v2's own
 * primitives: {@link HmacSha256} (one-shot, and with the key's state prepared and a prefix of the
 * message absorbed in advance, as stamps use it), {@link Hkdf} and {@link Aes}. Each test collects
 * every failing case (file and tcId) and fails once at the end with the full list, so one run shows
 * every broken vector. Each file must also run at least one case, so the test cannot pass
 * vacuously.
 */
class WycheproofV2Test {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HexFormat HEX = HexFormat.of();

    /** Failures and case counts of one vector file. */
    private static final class Run {
        final String file;
        final List<String> failures = new ArrayList<>();
        int cases;
        int expected;

        Run(String file) {
            this.file = file;
        }

        void fail(JsonNode tc, String why) {
            failures.add(
                    file
                            + " tcId "
                            + tc.get("tcId").asInt()
                            + " ("
                            + tc.get("result").asString()
                            + ", "
                            + tc.get("comment").asString()
                            + "): "
                            + why);
        }

        void finish() {
            assertThat(cases).as("cases run from %s", file).isPositive();
            assertThat(cases).as("cases run from %s vs numberOfTests", file).isEqualTo(expected);
            assertThat(failures)
                    .as("failing Wycheproof cases of %s (%d of %d)", file, failures.size(), cases)
                    .isEmpty();
        }
    }

    private static JsonNode load(String file) throws IOException {
        try (InputStream in = WycheproofV2Test.class.getResourceAsStream("/wycheproof/" + file)) {
            assertThat(in).as("resource /wycheproof/%s", file).isNotNull();
            return JSON.readTree(in);
        }
    }

    private static byte[] hex(JsonNode tc, String field) {
        return HEX.parseHex(tc.get(field).asString());
    }

    @Test
    void hmacSha256() throws IOException {
        Run run = new Run("hmac_sha256_test.json");
        JsonNode root = load(run.file);
        run.expected = root.get("numberOfTests").asInt();
        for (JsonNode group : root.get("testGroups")) {
            int tagBytes = group.get("tagSize").asInt() / 8;
            for (JsonNode tc : group.get("tests")) {
                run.cases++;
                String result = tc.get("result").asString();
                byte[] tag = hex(tc, "tag");
                try {
                    byte[] key = hex(tc, "key");
                    byte[] msg = hex(tc, "msg");
                    byte[] full = HmacSha256.mac(key, msg, 0, msg.length);
                    // the prepared form, with a prefix of the message absorbed in advance
                    int split = tc.get("tcId").asInt() % (msg.length + 1);
                    byte[] prepared =
                            new HmacSha256(key, Arrays.copyOf(msg, split))
                                    .mac(Arrays.copyOfRange(msg, split, msg.length));
                    if (!Arrays.equals(full, prepared)) {
                        run.fail(tc, "the prepared and one-shot HMAC differ");
                    }
                    // truncated tag sizes: the tag is the prefix of the full HMAC-SHA256 output
                    boolean matches =
                            tag.length == tagBytes
                                    && Bytes.constantTimeEquals(Arrays.copyOf(full, tagBytes), tag);
                    if (result.equals("valid") && !matches) {
                        run.fail(
                                tc,
                                "computed tag "
                                        + HEX.formatHex(Arrays.copyOf(full, tagBytes))
                                        + " differs");
                    } else if (result.equals("invalid") && matches) {
                        run.fail(tc, "a modified tag was accepted");
                    }
                } catch (RuntimeException e) {
                    if (!result.equals("invalid")) {
                        run.fail(tc, "threw " + e);
                    }
                }
            }
        }
        run.finish();
    }

    @Test
    void hkdfSha256() throws IOException {
        Run run = new Run("hkdf_sha256_test.json");
        JsonNode root = load(run.file);
        run.expected = root.get("numberOfTests").asInt();
        for (JsonNode group : root.get("testGroups")) {
            for (JsonNode tc : group.get("tests")) {
                run.cases++;
                String result = tc.get("result").asString();
                byte[] okm = hex(tc, "okm");
                byte[] got;
                try {
                    got =
                            Hkdf.sha256(
                                    hex(tc, "ikm"),
                                    hex(tc, "salt"),
                                    hex(tc, "info"),
                                    tc.get("size").asInt());
                } catch (RuntimeException e) {
                    // e.g. an output size over 255 * HashLen must be refused
                    if (result.equals("valid")) {
                        run.fail(tc, "threw " + e);
                    }
                    continue;
                }
                if (result.equals("invalid")) {
                    run.fail(tc, "derived " + got.length + " bytes instead of refusing");
                } else if (result.equals("valid") && !Arrays.equals(got, okm)) {
                    run.fail(tc, "okm differs: " + HEX.formatHex(got));
                }
            }
        }
        run.finish();
    }

    @Test
    void aesGcm() throws IOException {
        Run run = new Run("aes_gcm_test.json");
        JsonNode root = load(run.file);
        run.expected = root.get("numberOfTests").asInt();
        for (JsonNode group : root.get("testGroups")) {
            // every group is run, whatever its key and nonce size: Aes passes them straight to the
            // JDK's
            // Cipher; the library itself only ever uses 32-byte keys and 12-byte nonces
            assertThat(group.get("tagSize").asInt()).as("tag size").isEqualTo(Aes.TAG_BYTES * 8);
            for (JsonNode tc : group.get("tests")) {
                run.cases++;
                aesGcmCase(run, tc);
            }
        }
        run.finish();
    }

    private static void aesGcmCase(Run run, JsonNode tc) {
        String result = tc.get("result").asString();
        byte[] key = hex(tc, "key");
        byte[] iv = hex(tc, "iv");
        byte[] aad = hex(tc, "aad");
        byte[] msg = hex(tc, "msg");
        byte[] sealed = concat(hex(tc, "ct"), hex(tc, "tag"));

        if (result.equals("valid")) {
            try {
                byte[] got = new byte[msg.length + Aes.TAG_BYTES];
                Aes.encrypt(key, iv, aad, msg, 0, msg.length, got, 0);
                if (!Arrays.equals(got, sealed)) {
                    run.fail(tc, "ct||tag differs: " + HEX.formatHex(got));
                }
            } catch (RuntimeException e) {
                run.fail(tc, "encrypt threw " + e);
            }
        }
        byte[] opened;
        try {
            opened = Aes.decrypt(key, iv, aad, sealed, 0, sealed.length);
        } catch (
                Exception
                        e) { // GeneralSecurityException, or a runtime exception on a parameter the
            // JDK refuses
            if (result.equals("valid")) {
                run.fail(tc, "decrypt threw " + e);
            }
            return;
        }
        if (result.equals("invalid")) {
            run.fail(tc, "an invalid ciphertext decrypted");
        } else if (!Arrays.equals(opened, msg)) {
            // valid, or acceptable that decrypted: it must give the message back
            run.fail(tc, "decrypted to " + HEX.formatHex(opened));
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
