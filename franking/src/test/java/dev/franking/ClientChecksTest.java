package dev.franking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** The recipient's checks of PROTOCOL.md §4, strict B64 of §0 and the content encoding of §1. */
class ClientChecksTest {
    private final SecureRandom random = new SecureRandom();

    private static void assertCode(ThrowingCallable call, FailureCode code) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        FrankingException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    private MessageContent content() {
        return new MessageContent(
                "m1",
                "alice",
                "c1",
                1_764_399_999_000L,
                "text/plain; charset=utf-8",
                "hello, bob".getBytes(StandardCharsets.UTF_8),
                List.of(
                        AttachmentDescriptor.of("image/png", new byte[] {1, 2, 3}),
                        AttachmentDescriptor.of("", new byte[0])));
    }

    // ---- Receipt.check (§4) ----

    @Test
    void aReceiptMatchingWhatTheRelayDeliveredPasses() throws Exception {
        Opening o = Opening.commit(content(), random);
        Receipt.check(o, o.commitment(), "alice", "c1", "m1");
    }

    @Test
    void aReceiptFromAnotherSenderIsWrongSender() {
        Opening o = Opening.commit(content(), random);
        assertCode(
                () -> Receipt.check(o, o.commitment(), "mallory", "c1", "m1"),
                FailureCode.WRONG_SENDER);
        assertCode(
                () -> Receipt.check(o, o.commitment(), "Alice", "c1", "m1"),
                FailureCode.WRONG_SENDER);
    }

    @Test
    void aReceiptInAnotherConversationIsWrongConversation() {
        Opening o = Opening.commit(content(), random);
        assertCode(
                () -> Receipt.check(o, o.commitment(), "alice", "c2", "m1"),
                FailureCode.WRONG_CONVERSATION);
    }

    @Test
    void aReceiptUnderAnotherMessageIdIsWrongMessageId() {
        Opening o = Opening.commit(content(), random);
        assertCode(
                () -> Receipt.check(o, o.commitment(), "alice", "c1", "m2"),
                FailureCode.WRONG_MESSAGE_ID);
    }

    @Test
    void aReceiptWhoseContentDoesNotMatchTheDeliveredCommitmentIsBadCommitment() {
        Opening o = Opening.commit(content(), random);
        // a commitment one bit away
        byte[] c = o.commitment().bytes();
        c[0] ^= 1;
        assertCode(
                () -> Receipt.check(o, new Commitment(c), "alice", "c1", "m1"),
                FailureCode.BAD_COMMITMENT);
        // the same content under another franking key
        Opening other = Opening.commit(content(), random);
        assertCode(
                () -> Receipt.check(o, other.commitment(), "alice", "c1", "m1"),
                FailureCode.BAD_COMMITMENT);
        // other content under the same key
        MessageContent changed =
                new MessageContent(
                        "m1",
                        "alice",
                        "c1",
                        1_764_399_999_000L,
                        "text/plain; charset=utf-8",
                        "hello, bob!".getBytes(StandardCharsets.UTF_8),
                        content().attachments());
        Opening swapped = new Opening(changed, o.frankingKey(), o.commitment());
        assertCode(
                () -> Receipt.check(swapped, o.commitment(), "alice", "c1", "m1"),
                FailureCode.BAD_COMMITMENT);
        assertCode(swapped::verify, FailureCode.BAD_COMMITMENT);
        // the commitment is checked first: a bad commitment with a wrong sender is still
        // bad_commitment
        assertCode(
                () -> Receipt.check(swapped, o.commitment(), "mallory", "c2", "m2"),
                FailureCode.BAD_COMMITMENT);
    }

    // ---- B64 (§0) ----

    @Test
    void b64RoundTripsEveryLength() {
        for (int n = 0; n < 100; n++) {
            byte[] b = new byte[n];
            random.nextBytes(b);
            String s = B64.encode(b);
            assertThat(s).doesNotContain("=", "+", "/");
            assertThat(B64.decode(s)).isEqualTo(b);
        }
        assertThat(B64.decode("")).isEmpty();
        assertThat(B64.decode("-_-_"))
                .isEqualTo(new byte[] {(byte) 0xfb, (byte) 0xff, (byte) 0xbf});
    }

