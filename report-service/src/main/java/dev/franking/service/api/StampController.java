package dev.franking.service.api;

import dev.franking.service.stampkeys.StampKeyService;
import dev.franking.v2.Limits;
import dev.franking.v2.Stamper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;

/**
 * {@code POST /api/v2/stamps} (PROTOCOL.md §3, §7): the relay, authenticated with scope {@code
 * stamp}, sends commitments and salted route digests and gets one stamp per route. The request
 * carries no identifier, and nothing of it (commitment, route, mac) is logged, stored or put in an
 * error: a refusal names the field and the limit, never the value.
 *
 * <p>This is the service's hottest path (a relay sends every message through it), so it does not go
 * through data binding: Jackson's streaming parser reads the body straight into byte arrays (the
 * base64 is decoded from the parser's character buffer, no string per field), the library stamps
 * the whole batch with the key's precomputed HMAC state, and the answer, whose length is known in
 * advance, is written as bytes. Everything is parsed and checked before anything is stamped or
 * written, so a bad request gets a 400 and no stamp.
 */
@RestController
class StampController {
    /**
     * A plain factory, not the application's mapper: the shape is fixed and checked here, repeated
     * keys included. Strings can be no longer than the largest valid request holds.
     */
    private static final JsonFactory JSON =
            JsonFactory.builder()
                    .streamReadConstraints(
                            StreamReadConstraints.builder()
                                    .maxNestingDepth(8)
                                    .maxStringLength(64 * 1024)
                                    .maxNameLength(1024)
                                    .maxNumberLength(32)
                                    .build())
                    .build();

    private static final int HASH = Limits.HASH_BYTES;

    /** Base64url characters of 32 bytes, unpadded. */
    private static final int HASH_B64 = 43;

    private static final byte[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
                    .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] VALUES = new byte[128];

    static {
        Arrays.fill(VALUES, (byte) -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            VALUES[ALPHABET[i]] = (byte) i;
        }
    }

    private final Stamper stamper;
    private final Counter issued;

    StampController(StampKeyService keys, Clock clock, MeterRegistry metrics) {
        this.stamper = new Stamper(keys, clock);
        this.issued =
                Counter.builder("franking.stamps.issued")
                        .description("stamps issued")
                        .register(metrics);
    }

    @PostMapping(path = "/api/v2/stamps", consumes = MediaType.APPLICATION_JSON_VALUE)
    void stamp(HttpServletRequest req, HttpServletResponse res) throws IOException {
        Batch b = read(req.getInputStream());
        byte[] macs = new byte[b.routeCount * HASH];
        Stamper.Batch done =
                stamper.stamp(b.commitments, b.routeCounts, b.messages, b.routes, macs);
        issued.increment(b.routeCount);
        write(res, b, done, macs);
    }

    /** A parsed request: {@code messages} commitments, their route counts, and all routes. */
    static final class Batch {
        byte[] commitments = new byte[4 * HASH];
        int[] routeCounts = new int[4];
        int messages;
        byte[] routes = new byte[16 * HASH];
        int routeCount;
    }

    /** A form error: the 400's stable code, and (for one message's problem) its index. */
    private static ApiException badRequest(String code, String detail, int index) {
        if (index < 0) {
            return ApiException.badRequest(code, detail);
        }
        return new ApiException(
                HttpStatus.BAD_REQUEST,
                code,
                "message " + index + ": " + detail,
                java.util.List.of(new Problems.Failure(index, code)),
                null);
    }

