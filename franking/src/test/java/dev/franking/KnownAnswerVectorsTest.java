package dev.franking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.franking.vectors.GenerateVectors;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The known-answer vectors of {@code vectors/franking-v1.json} (format: {@code
 * franking/VECTORS-v1.md}): every output of every case is recomputed from the case's inputs, once
 * with the library and once with a second implementation written here straight from PROTOCOL.md on
 * the JDK alone.
 */
class KnownAnswerVectorsTest {
    private static final Set<String> TOP = Set.of("version", "cases");
    private static final Set<String> CASE =
            Set.of(
                    "name",
                    "content",
                    "frankingKey",
                    "contentBytes",
                    "commitment",
                    "stamp",
                    "envelope",
                    "attachment");
    private static final Set<String> CONTENT =
            Set.of(
                    "messageId",
                    "senderId",
                    "conversationId",
                    "sentAt",
                    "contentType",
                    "body",
                    "attachments");
    private static final Set<String> DESCRIPTOR = Set.of("contentType", "size", "sha256");
    private static final Set<String> STAMP =
            Set.of("kid", "stampKey", "recipientId", "receivedAt", "mac");
    private static final Set<String> ENVELOPE = Set.of("key", "nonce", "envelope");
    private static final Set<String> ATTACHMENT = Set.of("key", "nonce", "plaintext", "blob");

