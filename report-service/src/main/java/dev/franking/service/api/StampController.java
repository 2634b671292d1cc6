package dev.franking.service.api;

import dev.franking.B64;
import dev.franking.Commitment;
import dev.franking.LimitException;
import dev.franking.Limits;
import dev.franking.Stamp;
import dev.franking.StampContext;
import dev.franking.StampKey;
import dev.franking.Stamper;
import dev.franking.service.stampkeys.StampKeyService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/stamps} (PROTOCOL.md §3, §7): the relay, authenticated with scope {@code
 * stamp}, asks for one stamp per recipient of each message. The sender comes in the body, because
 * the relay is what authenticated the sender. Stateless: nothing is written.
 */
@RestController
class StampController {
    private final StampKeyService keys;
    private final Clock clock;
    private final Counter issued;

    StampController(StampKeyService keys, Clock clock, MeterRegistry metrics) {
        this.keys = keys;
        this.clock = clock;
        this.issued =
                Counter.builder("franking.stamps.issued")
                        .description("stamps issued")
                        .register(metrics);
    }

    @PostMapping(
            path = "/api/v1/stamps",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public ApiDtos.StampsResponse stamp(@RequestBody ApiDtos.StampsRequest req) {
        if (req == null || req.messages() == null || req.messages().isEmpty()) {
            throw ApiException.badRequest(
                    "no_messages",
                    "messages must hold 1.." + Limits.MAX_STAMP_MESSAGES + " messages");
        }
        if (req.messages().size() > Limits.MAX_STAMP_MESSAGES) {
            throw ApiException.badRequest(
                    "too_many_messages",
                    "at most " + Limits.MAX_STAMP_MESSAGES + " messages a request");
        }
        int total = 0;
        List<Problems.Failure> failures = new ArrayList<>();
        List<Checked> checked = new ArrayList<>(req.messages().size());
        for (int i = 0; i < req.messages().size(); i++) {
            Checked c = check(req.messages().get(i));
            checked.add(c);
            if (c.code() != null) {
                failures.add(new Problems.Failure(i, c.code()));
                continue;
            }
            total += c.contexts().size();
        }
        if (total > Limits.MAX_STAMPS_PER_REQUEST) {
            throw ApiException.badRequest(
                    "too_many_stamps",
                    "at most " + Limits.MAX_STAMPS_PER_REQUEST + " stamps (recipients) a request");
        }
        if (!failures.isEmpty()) {
            throw new ApiException(
                    org.springframework.http.HttpStatus.BAD_REQUEST,
                    failures.get(0).code(),
                    failures.size() + " message(s) are invalid",
                    failures,
                    null);
        }
        long now = clock.millis();
        StampKey key = keys.current(java.time.Instant.ofEpochMilli(now));
        String kid = key.kid().value();
        List<List<ApiDtos.StampOut>> out = new ArrayList<>(req.messages().size());
        for (Checked c : checked) {
            List<ApiDtos.StampOut> perMessage = new ArrayList<>(c.contexts().size());
            for (StampContext ctx : c.contexts()) {
                Stamp s = Stamper.stamp(key, c.commitment(), ctx, now);
                perMessage.add(
                        new ApiDtos.StampOut(ctx.recipientId(), kid, now, B64.encode(s.mac())));
            }
            out.add(perMessage);
        }
        issued.increment(total);
        return new ApiDtos.StampsResponse(out);
    }

    /**
     * A message checked once: its first problem as a code, or its commitment and one routing
     * context per recipient.
     */
    private record Checked(String code, Commitment commitment, List<StampContext> contexts) {
        static Checked failed(String code) {
            return new Checked(code, null, List.of());
        }
    }

    private static Checked check(ApiDtos.StampMessage m) {
        if (m == null
                || m.messageId() == null
                || m.senderId() == null
                || m.conversationId() == null
                || m.commitment() == null
                || m.recipientIds() == null) {
            return Checked.failed("missing_field");
        }
        if (m.recipientIds().isEmpty()) {
            return Checked.failed("no_recipients");
        }
        byte[] c;
        try {
            c = B64.decode(m.commitment());
        } catch (IllegalArgumentException e) {
            return Checked.failed("invalid_base64");
        }
        if (c.length != Limits.MAC_BYTES) {
            return Checked.failed("invalid_commitment");
        }
        List<StampContext> contexts = new ArrayList<>(m.recipientIds().size());
        try {
            for (String r : m.recipientIds()) {
                contexts.add(new StampContext(m.senderId(), r, m.conversationId(), m.messageId()));
            }
        } catch (LimitException e) {
            return Checked.failed(e.code().code());
        }
        return new Checked(null, new Commitment(c), contexts);
    }
}