    static Batch read(InputStream in) {
        try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), in)) {
            Batch b = new Batch();
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw badRequest("invalid_field", "the body must be a JSON object", -1);
            }
            boolean seen = false;
            for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                String name = p.currentName();
                if (!"messages".equals(name)) {
                    throw badRequest(
                            "unknown_field", "only \"messages\" is allowed at the top", -1);
                }
                if (seen) {
                    throw badRequest("duplicate_key", "\"messages\" appears twice", -1);
                }
                seen = true;
                if (p.nextToken() != JsonToken.START_ARRAY) {
                    throw badRequest("invalid_field", "messages must be an array", -1);
                }
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    if (b.messages == Limits.MAX_STAMP_MESSAGES) {
                        throw badRequest(
                                "too_many_messages",
                                "at most " + Limits.MAX_STAMP_MESSAGES + " messages a request",
                                -1);
                    }
                    message(p, b);
                }
            }
            if (p.nextToken() != null) {
                throw badRequest("malformed_json", "trailing content after the JSON object", -1);
            }
            if (b.messages == 0) {
                throw badRequest(
                        "no_messages",
                        "messages must hold 1.." + Limits.MAX_STAMP_MESSAGES + " messages",
                        -1);
            }
            return b;
        } catch (JacksonException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof BodyLimitFilter.TooLarge) {
                    throw new ApiException(
                            HttpStatus.CONTENT_TOO_LARGE,
                            "too_large",
                            "the request body is over the stamp request limit");
                }
            }
            // the parser's message quotes the input; it is not passed on
            throw badRequest("malformed_json", "the request body is not well-formed JSON", -1);
        }
    }

    private static void message(JsonParser p, Batch b) {
        int i = b.messages;
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw badRequest("invalid_field", "a message must be an object", i);
        }
        if (b.commitments.length < (i + 1) * HASH) {
            b.commitments =
                    Arrays.copyOf(
                            b.commitments,
                            Math.min(b.commitments.length * 4, Limits.MAX_STAMP_MESSAGES * HASH));
            b.routeCounts = Arrays.copyOf(b.routeCounts, b.commitments.length / HASH);
        }
        boolean commitment = false;
        boolean routes = false;
        int first = b.routeCount;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if ("commitment".equals(name)) {
                if (commitment) {
                    throw badRequest("duplicate_key", "\"commitment\" appears twice", i);
                }
                commitment = true;
                if (v != JsonToken.VALUE_STRING) {
                    throw badRequest("invalid_field", "commitment must be a base64url string", i);
                }
                if (!decode32(p, b.commitments, i * HASH, i)) {
                    throw badRequest("invalid_commitment", "commitment must be 32 bytes", i);
                }
            } else if ("routes".equals(name)) {
                if (routes) {
                    throw badRequest("duplicate_key", "\"routes\" appears twice", i);
                }
                routes = true;
                if (v != JsonToken.START_ARRAY) {
                    throw badRequest("invalid_field", "routes must be an array", i);
                }
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    if (b.routeCount - first == Limits.MAX_ROUTES_PER_MESSAGE) {
                        throw badRequest(
                                "too_many_routes",
                                "at most " + Limits.MAX_ROUTES_PER_MESSAGE + " routes a message",
                                i);
                    }
                    if (b.routeCount == Limits.MAX_ROUTES_PER_REQUEST) {
                        throw badRequest(
                                "too_many_stamps",
                                "at most " + Limits.MAX_ROUTES_PER_REQUEST + " routes a request",
                                i);
                    }
                    if (p.currentToken() != JsonToken.VALUE_STRING) {
                        throw badRequest("invalid_field", "a route must be a base64url string", i);
                    }
                    if (b.routes.length < (b.routeCount + 1) * HASH) {
                        b.routes =
                                Arrays.copyOf(
                                        b.routes,
                                        Math.min(
                                                b.routes.length * 4,
                                                Limits.MAX_ROUTES_PER_REQUEST * HASH));
                    }
                    if (!decode32(p, b.routes, b.routeCount * HASH, i)) {
                        throw badRequest("invalid_route", "a route must be 32 bytes", i);
                    }
                    b.routeCount++;
                }
            } else {
                throw badRequest("unknown_field", "a message has only commitment and routes", i);
            }
        }
        if (!commitment || !routes) {
            throw badRequest("missing_field", "a message needs commitment and routes", i);
        }
        if (b.routeCount == first) {
            throw badRequest(
                    "no_routes",
                    "routes must hold 1.." + Limits.MAX_ROUTES_PER_MESSAGE + " routes",
                    i);
        }
        b.routeCounts[i] = b.routeCount - first;
        b.messages++;
    }

    /**
     * Decodes the current string token, which must be canonical unpadded base64url (PROTOCOL.md
     * §0), into {@code out[off, off+32)}, from the parser's own buffer.
     *
     * @return whether it was exactly 32 bytes (the caller names the field in its refusal)
     */
    private static boolean decode32(JsonParser p, byte[] out, int off, int i) {
        char[] c = p.getTextCharacters();
        int from = p.getTextOffset();
        int n = p.getTextLength();
        if (n % 4 == 1) {
            throw badRequest("invalid_base64", "not base64url: invalid length", i);
        }
        int acc = 0;
        int bits = 0;
        int o = off;
        int end = off + HASH;
        for (int k = 0; k < n; k++) {
            char ch = c[from + k];
            int v = ch < 128 ? VALUES[ch] : -1;
            if (v < 0) {
                throw badRequest(
                        "invalid_base64", "not base64url: a character outside its alphabet", i);
            }
            acc = (acc << 6) | v;
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                if (o < end) {
                    out[o] = (byte) (acc >>> bits);
                }
                o++;
                acc &= (1 << bits) - 1;
            }
        }
        if (acc != 0) {
            throw badRequest(
                    "invalid_base64", "not canonical base64url: non-zero trailing bits", i);
        }
        return o == end;
    }

    private static final byte[] OPEN = "{\"stamps\":[".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KID = "{\"kid\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] AT = "\",\"receivedAt\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MAC = ",\"mac\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLOSE = "]}".getBytes(StandardCharsets.US_ASCII);

    /**
     * {@code {"stamps":[[{"kid":"..","receivedAt":n,"mac":".."},..],..]}}: every stamp has the same
     * length (one kid, one time, 43 characters of mac), so the body's length is known and it is
     * written in a few large chunks, without a JSON generator. The kid is {@code [A-Za-z0-9._-]}
     * and base64url needs no escaping.
     */
    private static void write(HttpServletResponse res, Batch b, Stamper.Batch done, byte[] macs)
            throws IOException {
        byte[] stamp = new byte[KID.length + 32 + AT.length + 20 + MAC.length + HASH_B64 + 2];
        int head = 0;
        head = put(stamp, head, KID);
        head = put(stamp, head, done.kid().value().getBytes(StandardCharsets.US_ASCII));
        head = put(stamp, head, AT);
        head =
                put(
                        stamp,
                        head,
                        Long.toString(done.receivedAt()).getBytes(StandardCharsets.US_ASCII));
        head = put(stamp, head, MAC);
        int one = head + HASH_B64 + 2; // mac, closing quote and brace
        long length =
                OPEN.length
                        + CLOSE.length
                        + 2L * b.messages // [ ] of each message
                        + (b.messages - 1) // , between messages
                        + (long) one * b.routeCount
                        + (b.routeCount - b.messages); // , between stamps of a message
        res.setStatus(200);
        res.setContentType(MediaType.APPLICATION_JSON_VALUE);
        res.setContentLengthLong(length);
        OutputStream out = res.getOutputStream();
        byte[] buf =
                new byte[Math.min(64 * 1024, (int) Math.min(length, Integer.MAX_VALUE)) + one + 16];
        int n = put(buf, 0, OPEN);
        int r = 0;
        for (int i = 0; i < b.messages; i++) {
            if (i > 0) {
                buf[n++] = ',';
            }
            buf[n++] = '[';
            for (int j = 0; j < b.routeCounts[i]; j++, r++) {
                if (n + one + 8 > buf.length) {
                    out.write(buf, 0, n);
                    n = 0;
                }
                if (j > 0) {
                    buf[n++] = ',';
                }
                System.arraycopy(stamp, 0, buf, n, head);
                n += head;
                n = encode32(macs, r * HASH, buf, n);
                buf[n++] = '"';
                buf[n++] = '}';
            }
            buf[n++] = ']';
        }
        if (n + CLOSE.length > buf.length) {
            out.write(buf, 0, n);
            n = 0;
        }
        n = put(buf, n, CLOSE);
        out.write(buf, 0, n);
    }

    private static int put(byte[] dst, int at, byte[] src) {
        System.arraycopy(src, 0, dst, at, src.length);
        return at + src.length;
    }

    /** 32 bytes as 43 characters of unpadded base64url. */
    private static int encode32(byte[] src, int off, byte[] dst, int at) {
        int s = off;
        for (int k = 0; k < 10; k++, s += 3) {
            int v = (src[s] & 0xff) << 16 | (src[s + 1] & 0xff) << 8 | (src[s + 2] & 0xff);
            dst[at++] = ALPHABET[v >>> 18];
            dst[at++] = ALPHABET[(v >>> 12) & 63];
            dst[at++] = ALPHABET[(v >>> 6) & 63];
            dst[at++] = ALPHABET[v & 63];
        }
        int v = (src[s] & 0xff) << 8 | (src[s + 1] & 0xff);
        dst[at++] = ALPHABET[v >>> 10];
        dst[at++] = ALPHABET[(v >>> 4) & 63];
        dst[at++] = ALPHABET[(v << 2) & 63];
        return at;
    }
}
