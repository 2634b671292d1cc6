package dev.franking.vectors;

import dev.franking.AttachmentCipher;
import dev.franking.AttachmentDescriptor;
import dev.franking.B64;
import dev.franking.Commitment;
import dev.franking.Envelope;
import dev.franking.FrankingKey;
import dev.franking.Kid;
import dev.franking.MessageContent;
import dev.franking.Opening;
import dev.franking.Stamp;
import dev.franking.StampContext;
import dev.franking.StampKey;
import dev.franking.Stamper;
import dev.franking.SymmetricKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes the known-answer vectors {@code franking/src/test/resources/vectors/franking-v1.json}
 * (format: {@code franking/VECTORS-v1.md}) with the library itself. Every key, nonce and filler
 * byte is derived from SHA-256 of the case's seed and a label, so the output is the same on every
 * run and every machine; {@code KnownAnswerVectorsTest} checks that the committed file is exactly
 * what this class renders.
 *
 * <p>Regenerate (from the repository root):
 *
 * <pre>
 * mvn -B -q -pl franking test-compile exec:java
 * </pre>
 *
 * which runs this class on the test classpath with the file's path as its only argument
 * (exec-maven-plugin is configured in {@code franking/pom.xml}).
 */
public final class GenerateVectors {
    public static final String VERSION = "franking/v1";

    /** The resource the vectors live in, relative to the test classpath. */
    public static final String RESOURCE = "/vectors/franking-v1.json";

    private static final long SENT = 1_764_399_999_000L; // 2025-11-29T07:06:39Z
    private static final long RECEIVED = 1_764_400_000_000L;
    private static final long MAX_SAFE_INTEGER = (1L << 53) - 1; // exact in an IEEE 754 double
    private static final String TEXT = "text/plain; charset=utf-8";
    private static final String KID = "k20261129";

