package dev.franking.v2;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes the known-answer vectors {@code franking/src/test/resources/vectors/franking-v2.json}
 * (format: {@code franking/VECTORS.md}) with the library itself. Every key, nonce, salt and filler
 * byte is derived from SHA-256 of the case's seed and a label, and reaches the library through its
 * package-private randomness seam, so the output is the same on every run and machine; {@code
 * KnownAnswerVectorsV2Test} checks that the committed file is exactly what this class renders.
 *
 * <p>Regenerate (from the repository root):
 *
 * <pre>
 * mvn -B -q -pl franking test-compile exec:java@vectors-v2
 * </pre>
 */
public final class GenerateVectors {
    public static final String VERSION = "franking/v2";
    public static final String RESOURCE = "/vectors/franking-v2.json";

    private static final long SENT = 1_764_599_999_000L; // 2025-12-01T14:39:59Z
    private static final long RECEIVED = 1_764_600_000_000L;
    private static final String TEXT = "text/plain; charset=utf-8";
    private static final String KID = "k20261201";

    private GenerateVectors() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: GenerateVectors <output file>");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, render(), StandardCharsets.UTF_8);
        System.out.println("wrote " + cases().size() + " cases to " + out.toAbsolutePath());
    }

    /** One attachment of a case: its type, plaintext and locator. */
    record Att(String contentType, byte[] plaintext, byte[] locator) {}

    /**
     * One vector's inputs. {@code seed} names what the recipients of one message share (franking
     * key, blob keys, attachment nonce, stamp key); {@code name} alone derives the envelope key and
     * nonce and the route salt, which are per recipient. The first attachment's blob is the case's
     * {@code attachment}.
     */
    record Case(
            String name,
            String seed,
            String messageId,
            String senderId,
            String conversationId,
            long sentAt,
            List<Commitment> prev,
            String contentType,
            byte[] body,
            List<Att> attachments,
            String kid,
            String recipientId,
            long receivedAt) {
        MessageContent content() {
            return new MessageContent(
                    messageId,
                    senderId,
                    conversationId,
                    sentAt,
                    prev,
                    contentType,
                    body,
                    attachments.stream()
                            .map(a -> AttachmentDescriptor.of(a.contentType(), a.plaintext()))
                            .toList());
        }

        FrankingKey frankingKey() {
            return FrankingKey.fromBytes(derive(seed, "franking-key", 32));
        }

        Commitment commitment() {
            return Opening.restore(content(), frankingKey()).commitment();
        }
    }

    /** A case of an ordinary message from alice to bob in conv-1; the rest is varied per case. */
    private static Case simple(
            String name, String messageId, String contentType, byte[] body, List<Att> atts) {
        return new Case(
                name,
                name,
                messageId,
                "alice",
                "conv-1",
                SENT,
                List.of(),
                contentType,
                body,
                atts,
                KID,
                "bob",
                RECEIVED);
    }

    private static Att att(String seed, int i, String type, byte[] plaintext) {
        return new Att(
                type,
                plaintext,
                utf8("https://blobs.example/" + hex(derive(seed, "blob-id-" + i, 8))));
    }

    /** The cases, in file order. */
    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();

        // an ordinary text message with no prev (k = 0) and no attachments
        Case first =
                simple(
                        "text-message",
                        "5f0c6a1e-3b8e-4c2a-9d57-2b1f0e6c9a41",
                        TEXT,
                        utf8("Hello, Bob!"),
                        List.of());
        cases.add(first);

        // bob's reply: its prev is the one head bob held, alice's message (k = 1)
        cases.add(
                new Case(
                        "reply-one-prev",
                        "reply-one-prev",
                        "m-reply-1",
                        "bob",
                        "conv-1",
                        SENT + 60_000,
                        List.of(first.commitment()),
                        TEXT,
                        utf8("Hi Alice."),
                        List.of(),
                        KID,
                        "alice",
                        RECEIVED + 60_000));

        // eight heads, the most a message names (k = 8), in ascending unsigned order
        {
            List<Commitment> prev = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                prev.add(Commitment.fromBytes(derive("eight-prev", "head-" + i, 32)));
            }
            prev.sort(null);
            cases.add(
                    new Case(
                            "eight-prev",
                            "eight-prev",
                            "m-merge-8",
                            "alice",
                            "group-42",
                            SENT,
                            prev,
                            TEXT,
                            utf8("catching up on eight branches"),
                            List.of(),
                            KID,
                            "bob",
                            RECEIVED));
        }

        // one group message and three recipients: one commitment, one route and stamp each
        {
            String seed = "group-message";
            Att photo = att(seed, 0, "image/jpeg", expand(seed, "attachment-plaintext-0", 200));
            for (String r : List.of("bob", "carol", "dave")) {
                cases.add(
                        new Case(
                                "group-message-" + r,
                                seed,
                                "m-group-1",
                                "alice",
                                "group-42",
                                SENT,
                                List.of(),
                                TEXT,
                                utf8("Lunch at noon? \uD83C\uDF5C"),
                                List.of(photo),
                                KID,
                                r,
                                RECEIVED));
            }
        }

        // Unicode ids compared as bytes: decomposed (NFD) and precomposed (NFC) differ
        {
            byte[] body = utf8("\u3053\u3093\u306B\u3061\u306F \uD83D\uDC4B\uD83C\uDFFD");
            cases.add(
                    new Case(
                            "unicode-ids-nfd",
                            "unicode-ids-nfd",
                            "\uD83D\uDCAC\u2709\uFE0F-msg-1",
                            "\u674E\u5C0F\u9F8D",
                            "Cafe\u0301 \u2615 chat",
                            SENT,
                            List.of(),
                            TEXT,
                            body,
                            List.of(),
                            KID,
                            "Ame\u0301lie \uD83C\uDDEB\uD83C\uDDF7",
                            RECEIVED));
            cases.add(
                    new Case(
                            "unicode-ids-nfc",
                            "unicode-ids-nfc",
                            "\uD83D\uDCAC\u2709\uFE0F-msg-1",
                            "\u674E\u5C0F\u9F8D",
                            "Caf\u00E9 \u2615 chat",
                            SENT,
                            List.of(),
                            TEXT,
                            body,
                            List.of(),
                            KID,
                            "Am\u00E9lie \uD83C\uDDEB\uD83C\uDDF7",
                            RECEIVED));
        }

        // the largest body, 65,536 bytes: body[i] = (7*i + (i >> 8)) mod 256
        {
            byte[] body = new byte[Limits.MAX_BODY_BYTES];
            for (int i = 0; i < body.length; i++) {
                body[i] = (byte) (7 * i + (i >> 8));
            }
            cases.add(
                    simple("max-body", "m-max-body", "application/octet-stream", body, List.of()));
        }

        // every id at 256 bytes of UTF-8, in 1-, 4-, 3- and 2-byte characters
        cases.add(
                new Case(
                        "max-id-length",
                        "max-id-length",
                        "m".repeat(256),
                        "\uD83D\uDE00".repeat(64),
                        "\u4F1A".repeat(85) + "c",
                        SENT,
                        List.of(),
                        TEXT,
                        utf8("ids at their limit"),
                        List.of(),
                        KID,
                        "\u00E9".repeat(128),
                        RECEIVED));

        // three attachments; locators empty, a URL, and 2,048 bytes (the limit)
        {
            String n = "several-attachments";
            cases.add(
                    simple(
                            n,
                            "m-several",
                            TEXT,
                            utf8("three files"),
                            List.of(
                                    att(
                                            n,
                                            0,
                                            "image/png",
                                            expand(n, "attachment-plaintext-0", 300)),
                                    new Att(
                                            "application/pdf",
                                            expand(n, "attachment-plaintext-1", 4096),
                                            new byte[0]),
                                    new Att(
                                            "audio/ogg; codecs=opus",
                                            expand(n, "attachment-plaintext-2", 77),
                                            expand(n, "locator-2", Limits.MAX_LOCATOR_BYTES)))));
        }

        // 32 attachments, the limit: 32 blob keys and locators in the payload
        {
            String n = "max-attachments";
            String[] types = {"image/png", "image/jpeg", "video/mp4", "application/pdf"};
            List<Att> atts = new ArrayList<>();
            for (int i = 0; i < Limits.MAX_ATTACHMENTS; i++) {
                atts.add(
                        att(
                                n,
                                i,
                                types[i % types.length],
                                expand(n, "attachment-plaintext-" + i, i == 0 ? 64 : 16 + i)));
            }
            cases.add(simple(n, "m-32", TEXT, utf8("an album"), atts));
        }

        // the epoch, and the largest time an IEEE 754 double holds exactly
        cases.add(
                new Case(
                        "sent-at-zero",
                        "sent-at-zero",
                        "m-epoch",
                        "alice",
                        "conv-1",
                        0,
                        List.of(),
                        TEXT,
                        utf8("1970"),
                        List.of(),
                        KID,
                        "bob",
                        0));
        cases.add(
                new Case(
                        "sent-at-max-safe-integer",
                        "sent-at-max-safe-integer",
                        "m-far",
                        "alice",
                        "conv-1",
                        Limits.MAX_SAFE_INTEGER,
                        List.of(),
                        TEXT,
                        utf8("285,616 AD"),
                        List.of(),
                        KID,
                        "bob",
                        Limits.MAX_SAFE_INTEGER));

        // content types of 255 bytes, the message's and an attachment's
        {
            String n = "long-content-type";
            cases.add(
                    simple(
                            n,
                            "m-long-ct",
                            pad("text/plain; charset=utf-8; x-padding=", 'p', 255),
                            utf8("long type"),
                            List.of(
                                    att(
                                            n,
                                            0,
                                            pad(
                                                    "application/vnd.example.franking-vectors+octet-stream;"
                                                        + " x-padding=",
                                                    'q',
                                                    255),
                                            expand(n, "attachment-plaintext-0", 50)))));
        }

        // a binary body holding every byte value once
        {
            byte[] body = new byte[256];
            for (int i = 0; i < 256; i++) {
                body[i] = (byte) i;
            }
            cases.add(
                    simple(
                            "binary-body-all-bytes",
                            "m-binary",
                            "application/octet-stream",
                            body,
                            List.of()));
        }

        cases.add(simple("empty-body", "m-empty", TEXT, new byte[0], List.of()));

        // an empty attachment: size 0, the SHA-256 of nothing, a blob of header and tag only
        cases.add(
                simple(
                        "empty-attachment",
                        "m-empty-file",
                        TEXT,
                        utf8("empty.txt"),
                        List.of(att("empty-attachment", 0, "text/plain", new byte[0]))));

        {
            String n = "attachment-1kib";
            cases.add(
                    simple(
                            n,
                            "m-1kib",
                            TEXT,
                            utf8("1 KiB"),
                            List.of(
                                    att(
                                            n,
                                            0,
                                            "image/png",
                                            expand(n, "attachment-plaintext-0", 1024)))));
        }

        // a kid of 32 characters, the limit, using every punctuation character allowed
        {
            String kid = "Kid_2026-12-01.rotation-0001.v2x";
            if (kid.length() != Limits.MAX_KID_CHARS) {
                throw new IllegalStateException("kid must be 32 characters");
            }
            cases.add(
                    new Case(
                            "kid-32-chars",
                            "kid-32-chars",
                            "m-kid",
                            "alice",
                            "conv-1",
                            SENT,
                            List.of(),
                            TEXT,
                            utf8("long kid"),
                            List.of(),
                            kid,
                            "bob",
                            RECEIVED));
        }

        // the smallest fields: one-byte ids and content type, a one-character kid, empty body
        cases.add(
                new Case(
                        "minimal",
                        "minimal",
                        "m",
                        "s",
                        "c",
                        1,
                        List.of(),
                        "t",
                        new byte[0],
                        List.of(),
                        "k",
                        "r",
                        2));
        return cases;
    }

    /** The whole file: pretty-printed, ASCII only (non-ASCII escaped), LF line ends. */
    public static String render() {
        JsonMapper mapper = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
        ObjectNode root = mapper.createObjectNode();
        root.put("version", VERSION);
        ArrayNode arr = root.putArray("cases");
        for (Case c : cases()) {
            arr.add(render(mapper, c));
        }
        DefaultIndenter lf = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter pp =
                new DefaultPrettyPrinter(
                                Separators.createDefaultInstance()
                                        .withObjectNameValueSpacing(Separators.Spacing.AFTER)
                                        .withArrayEmptySeparator("")
                                        .withObjectEmptySeparator(""))
                        .withObjectIndenter(lf)
                        .withArrayIndenter(lf);
        return mapper.writer().with(pp).writeValueAsString(root) + "\n";
    }

    private static ObjectNode render(JsonMapper mapper, Case c) {
        MessageContent content = c.content();
        FrankingKey fk = c.frankingKey();
        Opening opening = Opening.restore(content, fk);
        Commitment commitment = opening.commitment();

        // §3: a route under a salt of this recipient's, stamped by a key that signs at receivedAt
        RouteSalt salt = RouteSalt.fromBytes(derive(c.name(), "route-salt", 16));
        Route route =
                Route.compute(
                        salt,
                        content.senderId(),
                        c.recipientId(),
                        content.conversationId(),
                        content.messageId());
        byte[] stampSecret = derive(c.seed(), "stamp-key", 32);
        Instant at = Instant.ofEpochMilli(c.receivedAt());
        InMemoryStampKeyRing ring = new InMemoryStampKeyRing();
        ring.add(
                StampKey.restore(
                        new Kid(c.kid()), stampSecret, at, Duration.ofMillis(1), Duration.ZERO));
        Stamp stamp = new Stamper(ring, Clock.fixed(at, ZoneOffset.UTC)).stamp(commitment, route);

        // §2, §6: blob keys per attachment; the first attachment's blob is the case's attachment
        List<BlobRef> blobs = new ArrayList<>();
        for (int i = 0; i < c.attachments().size(); i++) {
            blobs.add(
                    BlobRef.of(
                            AttachmentKey.fromBytes(derive(c.seed(), "blob-key-" + i, 32)),
                            c.attachments().get(i).locator()));
        }
        MessageKey envKey = MessageKey.fromBytes(derive(c.name(), "envelope-key", 32));
        byte[] envNonce = derive(c.name(), "envelope-nonce", 12);
        byte[] envelope = Envelope.seal(envKey, opening, blobs, fixed(envNonce));

        ObjectNode o = mapper.createObjectNode();
        o.put("name", c.name());
        ObjectNode jc = o.putObject("content");
        jc.put("messageId", content.messageId());
        jc.put("senderId", content.senderId());
        jc.put("conversationId", content.conversationId());
        jc.put("sentAt", content.sentAt());
        ArrayNode jp = jc.putArray("prev");
        content.prev().forEach(p -> jp.add(p.toBase64()));
        jc.put("contentType", content.contentType());
        jc.put("body", B64.encode(content.body()));
        ArrayNode ja = jc.putArray("attachments");
        for (AttachmentDescriptor a : content.attachments()) {
            ObjectNode jd = ja.addObject();
            jd.put("contentType", a.contentType());
            jd.put("size", a.size());
            jd.put("sha256", B64.encode(a.sha256()));
        }
        o.put("frankingKey", B64.encode(fk.toBytes(InsecureSecretAccess.get())));
        o.put("contentBytes", B64.encode(content.contentBytes()));
        o.put("commitment", commitment.toBase64());
        ObjectNode js = o.putObject("stamp");
        js.put("kid", stamp.kid().value());
        js.put("stampKey", B64.encode(stampSecret));
        js.put("recipientId", c.recipientId());
        js.put("routeSalt", salt.toBase64());
        js.put("route", route.toBase64());
        js.put("receivedAt", stamp.receivedAt());
        js.put("mac", stamp.macBase64());
        ObjectNode je = o.putObject("envelope");
        je.put("key", B64.encode(envKey.toBytes(InsecureSecretAccess.get())));
        je.put("nonce", B64.encode(envNonce));
        ArrayNode jk = je.putArray("blobKeys");
        ArrayNode jl = je.putArray("locators");
        for (BlobRef b : blobs) {
            jk.add(B64.encode(b.key().toBytes(InsecureSecretAccess.get())));
            jl.add(B64.encode(b.locator()));
        }
        je.put("payload", B64.encode(Envelope.payload(opening, blobs)));
        je.put("envelope", B64.encode(envelope));
        if (!blobs.isEmpty()) {
            byte[] plaintext = c.attachments().get(0).plaintext();
            byte[] nonce = derive(c.seed(), "attachment-nonce", 12);
            AttachmentKey key = blobs.get(0).key();
            ObjectNode jt = o.putObject("attachment");
            jt.put("key", B64.encode(key.toBytes(InsecureSecretAccess.get())));
            jt.put("nonce", B64.encode(nonce));
            jt.put("plaintext", B64.encode(plaintext));
            jt.put("blob", B64.encode(AttachmentCipher.encrypt(key, plaintext, fixed(nonce))));
        }
        return o;
    }

    /** A randomness source that hands out exactly {@code bytes}, once. */
    static RandomBytes fixed(byte[] bytes) {
        boolean[] used = {false};
        return out -> {
            if (used[0] || out.length != bytes.length) {
                throw new IllegalStateException("unexpected draw of " + out.length + " bytes");
            }
            used[0] = true;
            System.arraycopy(bytes, 0, out, 0, out.length);
        };
    }

    /** The first {@code n} (at most 32) bytes of SHA-256("franking/v2/vectors|seed|label"). */
    static byte[] derive(String seed, String label, int n) {
        return Arrays.copyOf(sha256(utf8("franking/v2/vectors|" + seed + "|" + label)), n);
    }

    /** SHA-256("franking/v2/vectors|seed|label|i") for i = 0, 1, ..., concatenated, cut to n. */
    static byte[] expand(String seed, String label, int n) {
        byte[] out = new byte[n];
        for (int i = 0, off = 0; off < n; i++, off += 32) {
            byte[] h = sha256(utf8("franking/v2/vectors|" + seed + "|" + label + "|" + i));
            System.arraycopy(h, 0, out, off, Math.min(32, n - off));
        }
        return out;
    }

    private static String pad(String prefix, char c, int bytes) {
        return prefix + String.valueOf(c).repeat(bytes - prefix.length());
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
