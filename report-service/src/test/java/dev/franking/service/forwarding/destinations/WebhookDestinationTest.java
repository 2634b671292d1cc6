package dev.franking.service.forwarding.destinations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.franking.service.forwarding.destinations.DestinationException.Kind;
import dev.franking.service.forwarding.destinations.FakeWebhookReceiver.Attempt;
import dev.franking.service.forwarding.destinations.FakeWebhookReceiver.Failure;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The signed webhook destination against a local receiver that verifies like a real one should. */
class WebhookDestinationTest {
    static final byte[] SECRET = "k".repeat(32).getBytes(StandardCharsets.UTF_8);
    static final byte[] PACKAGE =
            "PK\u0003\u0004 not really a zip".getBytes(StandardCharsets.ISO_8859_1);
    static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);

    FakeWebhookReceiver receiver;

    @BeforeEach
    void start() throws Exception {
        receiver = new FakeWebhookReceiver(SECRET, CLOCK);
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    WebhookDestination destination() {
        return new WebhookDestination(receiver.url(), SECRET, CLOCK);
    }

    @Test
    void theSignatureHasAKnownAnswer() {
        // Computed independently: python3 hmac.new(b"k"*32, b"1700000000." + sha256hex(body),
        // sha256)
        String bodySha = "77b73bea72af209200e915f112258a2123f52ac7c80af10b66fa1cde1f9b984a";
        assertThat(FileToUpload.hex("SHA-256", PACKAGE)).isEqualTo(bodySha);
        assertThat(WebhookDestination.signature(SECRET, "1700000000", bodySha))
                .isEqualTo("35dd876d9895c9e9ff0f7dbf0fc1c20a39f74736f0b160448f1aa1825e3c8234");
    }

    @Test
    void aSignedDeliveryIsAcknowledgedWithTheReceiversReference() {
        assertThat(destination().deliver("d-1", PACKAGE)).contains("EVD-1");

        assertThat(receiver.violations()).isEmpty();
        assertThat(receiver.attempts()).containsExactly(new Attempt("d-1", true, 200));
        assertThat(receiver.accepted().get("d-1").body()).isEqualTo(PACKAGE);
    }

    @Test
    void aTwoHundredWithoutABodyIsStillAnAcknowledgement() {
        receiver.withoutReference();
        assertThat(destination().deliver("d-1", PACKAGE)).isEmpty();
        assertThat(receiver.accepted()).containsKey("d-1");
    }

    @Test
    void aRetriedDeliveryCarriesTheSameDeliveryIdAndIsAcceptedOnce() {
        receiver.failNext(Failure.HTTP_503, Failure.DROP_BEFORE);
        WebhookDestination destination = destination();

        DestinationException first =
                catchThrowableOfType(
                        () -> destination.deliver("d-7", PACKAGE), DestinationException.class);
        assertThat(first.kind()).isEqualTo(Kind.RETRYABLE);
        assertThat(first.getMessage())
                .isEqualTo("webhook delivery d-7 was not acknowledged: HTTP 503");
        assertThat(
                        catchThrowableOfType(
                                        () -> destination.deliver("d-7", PACKAGE),
                                        DestinationException.class)
                                .retryable())
                .isTrue();
        // A restart: a new instance, the same delivery id from the outbox row.
        assertThat(destination().deliver("d-7", PACKAGE)).contains("EVD-1");

        assertThat(receiver.attempts())
                .extracting(Attempt::deliveryId)
                .containsExactly("d-7", "d-7", "d-7");
        assertThat(receiver.attempts()).allMatch(Attempt::signatureValid);
        assertThat(receiver.accepted()).hasSize(1);
        assertThat(receiver.violations()).isEmpty();
    }

    @Test
    void aLostAcknowledgementIsResentAndTheReceiverDeduplicates() {
        receiver.failNext(Failure.DROP_AFTER);
        assertThat(
                        catchThrowableOfType(
                                        () -> destination().deliver("d-9", PACKAGE),
                                        DestinationException.class)
                                .kind())
                .isEqualTo(Kind.RETRYABLE);
        assertThat(receiver.accepted()).containsKey("d-9");

        assertThat(destination().deliver("d-9", PACKAGE)).contains("EVD-1");
        assertThat(receiver.accepted()).hasSize(1);
        assertThat(receiver.attempts()).hasSize(2);
    }

    @Test
    void aNonTwoHundredIsAFailure() {
        receiver.failNext(Failure.HTTP_400);
        DestinationException e =
                catchThrowableOfType(
                        () -> destination().deliver("d-2", PACKAGE), DestinationException.class);
        assertThat(e.kind()).isEqualTo(Kind.PERMANENT);
        assertThat(e.getMessage()).isEqualTo("webhook delivery d-2 was not acknowledged: HTTP 400");
        assertThat(receiver.accepted()).isEmpty();
    }

    @Test
    void aWrongSecretIsRefusedByTheReceiver() {
        byte[] other = "o".repeat(32).getBytes(StandardCharsets.UTF_8);
        DestinationException e =
                catchThrowableOfType(
                        () ->
                                new WebhookDestination(receiver.url(), other, CLOCK)
                                        .deliver("d-3", PACKAGE),
                        DestinationException.class);
        assertThat(e.kind()).isEqualTo(Kind.PERMANENT);
        assertThat(e.getMessage()).contains("HTTP 401").contains("shared secret");
        assertThat(receiver.violations()).containsExactly("signature does not verify");
        assertThat(receiver.accepted()).isEmpty();
    }

    @Test
    void aStaleTimestampIsRefusedByTheReceiver() {
        Clock late = Clock.offset(CLOCK, java.time.Duration.ofMinutes(10));
        assertThatThrownBy(
                        () ->
                                new WebhookDestination(receiver.url(), SECRET, late)
                                        .deliver("d-4", PACKAGE))
                .isInstanceOf(DestinationException.class);
        assertThat(receiver.violations()).containsExactly("timestamp outside the tolerance");
    }

    @Test
    void configurationIsChecked() {
        assertThatThrownBy(
                        () ->
                                new WebhookDestination(
                                        URI.create("http://evidence.example.org/in"),
                                        SECRET,
                                        CLOCK))
                .hasMessageContaining("plain http is allowed only to a literal loopback address");
        assertThatThrownBy(
                        () ->
                                new WebhookDestination(
                                        URI.create("https://evidence.example.org/in"),
                                        new byte[16],
                                        CLOCK))
                .hasMessageContaining("at least 32 bytes");
        assertThat(
                        new WebhookDestination(
                                        URI.create("https://evidence.example.org/in"),
                                        SECRET,
                                        CLOCK)
                                .toString())
                .contains("[REDACTED]")
                .doesNotContain("kkkk");
    }
}