    private GenerateVectors() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: GenerateVectors <output file>");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        Files.createDirectories(out.toAbsolutePath().getParent());
        String json = render();
        Files.writeString(out, json, StandardCharsets.UTF_8);
        System.out.println("wrote " + cases().size() + " cases to " + out.toAbsolutePath());
    }

    /**
     * One vector's inputs. {@code seed} names what recipients of one message share (content,
     * franking key, stamp key, attachment key and nonce); {@code name} alone derives the envelope
     * key and nonce, which are per recipient. If the content has attachments, the first one
     * describes {@code attachmentPlaintext}.
     */
    record Case(
            String name,
            String seed,
            MessageContent content,
            String kid,
            String recipientId,
            long receivedAt,
            byte[] attachmentPlaintext) {
        Case(
                String name,
                MessageContent content,
                String kid,
                String recipientId,
                long receivedAt,
                byte[] attachmentPlaintext) {
            this(name, name, content, kid, recipientId, receivedAt, attachmentPlaintext);
        }
    }

    /** The cases, in file order. */
    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();

        // 1. an ordinary text message without attachments
        {
            String n = "text-message";
            cases.add(
                    new Case(
                            n,
                            new MessageContent(
                                    "5f0c6a1e-3b8e-4c2a-9d57-2b1f0e6c9a41",
                                    "alice",
                                    "conv-1",
                                    SENT,
                                    TEXT,
                                    utf8("Hello, Bob!"),
                                    List.of()),
                            KID,
                            "bob",
                            RECEIVED,
                            utf8("an attachment nobody committed to")));
        }

        // 2-4. one group message, three recipients: one commitment, one stamp per recipient
        {
            String seed = "group-message";
            byte[] photo = expand(seed, "attachment-plaintext", 200);
            MessageContent c =
                    new MessageContent(
                            "m-group-1",
                            "alice",
                            "group-42",
                            SENT,
                            TEXT,
                            utf8("Lunch at noon? \uD83C\uDF5C"),
                            List.of(AttachmentDescriptor.of("image/jpeg", photo)));
            for (String r : List.of("bob", "carol", "dave")) {
                cases.add(new Case("group-message-" + r, seed, c, KID, r, RECEIVED, photo));
            }
        }

        // 5. empty body
        cases.add(
                new Case(
                        "empty-body",
                        new MessageContent(
                                "m-empty", "alice", "conv-1", SENT, TEXT, new byte[0], List.of()),
                        KID,
                        "bob",
                        RECEIVED,
                        utf8("x")));

        // 6. the smallest fields: one-byte ids, one-character kid, empty content type and body
        cases.add(
                new Case(
                        "minimal",
                        new MessageContent("m", "s", "c", 1, "", new byte[0], List.of()),
                        "k",
                        "r",
                        2,
                        new byte[] {0}));

        // 7-8. Unicode ids, compared as bytes: the same names decomposed (NFD) and precomposed
        // (NFC) differ
        {
            String body = "\u3053\u3093\u306B\u3061\u306F \uD83D\uDC4B\uD83C\uDFFD"; // こんにちは 👋🏽
            cases.add(
                    new Case(
                            "unicode-ids-nfd",
                            new MessageContent(
                                    "\uD83D\uDCAC\u2709\uFE0F-msg-1", // 💬✉️-msg-1
                                    "\u674E\u5C0F\u9F8D", // 李小龍
                                    "Cafe\u0301 \u2615 chat", // Café (e + U+0301) ☕ chat
                                    SENT,
                                    TEXT,
                                    utf8(body),
                                    List.of()),
                            KID,
                            "Ame\u0301lie \uD83C\uDDEB\uD83C\uDDF7",
                            RECEIVED,
                            utf8(body))); // Amélie (e + U+0301) 🇫🇷
            cases.add(
                    new Case(
                            "unicode-ids-nfc",
                            new MessageContent(
                                    "\uD83D\uDCAC\u2709\uFE0F-msg-1",
                                    "\u674E\u5C0F\u9F8D",
                                    "Caf\u00E9 \u2615 chat", // Café (U+00E9)
                                    SENT,
                                    TEXT,
                                    utf8(body),
                                    List.of()),
                            KID,
                            "Am\u00E9lie \uD83C\uDDEB\uD83C\uDDF7",
                            RECEIVED,
                            utf8(body)));
        }

        // 9. the largest body, 65,536 bytes: body[i] = (7*i + (i >> 8)) mod 256
        {
            byte[] body = new byte[65_536];
            for (int i = 0; i < body.length; i++) {
                body[i] = (byte) (7 * i + (i >> 8));
            }
            cases.add(
                    new Case(
                            "max-body",
                            new MessageContent(
                                    "m-max-body",
                                    "alice",
                                    "conv-1",
                                    SENT,
                                    "application/octet-stream",
                                    body,
                                    List.of()),
                            KID,
                            "bob",
                            RECEIVED,
                            utf8("y")));
        }

        // 10. every id at its limit of 256 bytes of UTF-8, in 1-, 2-, 3- and 4-byte characters
        {
            String messageId = "m".repeat(256); // 256 x 1 byte
            String senderId = "\uD83D\uDE00".repeat(64); // 64 x 😀, 4 bytes each
            String conversationId = "\u4F1A".repeat(85) + "c"; // 85 x 会, 3 bytes each, + 1
            String recipientId = "\u00E9".repeat(128); // 128 x é, 2 bytes each
            cases.add(
                    new Case(
                            "max-id-length",
                            new MessageContent(
                                    messageId,
                                    senderId,
                                    conversationId,
                                    SENT,
                                    TEXT,
                                    utf8("ids at their limit"),
                                    List.of()),
                            KID,
                            recipientId,
                            RECEIVED,
                            utf8("z")));
        }

        // 11. several attachments of several types
        {
            String n = "several-attachments";
            byte[] first = expand(n, "attachment-plaintext", 300);
            cases.add(
                    new Case(
                            n,
                            new MessageContent(
                                    "m-several",
                                    "alice",
                                    "conv-1",
                                    SENT,
                                    TEXT,
                                    utf8("three files"),
                                    List.of(
                                            AttachmentDescriptor.of("image/png", first),
                                            AttachmentDescriptor.of(
                                                    "application/pdf",
                                                    expand(n, "attachment-1", 4096)),
                                            AttachmentDescriptor.of(
                                                    "audio/ogg; codecs=opus",
                                                    expand(n, "attachment-2", 77)))),
                            KID,
                            "bob",
                            RECEIVED,
                            first));
        }

        // 12. the largest number of attachments, 32
        {
            String n = "max-attachments";
            byte[] first = expand(n, "attachment-plaintext", 64);
            String[] types = {"image/png", "image/jpeg", "video/mp4", "application/pdf"};
            List<AttachmentDescriptor> as = new ArrayList<>();
            as.add(AttachmentDescriptor.of(types[0], first));
            for (int i = 1; i < 32; i++) {
                as.add(
                        AttachmentDescriptor.of(
                                types[i % types.length], expand(n, "attachment-" + i, 16 + i)));
            }
            cases.add(
                    new Case(
                            n,
                            new MessageContent(
                                    "m-32", "alice", "conv-1", SENT, TEXT, utf8("an album"), as),
                            KID,
                            "bob",
                            RECEIVED,
                            first));
        }

        // 13-14. the epoch, and the largest time that a JSON number (an IEEE 754 double) holds
        // exactly
        cases.add(
                new Case(
                        "sent-at-zero",
                        new MessageContent(
                                "m-epoch", "alice", "conv-1", 0, TEXT, utf8("1970"), List.of()),
                        KID,
                        "bob",
                        0,
                        utf8("t")));
        cases.add(
                new Case(
                        "sent-at-max-safe-integer",
                        new MessageContent(
                                "m-far",
                                "alice",
                                "conv-1",
                                MAX_SAFE_INTEGER,
                                TEXT,
                                utf8("285,616 AD"),
                                List.of()),
                        KID,
                        "bob",
                        MAX_SAFE_INTEGER,
                        utf8("u")));

        // 15. content types at their limit of 255 bytes, the message's and an attachment's
        {
            String n = "long-content-type";
            String ct = pad("text/plain; charset=utf-8; x-padding=", 'p', 255);
            String act =
                    pad(
                            "application/vnd.example.franking-vectors+octet-stream; x-padding=",
                            'q',
                            255);
            byte[] a = expand(n, "attachment-plaintext", 50);
            cases.add(
                    new Case(
                            n,
                            new MessageContent(
                                    "m-long-ct",
                                    "alice",
                                    "conv-1",
                                    SENT,
                                    ct,
                                    utf8("long type"),
                                    List.of(AttachmentDescriptor.of(act, a))),
                            KID,
                            "bob",
                            RECEIVED,
                            a));
        }

        // 16. a binary body holding every byte value once, 0x00 to 0xff
        {
            byte[] body = new byte[256];
            for (int i = 0; i < 256; i++) {
                body[i] = (byte) i;
            }
            cases.add(
                    new Case(
                            "binary-body-all-bytes",
                            new MessageContent(
                                    "m-binary",
                                    "alice",
                                    "conv-1",
                                    SENT,
                                    "application/octet-stream",
                                    body,
                                    List.of()),
                            KID,
                            "bob",
                            RECEIVED,
                            body));
        }

        // 17. an empty attachment (size 0, SHA-256 of the empty string)
        cases.add(
                new Case(
                        "empty-attachment",
                        new MessageContent(
                                "m-empty-file",
                                "alice",
                                "conv-1",
                                SENT,
                                TEXT,
                                utf8("empty.txt"),
                                List.of(AttachmentDescriptor.of("text/plain", new byte[0]))),
                        KID,
                        "bob",
                        RECEIVED,
                        new byte[0]));

        // 18. a 1 KiB attachment
        {
            String n = "attachment-1kib";
            byte[] a = expand(n, "attachment-plaintext", 1024);
            cases.add(
                    new Case(
                            n,
                            new MessageContent(
                                    "m-1kib",
                                    "alice",
                                    "conv-1",
                                    SENT,
                                    TEXT,
                                    utf8("1 KiB"),
                                    List.of(AttachmentDescriptor.of("image/png", a))),
                            KID,
                            "bob",
                            RECEIVED,
                            a));
        }

        // 19. a kid of the largest length, 32 characters, using every punctuation character allowed
        {
            String kid = "Kid_2026-11-29.rotation-0001.v1x";
            if (kid.length() != 32) {
                throw new IllegalStateException("kid must be 32 characters");
            }
            cases.add(
                    new Case(
                            "kid-32-chars",
                            new MessageContent(
                                    "m-kid",
                                    "alice",
                                    "conv-1",
                                    SENT,
                                    TEXT,
                                    utf8("long kid"),
                                    List.of()),
                            kid,
                            "bob",
                            RECEIVED,
                            utf8("v")));
        }

        return cases;
    }

    /**
     * The whole file, as committed: pretty-printed, ASCII only (non-ASCII escaped), LF line ends.
     */
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
        FrankingKey fk = new FrankingKey(derive(c.seed(), "franking-key", 32));
        Commitment commitment = Commitment.compute(fk, content);

        byte[] stampSecret = derive(c.seed(), "stamp-key", 32);
        Instant at = Instant.ofEpochMilli(c.receivedAt());
        StampKey stampKey =
                new StampKey(new Kid(c.kid()), stampSecret, at, at.plusMillis(1), at.plusMillis(1));
        Stamp stamp =
                Stamper.stamp(
                        stampKey,
                        commitment,
                        new StampContext(
                                content.senderId(),
                                c.recipientId(),
                                content.conversationId(),
                                content.messageId()),
                        c.receivedAt());

        byte[] envKey = derive(c.name(), "envelope-key", 32);
        byte[] envNonce = derive(c.name(), "envelope-nonce", 12);
        byte[] envelope =
                Envelope.seal(
                        new SymmetricKey(envKey), new Opening(content, fk, commitment), envNonce);

        byte[] attKey = derive(c.seed(), "attachment-key", 32);
        byte[] attNonce = derive(c.seed(), "attachment-nonce", 12);
        byte[] blob =
                AttachmentCipher.encrypt(
                        new SymmetricKey(attKey), c.attachmentPlaintext(), attNonce);

        ObjectNode o = mapper.createObjectNode();
        o.put("name", c.name());
        ObjectNode jc = o.putObject("content");
        jc.put("messageId", content.messageId());
        jc.put("senderId", content.senderId());
        jc.put("conversationId", content.conversationId());
        jc.put("sentAt", content.sentAt());
        jc.put("contentType", content.contentType());
        jc.put("body", B64.encode(content.body()));
        ArrayNode ja = jc.putArray("attachments");
        for (AttachmentDescriptor a : content.attachments()) {
            ObjectNode jd = ja.addObject();
            jd.put("contentType", a.contentType());
            jd.put("size", a.size());
            jd.put("sha256", B64.encode(a.sha256()));
        }
        o.put("frankingKey", B64.encode(fk.bytes()));
        o.put("contentBytes", B64.encode(content.contentBytes()));
        o.put("commitment", commitment.toBase64());
        ObjectNode js = o.putObject("stamp");
        js.put("kid", stamp.kid().value());
        js.put("stampKey", B64.encode(stampSecret));
        js.put("recipientId", c.recipientId());
        js.put("receivedAt", stamp.receivedAt());
        js.put("mac", B64.encode(stamp.mac()));
        ObjectNode je = o.putObject("envelope");
        je.put("key", B64.encode(envKey));
        je.put("nonce", B64.encode(envNonce));
        je.put("envelope", B64.encode(envelope));
        ObjectNode jt = o.putObject("attachment");
        jt.put("key", B64.encode(attKey));
        jt.put("nonce", B64.encode(attNonce));
        jt.put("plaintext", B64.encode(c.attachmentPlaintext()));
        jt.put("blob", B64.encode(blob));
        return o;
    }

    /**
     * The first {@code n} (at most 32) bytes of SHA-256("franking/v1/vectors|" + seed + "|" +
     * label).
     */
    static byte[] derive(String seed, String label, int n) {
        byte[] h = sha256(utf8("franking/v1/vectors|" + seed + "|" + label));
        return java.util.Arrays.copyOf(h, n);
    }

    /**
     * {@code n} filler bytes: SHA-256(... + "|" + i) for i = 0, 1, 2, ..., concatenated and cut to
     * {@code n}.
     */
    static byte[] expand(String seed, String label, int n) {
        byte[] out = new byte[n];
        for (int i = 0, off = 0; off < n; i++, off += 32) {
            byte[] h = sha256(utf8("franking/v1/vectors|" + seed + "|" + label + "|" + i));
            System.arraycopy(h, 0, out, off, Math.min(32, n - off));
        }
        return out;
    }

    private static String pad(String prefix, char c, int bytes) {
        return prefix + String.valueOf(c).repeat(bytes - prefix.length());
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
