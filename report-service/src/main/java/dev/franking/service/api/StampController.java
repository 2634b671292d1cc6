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
 * {@code POST /api/v1/stamps} (PROTOCOL.md §3, §7): the relay, authenticated with scope
 * {@code stamp}, asks for one stamp per recipient of each message. The sender comes in the body,
 * because the relay is what authenticated the sender. Stateless: nothing is written.
 */
@RestController
public class StampController {
    private final StampKeyService keys;
    private final Clock clock;
    private final Counter issued;

    public StampController(StampKeyService keys, Clock clock, MeterRegistry metrics) {
        this.keys = keys;
        this.clock = clock;
        this.issued = Counter.builder("franking.stamps.issued").description("stamps issued").register(metrics);
    }

    @PostMapping(path = "/api/v1/stamps", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    public ApiDtos.StampsResponse stamp(@RequestBody ApiDtos.StampsRequest req) {
        if (req == null || req.messages() == null || req.messages().isEmpty()) {
            throw ApiException.badRequest("no_messages", "messages must hold 1.." + Limits.MAX_STAMP_MESSAGES + " messages");
        }
        if (req.messages().size() > Limits.MAX_STAMP_MESSAGES) {
            throw ApiException.badRequest("too_many_messages", "at most " + Limits.MAX_STAMP_MESSAGES + " messages a request");
        }
        int total = 0;
        List<Problems.Failure> failures = new ArrayList<>();
        List<Commitment> commitments = new ArrayList<>(req.messages().size());
        for (int i = 0; i < req.messages().size(); i++) {
            ApiDtos.StampMessage m = req.messages().get(i);
            String code = check(m);
            if (code != null) {
                failures.add(new Problems.Failure(i, code));
                commitments.add(null);
                continue;
            }
            total += m.recipientIds().size();
            commitments.add(Commitment.fromBase64(m.commitment()));
        }
        if (total > Limits.MAX_STAMPS_PER_REQUEST) {
            throw ApiException.badRequest("too_many_stamps", "at most " + Limits.MAX_STAMPS_PER_REQUEST + " stamps (recipients) a request");
        }
        if (!failures.isEmpty()) {
            throw new ApiException(org.springframework.http.HttpStatus.BAD_REQUEST, failures.get(0).code(),
                    failures.size() + " message(s) are invalid", failures, null);
        }
        long now = clock.millis();
        StampKey key = keys.current(java.time.Instant.ofEpochMilli(now));
        String kid = key.kid().value();
        List<List<ApiDtos.StampOut>> out = new ArrayList<>(req.messages().size());
        for (int i = 0; i < req.messages().size(); i++) {
            ApiDtos.StampMessage m = req.messages().get(i);
            List<ApiDtos.StampOut> perMessage = new ArrayList<>(m.recipientIds().size());
            for (String r : m.recipientIds()) {
                Stamp s = Stamper.stamp(key, commitments.get(i), new StampContext(m.senderId(), r, m.conversationId(), m.messageId()), now);
                perMessage.add(new ApiDtos.StampOut(r, kid, now, B64.encode(s.mac())));
            }
            out.add(perMessage);
        }
        issued.increment(total);
        return new ApiDtos.StampsResponse(out);
    }

    /** The first problem with a message, as a code, or null. */
    private static String check(ApiDtos.StampMessage m) {
        if (m == null || m.messageId() == null || m.senderId() == null || m.conversationId() == null
                || m.commitment() == null || m.recipientIds() == null) {
            return "missing_field";
        }
        if (m.recipientIds().isEmpty()) {
            return "no_recipients";
        }
        byte[] c;
        try {
            c = B64.decode(m.commitment());
        } catch (IllegalArgumentException e) {
            return "invalid_base64";
        }
        if (c.length != Limits.MAC_BYTES) {
            return "invalid_commitment";
        }
        try {
            for (String r : m.recipientIds()) {
                new StampContext(m.senderId(), r, m.conversationId(), m.messageId());
            }
        } catch (LimitException e) {
            return e.code().code();
        } catch (NullPointerException e) {
            return "missing_field";
        }
        return null;
    }
}
