package dev.franking.v2;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The known-answer vectors of {@code vectors/franking-v2.json} (format: {@code
 * franking/VECTORS.md}, shape: issue 11): every output of every case is recomputed from the case's
 * inputs, once with the library (through its public calls where there is one: the receipt, the
 * attachment check, the report verifier) and once with a second implementation written in this
 * class straight from PROTOCOL.md on the JDK alone ({@code ByteBuffer}, {@code javax.crypto}, HKDF
 * by RFC 5869).
 */
class KnownAnswerVectorsV2Test {
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
                    "prev",
                    "contentType",
                    "body",
                    "attachments");
    private static final Set<String> DESCRIPTOR = Set.of("contentType", "size", "sha256");
    private static final Set<String> STAMP =
            Set.of("kid", "stampKey", "recipientId", "routeSalt", "route", "receivedAt", "mac");
    private static final Set<String> ENVELOPE =
            Set.of("key", "nonce", "blobKeys", "locators", "payload", "envelope");
    private static final Set<String> ATTACHMENT = Set.of("key", "nonce", "plaintext", "blob");
    private static final Set<String> NUMBERS = Set.of("sentAt", "receivedAt", "size");
    private static final Set<String> ARRAYS =
            Set.of("cases", "prev", "attachments", "blobKeys", "locators");
    private static final Set<String> OBJECTS = Set.of("content", "stamp", "envelope", "attachment");

    private static String text;
    private static JsonNode root;
    private static List<JsonNode> cases;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in =
                KnownAnswerVectorsV2Test.class.getResourceAsStream(GenerateVectors.RESOURCE)) {
            assertThat(in).as("resource " + GenerateVectors.RESOURCE).isNotNull();
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        root = JsonMapper.builder().build().readTree(text);
        cases = new ArrayList<>(root.path("cases").values());
    }

    @Test
    void theFileHasTheShapeOfIssue11() {
        List<String> problems = new ArrayList<>();
        shape(problems, "(file)", "", root, TOP);
        if (!"franking/v2".equals(root.path("version").asString(null))) {
            problems.add("(file): version is not \"franking/v2\"");
        }
        Set<String> names = new HashSet<>();
        for (JsonNode c : cases) {
            String name = c.path("name").asString("?");
            if (!names.add(name)) {
                problems.add(name + ": duplicate name");
            }
            Set<String> fields = new HashSet<>(CASE);
            if (!c.has("attachment")) {
                fields.remove("attachment"); // optional
            }
            shape(problems, name, "", c, fields);
            shape(problems, name, "content.", c.path("content"), CONTENT);
            for (JsonNode a : c.path("content").path("attachments").values()) {
                shape(problems, name, "content.attachments[].", a, DESCRIPTOR);
            }
            shape(problems, name, "stamp.", c.path("stamp"), STAMP);
            shape(problems, name, "envelope.", c.path("envelope"), ENVELOPE);
            if (c.has("attachment")) {
                shape(problems, name, "attachment.", c.path("attachment"), ATTACHMENT);
            }
            int n = c.path("content").path("attachments").size();
            if (c.path("envelope").path("blobKeys").size() != n
                    || c.path("envelope").path("locators").size() != n) {
                problems.add(name + ": blobKeys and locators need one entry per attachment");
            }
            for (JsonNode n2 :
                    List.of(c.path("content").path("sentAt"), c.path("stamp").path("receivedAt"))) {
                if (!n2.isIntegralNumber() || n2.asLong() < 0 || n2.asLong() > (1L << 53) - 1) {
                    problems.add(name + ": a time is not an integer in [0, 2^53-1]");
                }
            }
        }
        assertThat(problems).as("shape problems").isEmpty();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(16);
    }

    @Test
    void everyCaseRecomputesWithTheLibrary() {
        List<String> mismatches = new ArrayList<>();
        for (JsonNode c : cases) {
            String name = c.path("name").asString("?");
            try {
                library(c, name, mismatches);
            } catch (Exception | AssertionError e) {
                mismatches.add(name + ": (" + e + ")");
            }
        }
        assertThat(mismatches).as("mismatches (case: field)").isEmpty();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(16);
    }

    private static void library(JsonNode c, String name, List<String> out) throws Exception {
        JsonNode ct = c.path("content");
        List<Commitment> prev = new ArrayList<>();
        ct.path("prev").values().forEach(p -> prev.add(Commitment.fromBase64(p.asString())));
        List<AttachmentDescriptor> atts = new ArrayList<>();
        for (JsonNode a : ct.path("attachments").values()) {
            atts.add(
                    new AttachmentDescriptor(
                            a.path("contentType").asString(),
                            a.path("size").asLong(),
                            b64(a, "sha256")));
        }
        MessageContent content =
                new MessageContent(
                        ct.path("messageId").asString(),
                        ct.path("senderId").asString(),
                        ct.path("conversationId").asString(),
                        ct.path("sentAt").asLong(),
                        prev,
                        ct.path("contentType").asString(),
                        b64(ct, "body"),
                        atts);
        byte[] contentBytes = b64(c, "contentBytes");
        compare(out, name, "contentBytes", contentBytes, content.contentBytes());
        if (!MessageContent.parse(contentBytes).equals(content)) {
            out.add(name + ": contentBytes does not parse back to content");
        }
        FrankingKey fk = FrankingKey.fromBytes(b64(c, "frankingKey"));
        Opening opening = Opening.restore(content, fk);
        Commitment commitment = Commitment.fromBase64(c.path("commitment").asString());
        compare(out, name, "commitment", commitment.toBytes(), opening.commitment().toBytes());

        // §3: the route, and the stamp through the Stamper with the case's key and clock
        JsonNode s = c.path("stamp");
        String recipient = s.path("recipientId").asString();
        RouteSalt salt = RouteSalt.fromBase64(s.path("routeSalt").asString());
        Route route =
                Route.compute(
                        salt,
                        content.senderId(),
                        recipient,
                        content.conversationId(),
                        content.messageId());
        compare(out, name, "stamp.route", b64(s, "route"), route.toBytes());
        long receivedAt = s.path("receivedAt").asLong();
        Instant at = Instant.ofEpochMilli(receivedAt);
        StampKey key =
                StampKey.restore(
                        new Kid(s.path("kid").asString()),
                        b64(s, "stampKey"),
                        at,
                        Duration.ofMillis(1),
                        Duration.ofDays(1));
        InMemoryStampKeyRing ring = new InMemoryStampKeyRing();
        ring.add(key);
        Stamp stamp = new Stamper(ring, Clock.fixed(at, ZoneOffset.UTC)).stamp(commitment, route);
        compare(out, name, "stamp.mac", b64(s, "mac"), stamp.mac());
        RecipientStamp delivered = new RecipientStamp(key.kid(), receivedAt, salt, b64(s, "mac"));

        // §2 and §4: the payload and envelope, then the recipient's one receipt call
        JsonNode e = c.path("envelope");
        List<BlobRef> blobs = new ArrayList<>();
        for (int i = 0; i < atts.size(); i++) {
            blobs.add(
                    BlobRef.of(
                            AttachmentKey.fromBytes(
                                    B64.decode(e.path("blobKeys").get(i).asString())),
                            B64.decode(e.path("locators").get(i).asString())));
        }
        compare(out, name, "envelope.payload", b64(e, "payload"), Envelope.payload(opening, blobs));
        MessageKey mk = MessageKey.fromBytes(b64(e, "key"));
        byte[] envelope = b64(e, "envelope");
        compare(
                out,
                name,
                "envelope.envelope",
                envelope,
                Envelope.seal(mk, opening, blobs, GenerateVectors.fixed(b64(e, "nonce"))));
        Delivery delivery =
                new Delivery(
                        commitment,
                        content.senderId(),
                        recipient,
                        content.conversationId(),
                        content.messageId(),
                        delivered);
        ReceivedMessage received = Receipt.open(mk, envelope, delivery);
        if (!received.content().equals(content)
                || !received.frankingKey().equals(fk)
                || !received.blobs().equals(blobs)) {
            out.add(name + ": envelope opens to something else");
        }

        // §6 and §4: the blob, then the recipient's attachment check
        if (c.has("attachment")) {
            JsonNode t = c.path("attachment");
            AttachmentKey ak = AttachmentKey.fromBytes(b64(t, "key"));
            byte[] plaintext = b64(t, "plaintext");
            byte[] blob = b64(t, "blob");
            compare(
                    out,
                    name,
                    "attachment.blob",
                    blob,
                    AttachmentCipher.encrypt(
                            ak, plaintext, GenerateVectors.fixed(b64(t, "nonce"))));
            if (!ak.equals(blobs.get(0).key())) {
                out.add(name + ": attachment.key is not blobKeys[0]");
            }
            compare(
                    out,
                    name,
                    "attachment (openAttachment)",
                    plaintext,
                    received.openAttachment(0, blob));
        }

        // §5: the recipient reports it, and it verifies
        ReportVerifier verifier = new ReportVerifier(ring, Clock.fixed(at, ZoneOffset.UTC));
        VerifiedReport report = verifier.verify(recipient, List.of(received.toSubmission()));
        if (!report.reported().commitment().equals(commitment)
                || !report.reported().route().equals(route)) {
            out.add(name + ": the report verifies to another commitment or route");
        }
    }

    /**
     * A second implementation from PROTOCOL.md and the JDK only: no library encoder, base64, MAC or
     * cipher.
     */
    @Test
    void everyCaseRecomputesWithoutTheLibrary() throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonNode c : cases) {
            String name = c.path("name").asString("?");
            JsonNode ct = c.path("content");
            List<JsonNode> atts = new ArrayList<>(ct.path("attachments").values());
            List<JsonNode> prev = new ArrayList<>(ct.path("prev").values());

            // §1 content_bytes and commitment
            Enc cb = new Enc();
            cb.str("franking/v2/content");
            cb.str(ct.path("messageId").asString());
            cb.str(ct.path("senderId").asString());
            cb.str(ct.path("conversationId").asString());
            cb.u64(ct.path("sentAt").asLong());
            cb.u32(prev.size());
            byte[] last = null;
            for (JsonNode p : prev) {
                byte[] b = dec(p.asString());
                if (b.length != 32 || (last != null && Arrays.compareUnsigned(last, b) >= 0)) {
                    out.add(name + ": prev is not strictly ascending 32-byte values");
                }
                cb.raw(b);
                last = b;
            }
            cb.str(ct.path("contentType").asString());
            cb.lp(dec(ct.path("body").asString()));
            cb.u32(atts.size());
            for (JsonNode a : atts) {
                cb.str(a.path("contentType").asString());
                cb.u64(a.path("size").asLong());
                cb.raw(dec(a.path("sha256").asString()));
            }
            byte[] contentBytes = cb.bytes();
            compare(
                    out,
                    name,
                    "contentBytes",
                    dec(c.path("contentBytes").asString()),
                    contentBytes);
            byte[] fk = dec(c.path("frankingKey").asString());
            byte[] commitment = hmac(fk, contentBytes);
            compare(out, name, "commitment", dec(c.path("commitment").asString()), commitment);

            // §3 route and stamp_input
            JsonNode s = c.path("stamp");
            Enc r = new Enc();
            r.str("franking/v2/route");
            r.raw(dec(s.path("routeSalt").asString()));
            r.str(ct.path("senderId").asString());
            r.str(s.path("recipientId").asString());
            r.str(ct.path("conversationId").asString());
            r.str(ct.path("messageId").asString());
            byte[] route = MessageDigest.getInstance("SHA-256").digest(r.bytes());
            compare(out, name, "stamp.route", dec(s.path("route").asString()), route);
            Enc si = new Enc();
            si.str("franking/v2/stamp");
            si.str(s.path("kid").asString());
            si.raw(commitment);
            si.raw(route);
            si.u64(s.path("receivedAt").asLong());
            compare(
                    out,
                    name,
                    "stamp.mac",
                    dec(s.path("mac").asString()),
                    hmac(dec(s.path("stampKey").asString()), si.bytes()));

            // §2 payload and envelope
            JsonNode e = c.path("envelope");
            Enc payload = new Enc();
            payload.lp(contentBytes);
            payload.raw(fk);
            payload.u32(atts.size());
            for (int i = 0; i < atts.size(); i++) {
                payload.raw(dec(e.path("blobKeys").get(i).asString()));
                payload.lp(dec(e.path("locators").get(i).asString()));
            }
            compare(
                    out,
                    name,
                    "envelope.payload",
                    dec(e.path("payload").asString()),
                    payload.bytes());
            Enc ad = new Enc();
            ad.str("franking/v2/envelope");
            ad.raw(commitment);
            byte[] nonce = dec(e.path("nonce").asString());
            byte[] sealed = gcm(dec(e.path("key").asString()), nonce, ad.bytes(), payload.bytes());
            compare(
                    out,
                    name,
                    "envelope.envelope",
                    dec(e.path("envelope").asString()),
                    concat(nonce, sealed));

            // §6 FKA2
            if (c.has("attachment")) {
                JsonNode t = c.path("attachment");
                byte[] k = dec(t.path("key").asString());
                byte[] okm = hkdfSha256(k, utf8("franking/v2/attachment"), 64);
                byte[] header = concat(utf8("FKA2"), Arrays.copyOfRange(okm, 32, 64));
                byte[] tn = dec(t.path("nonce").asString());
                byte[] plaintext = dec(t.path("plaintext").asString());
                byte[] blob =
                        concat(
                                concat(header, tn),
                                gcm(Arrays.copyOf(okm, 32), tn, header, plaintext));
                compare(out, name, "attachment.blob", dec(t.path("blob").asString()), blob);
                compare(
                        out,
                        name,
                        "attachment.key (blobKeys[0])",
                        dec(e.path("blobKeys").get(0).asString()),
                        k);
                JsonNode a0 = atts.get(0);
                if (a0.path("size").asLong() != plaintext.length
                        || !Arrays.equals(
                                dec(a0.path("sha256").asString()),
                                MessageDigest.getInstance("SHA-256").digest(plaintext))) {
                    out.add(name + ": content.attachments[0] does not describe the plaintext");
                }
            }
        }
        assertThat(out).as("mismatches (case: field)").isEmpty();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(16);
    }

    /** The cases cover what issue 11 lists, so the file cannot quietly shrink. */
    @Test
    void theCasesCoverWhatIssue11Lists() {
        List<String> missing = new ArrayList<>();
        for (int k : new int[] {0, 1, 8}) {
            cover(missing, "k = " + k + " prev", c -> c.path("content").path("prev").size() == k);
        }
        cover(
                missing,
                "empty body",
                c -> dec(c.path("content").path("body").asString()).length == 0);
        cover(
                missing,
                "maximum body",
                c -> dec(c.path("content").path("body").asString()).length == 65_536);
        cover(
                missing,
                "binary body (every byte value)",
                c -> {
                    Set<Byte> seen = new HashSet<>();
                    for (byte b : dec(c.path("content").path("body").asString())) {
                        seen.add(b);
                    }
                    return seen.size() == 256;
                });
        cover(missing, "32 attachments", c -> c.path("content").path("attachments").size() == 32);
        cover(
                missing,
                "a 32-character kid",
                c -> c.path("stamp").path("kid").asString().length() == 32);
        cover(
                missing,
                "NFD ids",
                c -> c.path("content").path("conversationId").asString().contains("\u0301"));
        cover(
                missing,
                "NFC ids",
                c -> c.path("content").path("conversationId").asString().contains("\u00E9"));
        cover(missing, "attachment blobs", c -> c.has("attachment"));
        cover(
                missing,
                "an empty attachment",
                c ->
                        c.has("attachment")
                                && c.path("attachment").path("plaintext").asString().isEmpty());
        cover(
                missing,
                "a locator of 2,048 bytes",
                c -> {
                    for (JsonNode l : c.path("envelope").path("locators").values()) {
                        if (dec(l.asString()).length == 2048) {
                            return true;
                        }
                    }
                    return false;
                });
        // a group message: one commitment, three cases, three recipients
        boolean group = false;
        for (JsonNode a : cases) {
            Set<String> recipients = new HashSet<>();
            for (JsonNode b : cases) {
                if (a.path("commitment").equals(b.path("commitment"))) {
                    recipients.add(b.path("stamp").path("recipientId").asString());
                }
            }
            group |= recipients.size() >= 3;
        }
        if (!group) {
            missing.add("a group message, one case per recipient (three)");
        }
        assertThat(missing).as("not covered").isEmpty();
    }

    @Test
    void theFileIsExactlyWhatTheGeneratorWrites() {
        assertThat(text)
                .as(
                        "franking-v2.json is stale or edited by hand; regenerate it: "
                                + "mvn -B -q -pl franking test-compile exec:java@vectors-v2")
                .isEqualTo(GenerateVectors.render());
    }

    // --- helpers

    private void cover(List<String> missing, String what, Predicate<JsonNode> p) {
        if (cases.stream().noneMatch(p)) {
            missing.add(what);
        }
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
            boolean ok;
            if (NUMBERS.contains(f)) {
                ok = v.isIntegralNumber();
            } else if (ARRAYS.contains(f)) {
                ok = v.isArray();
                if (ok && !f.equals("cases") && !f.equals("attachments")) {
                    for (JsonNode x : v.values()) {
                        ok &= x.isString();
                    }
                }
            } else if (OBJECTS.contains(f) && prefix.isEmpty()) {
                ok = v.isObject();
            } else {
                ok = v.isString();
            }
            if (!ok) {
                problems.add(name + ": " + prefix + f + " has the wrong JSON type");
            }
        }
    }

    private static void compare(
            List<String> out, String name, String field, byte[] expected, byte[] actual) {
        if (!Arrays.equals(expected, actual)) {
            out.add(name + ": " + field);
        }
    }

    private static byte[] b64(JsonNode parent, String field) {
        return B64.decode(parent.path(field).asString());
    }

    /** The JDK's decoder, and the canonical form §0 demands: re-encoding gives the same text. */
    private static byte[] dec(String s) {
        byte[] b = Base64.getUrlDecoder().decode(s);
        assertThat(Base64.getUrlEncoder().withoutPadding().encodeToString(b))
                .as("canonical base64url")
                .isEqualTo(s);
        return b;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** §0 encodings in a plain ByteBuffer (big-endian). */
    private static final class Enc {
        private ByteBuffer buf = ByteBuffer.allocate(1 << 18);

        void u32(int n) {
            buf.putInt(n);
        }

        void u64(long n) {
            buf.putLong(n);
        }

        void raw(byte[] b) {
            buf.put(b);
        }

        void lp(byte[] b) {
            buf.putInt(b.length).put(b);
        }

        void str(String s) {
            lp(utf8(s));
        }

        byte[] bytes() {
            return Arrays.copyOf(buf.array(), buf.position());
        }
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
     * RFC 5869 with an empty salt, which is HashLen zero bytes (§2.2), the same HMAC key as the
     * empty string; SecretKeySpec refuses an empty key, so this uses the zeros.
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
}