    private static String text;
    private static JsonNode root;
    private static List<JsonNode> cases;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in =
                KnownAnswerVectorsTest.class.getResourceAsStream(GenerateVectors.RESOURCE)) {
            assertThat(in).as("resource " + GenerateVectors.RESOURCE).isNotNull();
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        root = JsonMapper.builder().build().readTree(text);
        cases = new ArrayList<>(root.path("cases").values());
    }

    @Test
    void theFileHasTheDocumentedShape() {
        List<String> problems = new ArrayList<>();
        shape(problems, "(file)", "", root, TOP);
        if (!root.path("cases").isArray()) {
            problems.add("(file): cases is not an array");
        }
        if (!"franking/v1".equals(root.path("version").asString(null))) {
            problems.add("(file): version is not \"franking/v1\"");
        }
        Set<String> names = new HashSet<>();
        for (JsonNode c : cases) {
            String name = c.path("name").asString("?");
            if (!names.add(name)) {
                problems.add(name + ": duplicate name");
            }
            shape(problems, name, "", c, CASE);
            shape(problems, name, "content.", c.path("content"), CONTENT);
            for (JsonNode a : c.path("content").path("attachments").values()) {
                shape(problems, name, "content.attachments[].", a, DESCRIPTOR);
            }
            shape(problems, name, "stamp.", c.path("stamp"), STAMP);
            shape(problems, name, "envelope.", c.path("envelope"), ENVELOPE);
            shape(problems, name, "attachment.", c.path("attachment"), ATTACHMENT);
            for (String f : List.of("content.sentAt", "stamp.receivedAt")) {
                JsonNode n = at(c, f);
                if (!n.isIntegralNumber() || n.asLong() < 0 || n.asLong() > (1L << 53) - 1) {
                    problems.add(name + ": " + f + " is not an integer in [0, 2^53-1]");
                }
            }
            for (JsonNode a : c.path("content").path("attachments").values()) {
                if (!a.path("size").isIntegralNumber()) {
                    problems.add(name + ": content.attachments[].size is not an integer");
                }
            }
        }
        assertThat(problems).as("shape problems").isEmpty();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(12);
    }

    @Test
    void everyOutputRecomputesWithTheLibrary() {
        List<String> mismatches = new ArrayList<>();
        for (JsonNode c : cases) {
            String name = c.path("name").asString("?");
            try {
                recompute(c, new Check(mismatches, name));
            } catch (RuntimeException ex) {
                mismatches.add(name + ": (" + ex + ")");
            }
        }
        assertThat(mismatches).as("mismatches (case: field)").isEmpty();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(12);
    }

    private static void recompute(JsonNode c, Check check) {
        MessageContent content = check.get("content", () -> content(c.path("content")));
        FrankingKey fk = check.get("frankingKey", () -> new FrankingKey(b64(c, "frankingKey")));
        if (content == null || fk == null) {
            return;
        }

        check.bytes("contentBytes", b64(c, "contentBytes"), content::contentBytes);
        check.that(
                "contentBytes (parse)",
                () -> MessageContent.parse(b64(c, "contentBytes")).equals(content));
        Commitment commitment = Commitment.fromBase64(c.path("commitment").asString());
        check.bytes(
                "commitment", commitment.bytes(), () -> Commitment.compute(fk, content).bytes());

        JsonNode s = c.path("stamp");
        long receivedAt = s.path("receivedAt").asLong();
        Instant at = Instant.ofEpochMilli(receivedAt);
        StampContext ctx =
                check.get(
                        "stamp.recipientId",
                        () ->
                                new StampContext(
                                        content.senderId(),
                                        s.path("recipientId").asString(),
                                        content.conversationId(),
                                        content.messageId()));
        StampKey key =
                check.get(
                        "stamp.kid",
                        () ->
                                new StampKey(
                                        new Kid(s.path("kid").asString()),
                                        b64(s, "stampKey"),
                                        at,
                                        at.plusMillis(1),
                                        at.plusMillis(1)));
        if (ctx != null && key != null) {
            Stamp expected = new Stamp(key.kid(), receivedAt, b64(s, "mac"));
            check.bytes(
                    "stamp.mac",
                    expected.mac(),
                    () -> Stamper.stamp(key, commitment, ctx, receivedAt).mac());
            check.that(
                    "stamp (kid, receivedAt)",
                    () -> Stamper.stamp(key, commitment, ctx, receivedAt).equals(expected));
            check.that(
                    "stamp (verify)",
                    () -> {
                        Stamper.verify(key, expected, commitment, ctx);
                        return true;
                    });
        }

        JsonNode e = c.path("envelope");
        SymmetricKey envKey = new SymmetricKey(b64(e, "key"));
        byte[] envelope = b64(e, "envelope");
        check.bytes(
                "envelope.nonce (prefix of envelope)",
                b64(e, "nonce"),
                () -> Arrays.copyOf(envelope, 12));
        check.bytes(
                "envelope.envelope",
                envelope,
                () -> Envelope.seal(envKey, new Opening(content, fk, commitment), b64(e, "nonce")));
        check.that(
                "envelope.envelope (open)",
                () -> {
                    Opening o = Envelope.open(envKey, envelope, commitment);
                    return o.content().equals(content)
                            && o.frankingKey().equals(fk)
                            && o.commitment().equals(commitment);
                });

        JsonNode t = c.path("attachment");
        SymmetricKey attKey = new SymmetricKey(b64(t, "key"));
        byte[] plaintext = b64(t, "plaintext");
        byte[] blob = b64(t, "blob");
        check.bytes(
                "attachment.blob",
                blob,
                () -> AttachmentCipher.encrypt(attKey, plaintext, b64(t, "nonce")));
        check.bytes(
                "attachment.blob (decrypt)",
                plaintext,
                () -> AttachmentCipher.decrypt(attKey, blob));
        if (!content.attachments().isEmpty()) {
            check.that(
                    "content.attachments[0] (describes attachment.plaintext)",
                    () -> {
                        content.attachments().get(0).verify(plaintext);
                        return true;
                    });
        }
    }

    /**
     * A second implementation, from PROTOCOL.md and the JDK only (no library encoder, no library
     * base64): content_bytes and stamp_input in a ByteBuffer, HMAC on javax.crypto.Mac, AES-GCM on
     * javax.crypto.Cipher, HKDF-SHA256 by RFC 5869.
     */
    @Test
    void everyOutputRecomputesWithoutTheLibrary() throws Exception {
        Base64.Decoder d = Base64.getUrlDecoder();
        List<String> mismatches = new ArrayList<>();
        for (JsonNode c : cases) {
            String name = c.path("name").asString("?");
            JsonNode ct = c.path("content");
            List<JsonNode> atts = new ArrayList<>(ct.path("attachments").values());

            // §1 content_bytes
            byte[][] strs = {
                utf8("franking/v1/content"),
                utf8(ct.path("messageId").asString()),
                utf8(ct.path("senderId").asString()),
                utf8(ct.path("conversationId").asString())
            };
            byte[] type = utf8(ct.path("contentType").asString());
            byte[] body = d.decode(ct.path("body").asString());
            int len = 0;
            for (byte[] s : strs) {
                len += 4 + s.length;
            }
            len += 8 + 4 + type.length + 4 + body.length + 4;
            for (JsonNode a : atts) {
                len += 4 + utf8(a.path("contentType").asString()).length + 8 + 32;
            }
            ByteBuffer cb = ByteBuffer.allocate(len); // big-endian
            for (byte[] s : strs) {
                cb.putInt(s.length).put(s);
            }
            cb.putLong(ct.path("sentAt").asLong());
            cb.putInt(type.length).put(type);
            cb.putInt(body.length).put(body);
            cb.putInt(atts.size());
            for (JsonNode a : atts) {
                byte[] at = utf8(a.path("contentType").asString());
                cb.putInt(at.length)
                        .put(at)
                        .putLong(a.path("size").asLong())
                        .put(d.decode(a.path("sha256").asString()));
            }
            assertThat(cb.hasRemaining()).isFalse();
            byte[] contentBytes = cb.array();
            compare(
                    mismatches,
                    name,
                    "contentBytes",
                    d.decode(c.path("contentBytes").asString()),
                    contentBytes);

            byte[] fk = d.decode(c.path("frankingKey").asString());
            byte[] commitment = hmac(fk, contentBytes);
            compare(
                    mismatches,
                    name,
                    "commitment",
                    d.decode(c.path("commitment").asString()),
                    commitment);

            // §3 stamp_input
            JsonNode s = c.path("stamp");
            byte[][] ids = {
                utf8("franking/v1/stamp"),
                utf8(s.path("kid").asString()),
                null,
                utf8(ct.path("senderId").asString()),
                utf8(s.path("recipientId").asString()),
                utf8(ct.path("conversationId").asString()),
                utf8(ct.path("messageId").asString())
            };
            int slen = 32 + 8;
            for (byte[] id : ids) {
                slen += id == null ? 0 : 4 + id.length;
            }
            ByteBuffer si = ByteBuffer.allocate(slen);
            for (byte[] id : ids) {
                if (id == null) {
                    si.put(commitment);
                } else {
                    si.putInt(id.length).put(id);
                }
            }
            si.putLong(s.path("receivedAt").asLong());
            assertThat(si.hasRemaining()).isFalse();
            compare(
                    mismatches,
                    name,
                    "stamp.mac",
                    d.decode(s.path("mac").asString()),
                    hmac(d.decode(s.path("stampKey").asString()), si.array()));

            // §2 envelope
            JsonNode e = c.path("envelope");
            byte[] nonce = d.decode(e.path("nonce").asString());
            byte[] label = utf8("franking/v1/envelope");
            byte[] ad =
                    ByteBuffer.allocate(4 + label.length + 32)
                            .putInt(label.length)
                            .put(label)
                            .put(commitment)
                            .array();
            byte[] payload =
                    ByteBuffer.allocate(4 + contentBytes.length + 32)
                            .putInt(contentBytes.length)
                            .put(contentBytes)
                            .put(fk)
                            .array();
            byte[] ctext = gcm(d.decode(e.path("key").asString()), nonce, ad, payload);
            compare(
                    mismatches,
                    name,
                    "envelope.envelope",
                    d.decode(e.path("envelope").asString()),
                    concat(nonce, ctext));

            // §6 attachment blob
            JsonNode t = c.path("attachment");
            byte[] okm =
                    hkdfSha256(
                            d.decode(t.path("key").asString()), utf8("franking/v1/attachment"), 64);
            byte[] header = concat(utf8("FKA1"), Arrays.copyOfRange(okm, 32, 64));
            byte[] tn = d.decode(t.path("nonce").asString());
            byte[] plaintext = d.decode(t.path("plaintext").asString());
            byte[] blob =
                    concat(concat(header, tn), gcm(Arrays.copyOf(okm, 32), tn, header, plaintext));
            compare(mismatches, name, "attachment.blob", d.decode(t.path("blob").asString()), blob);

            if (!atts.isEmpty()) {
                JsonNode a0 = atts.get(0);
                if (a0.path("size").asLong() != plaintext.length
                        || !Arrays.equals(
                                d.decode(a0.path("sha256").asString()),
                                MessageDigest.getInstance("SHA-256").digest(plaintext))) {
                    mismatches.add(
                            name
                                    + ": content.attachments[0] does not describe"
                                    + " attachment.plaintext");
                }
            }
        }
        assertThat(mismatches).as("mismatches (case: field)").isEmpty();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(12);
    }

    /**
     * The cases cover the edges the file promises (VECTORS-v1.md), so the file cannot quietly
     * shrink.
     */
    @Test
    void theCasesCoverTheEdges() {
        Base64.Decoder d = Base64.getUrlDecoder();
        List<String> missing = new ArrayList<>();
        cover(
                missing,
                "empty body",
                c -> d.decode(c.path("content").path("body").asString()).length == 0);
        cover(
                missing,
                "body of 65,536 bytes",
                c -> d.decode(c.path("content").path("body").asString()).length == 65_536);
        cover(
                missing,
                "body with every byte value",
                c -> {
                    Set<Byte> seen = new HashSet<>();
                    for (byte b : d.decode(c.path("content").path("body").asString())) {
                        seen.add(b);
                    }
                    return seen.size() == 256;
                });
        cover(
                missing,
                "id of 256 bytes",
                c ->
                        List.of("messageId", "senderId", "conversationId").stream()
                                .anyMatch(
                                        f ->
                                                utf8(c.path("content").path(f).asString()).length
                                                        == 256));
        cover(
                missing,
                "recipient id of 256 bytes",
                c -> utf8(c.path("stamp").path("recipientId").asString()).length == 256);
        cover(
                missing,
                "non-ASCII ids",
                c -> !isAscii(c.path("content").path("senderId").asString()));
        cover(
                missing,
                "a combining mark in an id",
                c -> c.path("content").path("conversationId").asString().contains("\u0301"));
        cover(
                missing,
                "several attachments",
                c ->
                        c.path("content").path("attachments").size() > 1
                                && c.path("content").path("attachments").size() < 32);
        cover(missing, "32 attachments", c -> c.path("content").path("attachments").size() == 32);
        cover(missing, "sentAt 0", c -> c.path("content").path("sentAt").asLong() == 0);
        cover(
                missing,
                "sentAt 2^53-1",
                c -> c.path("content").path("sentAt").asLong() == (1L << 53) - 1);
        cover(
                missing,
                "content type of 255 bytes",
                c -> utf8(c.path("content").path("contentType").asString()).length == 255);
        cover(
                missing,
                "empty attachment plaintext",
                c -> d.decode(c.path("attachment").path("plaintext").asString()).length == 0);
        cover(
                missing,
                "1 KiB attachment",
                c -> d.decode(c.path("attachment").path("plaintext").asString()).length == 1024);
        cover(
                missing,
                "kid of 32 characters with . _ -",
                c -> {
                    String kid = c.path("stamp").path("kid").asString();
                    return kid.length() == 32
                            && kid.contains(".")
                            && kid.contains("_")
                            && kid.contains("-");
                });
        boolean group = false;
        for (JsonNode a : cases) {
            for (JsonNode b : cases) {
                group |=
                        a != b
                                && a.path("commitment").equals(b.path("commitment"))
                                && !a.path("stamp")
                                        .path("recipientId")
                                        .equals(b.path("stamp").path("recipientId"));
            }
        }
        if (!group) {
            missing.add("a group message (one commitment, several recipients)");
        }
        assertThat(missing).as("edges not covered").isEmpty();
    }

    @Test
    void theFileIsExactlyWhatTheGeneratorWrites() {
        assertThat(text)
                .as(
                        "franking-v1.json is stale or edited by hand; regenerate it: "
                                + "mvn -B -q -pl franking test-compile exec:java")
                .isEqualTo(GenerateVectors.render());
    }

    // --- helpers

    private static MessageContent content(JsonNode ct) {
        List<AttachmentDescriptor> as = new ArrayList<>();
        for (JsonNode a : ct.path("attachments").values()) {
            as.add(
                    new AttachmentDescriptor(
                            a.path("contentType").asString(),
                            a.path("size").asLong(),
                            b64(a, "sha256")));
        }
        return new MessageContent(
                ct.path("messageId").asString(),
                ct.path("senderId").asString(),
                ct.path("conversationId").asString(),
                ct.path("sentAt").asLong(),
                ct.path("contentType").asString(),
                b64(ct, "body"),
                as);
    }

    private static byte[] b64(JsonNode parent, String field) {
        return B64.decode(parent.path(field).asString());
    }

    private static JsonNode at(JsonNode c, String dotted) {
        JsonNode n = c;
        for (String p : dotted.split("\\.")) {
            n = n.path(p);
        }
        return n;
    }

    private static void shape(
            List<String> problems, String name, String prefix, JsonNode node, Set<String> fields) {
        if (!node.isObject()) {
            problems.add(name + ": " + prefix + " is not an object");
            return;
        }
        Set<String> actual = new HashSet<>(node.propertyNames());
        if (!actual.equals(fields)) {
            problems.add(name + ": " + prefix + " has fields " + actual + ", expected " + fields);
        }
        for (String f : fields) {
            JsonNode v = node.path(f);
            boolean number = Set.of("sentAt", "receivedAt", "size").contains(f);
            boolean nested =
                    Set.of("content", "stamp", "envelope", "attachment", "attachments", "cases")
                            .contains(f);
            if (!nested && !(number ? v.isIntegralNumber() : v.isString())) {
                problems.add(
                        name
                                + ": "
                                + prefix
                                + f
                                + " is not a JSON "
                                + (number ? "integer" : "string"));
            }
        }
    }

    private void cover(
            List<String> missing, String what, java.util.function.Predicate<JsonNode> p) {
        if (cases.stream().noneMatch(p)) {
            missing.add(what);
        }
    }

    private static void compare(
            List<String> mismatches, String name, String field, byte[] expected, byte[] actual) {
        if (!Arrays.equals(expected, actual)) {
            mismatches.add(name + ": " + field);
        }
    }

    private static boolean isAscii(String s) {
        return s.chars().allMatch(ch -> ch < 0x80);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] hmac(byte[] key, byte[] data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }

    private static byte[] gcm(byte[] key, byte[] nonce, byte[] ad, byte[] plaintext)
            throws Exception {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(
                Cipher.ENCRYPT_MODE,
                new SecretKeySpec(key, "AES"),
                new GCMParameterSpec(128, nonce));
        c.updateAAD(ad);
        return c.doFinal(plaintext);
    }

    /**
     * RFC 5869 with an empty salt. An empty salt is HashLen zero bytes (§2.2), which as an HMAC key
     * is the same key as the empty string; SecretKeySpec refuses an empty key, so this uses the
     * zeros.
     */
    private static byte[] hkdfSha256(byte[] ikm, byte[] info, int length) throws Exception {
        byte[] prk = hmac(new byte[32], ikm);
        byte[] okm = new byte[0];
        byte[] t = new byte[0];
        for (int i = 1; okm.length < length; i++) {
            t = hmac(prk, concat(concat(t, info), new byte[] {(byte) i}));
            okm = concat(okm, t);
        }
        return Arrays.copyOf(okm, length);
    }

    /**
     * Records a mismatch, or the exception a recomputation threw, under the case's name and the
     * field.
     */
    private record Check(List<String> mismatches, String name) {
        <T> T get(String field, ThrowingSupplier<T> s) {
            try {
                return s.get();
            } catch (Exception | AssertionError e) {
                mismatches.add(name + ": " + field + " (" + e + ")");
                return null;
            }
        }

        void bytes(String field, byte[] expected, ThrowingSupplier<byte[]> actual) {
            byte[] a = get(field, actual);
            if (a != null && !Arrays.equals(expected, a)) {
                mismatches.add(name + ": " + field);
            }
        }

        void that(String field, ThrowingSupplier<Boolean> ok) {
            Boolean b = get(field, ok);
            if (b != null && !b) {
                mismatches.add(name + ": " + field);
            }
        }
    }

    @FunctionalInterface
    private interface ThrowingSupplier<T> {
        T get() throws Exception;
    }
}