    @Test
    void b64RejectsPaddingStandardAlphabetWhitespaceAndNonCanonicalBits() {
        String[] bad = {
            "AA==",
            "AAA=",
            "AA=",
            "=", // padding
            "+w",
            "ab+c",
            "/w",
            "ab/c", // the standard alphabet
            " AA",
            "AA ",
            "A A",
            "AA\n",
            "\tAA",
            "AA\r\n", // whitespace
            "A",
            "AAAAA", // no byte string has this length
            "AB",
            "AAB",
            "_-_-_-_-_B", // non-canonical trailing bits ("AA", "AAA", ... are canonical)
            "AP",
            "AAF",
            "é",
            "AA.",
            "AA\u0000" // and other characters
        };
        for (String s : bad) {
            assertThatThrownBy(() -> B64.decode(s))
                    .as("B64.decode(\"%s\")", s)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> B64.decode(null)).isInstanceOf(IllegalArgumentException.class);
        // the canonical neighbours decode
        assertThat(B64.decode("AA")).containsExactly(0);
        assertThat(B64.decode("AAA")).containsExactly(0, 0);
        assertThat(B64.decode("AQ")).containsExactly(1);
    }

    // ---- MessageContent encoding (§1) ----

    @Test
    void contentBytesRoundTripThroughParse() {
        MessageContent c = content();
        byte[] bytes = c.contentBytes();
        MessageContent parsed = MessageContent.parse(bytes);
        assertThat(parsed).isEqualTo(c);
        assertThat(parsed.contentBytes()).isEqualTo(bytes);
    }

    @Test
    void contentBytesHaveTheLayoutOfTheProtocol() {
        MessageContent c =
                new MessageContent(
                        "m", "s", "c", 0x0102030405060708L, "t", new byte[] {9}, List.of());
        byte[] expected =
                concat(
                        lp("franking/v1/content".getBytes(StandardCharsets.UTF_8)),
                        lp(new byte[] {'m'}),
                        lp(new byte[] {'s'}),
                        lp(new byte[] {'c'}),
                        new byte[] {1, 2, 3, 4, 5, 6, 7, 8},
                        lp(new byte[] {'t'}),
                        lp(new byte[] {9}),
                        new byte[] {0, 0, 0, 0});
        assertThat(c.contentBytes()).isEqualTo(expected);
    }

    @Test
    void parseRejectsTrailingBytesAndEveryTruncation() {
        byte[] bytes = content().contentBytes();
        for (int extra = 1; extra <= 3; extra++) {
            byte[] longer = Arrays.copyOf(bytes, bytes.length + extra);
            assertThatThrownBy(() -> MessageContent.parse(longer))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        for (int n = 0; n < bytes.length; n++) {
            byte[] cut = Arrays.copyOf(bytes, n);
            assertThatThrownBy(() -> MessageContent.parse(cut))
                    .as("prefix of %d bytes", n)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void parseRejectsAnotherLabelAndBrokenLimits() {
        byte[] bytes = content().contentBytes();
        byte[] label = bytes.clone();
        label[4] ^= 0x20; // "Franking/v1/content"
        assertThatThrownBy(() -> MessageContent.parse(label))
                .isInstanceOf(IllegalArgumentException.class);
        // an attachment count over the limit
        MessageContent none = new MessageContent("m", "s", "c", 0, "t", new byte[0], List.of());
        byte[] b = none.contentBytes();
        b[b.length - 1] = 33;
        assertThatThrownBy(() -> MessageContent.parse(b))
                .isInstanceOfSatisfying(
                        LimitException.class,
                        e -> assertThat(e.code()).isEqualTo(FailureCode.TOO_MANY_ATTACHMENTS));
        // an identifier that is not UTF-8
        byte[] notUtf8 = none.contentBytes();
        notUtf8[4 + 19 + 4] = (byte) 0xff; // the one byte of message_id
        assertThatThrownBy(() -> MessageContent.parse(notUtf8))
                .isInstanceOfSatisfying(
                        LimitException.class,
                        e -> assertThat(e.code()).isEqualTo(FailureCode.INVALID_ID));
    }

    private static byte[] lp(byte[] x) {
        return concat(
                new byte[] {
                    (byte) (x.length >>> 24),
                    (byte) (x.length >>> 16),
                    (byte) (x.length >>> 8),
                    (byte) x.length
                },
                x);
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int off = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, off, p.length);
            off += p.length;
        }
        return out;
    }
}
