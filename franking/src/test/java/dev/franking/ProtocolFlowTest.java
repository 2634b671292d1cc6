package dev.franking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sender, relay, recipient and report service, end to end through the public API. */
class ProtocolFlowTest {
    private final SecureRandom random = new SecureRandom();
    private final Instant t0 = Instant.parse("2026-11-29T06:00:00Z");
    private final Clock clock = Clock.fixed(t0, ZoneOffset.UTC);
    private final InMemoryStampKeyRing ring =
            new InMemoryStampKeyRing(Duration.ofHours(24), Duration.ofDays(90), random);

    @Test
    void aGroupMessageIsSealedStampedOpenedAndReported() throws Exception {
        byte[] image = "not really a png".getBytes(StandardCharsets.UTF_8);
        MessageContent content =
                new MessageContent(
                        "m1",
                        "alice",
                        "c1",
                        t0.toEpochMilli() - 1000,
                        "text/plain; charset=utf-8",
                        "hello".getBytes(StandardCharsets.UTF_8),
                        List.of(AttachmentDescriptor.of("image/png", image)));
        Opening sent = Opening.commit(content, random);
        SymmetricKey k = SymmetricKey.generate(random);
        byte[] envelope = Envelope.seal(k, sent, random);

        List<Stamp> stamps =
                new Stamper(ring, clock)
                        .stampAll(sent.commitment(), "alice", "c1", "m1", List.of("bob", "carol"));
        assertThat(stamps).hasSize(2);

        Opening received = Envelope.open(k, envelope, sent.commitment());
        assertThat(received.content()).isEqualTo(content);
        Receipt.check(received, sent.commitment(), "alice", "c1", "m1");

        VerifiedReport report =
                new ReportVerifier(ring, clock)
                        .verify(
                                "bob",
                                List.of(SubmittedMessage.of(received, "bob", stamps.get(0))));
        assertThat(report.reported().commitment()).isEqualTo(sent.commitment());
        assertThat(report.reported().stamp().kid()).isEqualTo(stamps.get(0).kid());
        report.reported().content().attachments().get(0).verify(image);

        // carol's stamp does not serve bob
        assertThatThrownBy(
                        () ->
                                new ReportVerifier(ring, clock)
                                        .verify(
                                                "bob",
                                                List.of(
                                                        SubmittedMessage.of(
                                                                received, "bob", stamps.get(1)))))
                .isInstanceOfSatisfying(
                        ReportVerificationException.class,
                        e ->
                                assertThat(e.failures())
                                        .containsExactly(
                                                new ReportVerificationException.Failure(
                                                        0, FailureCode.BAD_STAMP)));
    }

    @Test
    void secretsNeverPrint() {
        FrankingKey fk = FrankingKey.generate(random);
        assertThat(fk.toString()).isEqualTo("FrankingKey[REDACTED]");
        assertThat(SymmetricKey.generate(random).toString()).doesNotContain(B64.encode(fk.bytes()));
        MessageContent c =
                new MessageContent(
                        "m",
                        "s",
                        "c",
                        0,
                        "text/plain",
                        "CANARY".getBytes(StandardCharsets.UTF_8),
                        List.of());
        assertThat(c.toString()).doesNotContain("CANARY");
        assertThat(Opening.commit(c, random).toString())
                .doesNotContain("CANARY")
                .contains("REDACTED");
    }
}
