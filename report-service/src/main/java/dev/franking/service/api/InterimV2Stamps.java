package dev.franking.service.api;

import dev.franking.service.reports.StampKeysV2;
import dev.franking.service.stampkeys.StampKeyService;
import dev.franking.v2.Commitment;
import dev.franking.v2.Route;
import dev.franking.v2.Stamp;
import dev.franking.v2.Stamper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.web.HttpRequestHandler;
import org.springframework.web.servlet.handler.SimpleUrlHandlerMapping;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/v2/stamps} in the shape of PROTOCOL.md §7, until the stamp endpoint proper
 * ({@code StampController}, being moved to v2 on its own branch) serves it: the report path and its
 * clients speak v2 now and need v2 stamps. Mapped after every controller, so that once a controller
 * maps the path this handler is never reached; then this class goes. Learns no identifier and
 * writes nothing, as §3 says.
 */
@Configuration(proxyBeanMethods = false)
class InterimV2Stamps {
    private static final int MAX_MESSAGES = 1_000;
    private static final int MAX_ROUTES = 10_000;

    record StampsRequest(List<StampMessage> messages) {}

    record StampMessage(String commitment, List<String> routes) {}

    record StampOut(String kid, long receivedAt, String mac) {}

    record StampsResponse(List<List<StampOut>> stamps) {}

    @Bean
    SimpleUrlHandlerMapping interimV2StampsMapping(
            StampKeyService keys, Clock clock, JsonMapper json) {
        Stamper stamper = new Stamper(new StampKeysV2(keys), clock);
        HttpRequestHandler handler = (req, res) -> handle(req, res, stamper, json);
        SimpleUrlHandlerMapping m = new SimpleUrlHandlerMapping(Map.of("/api/v2/stamps", handler));
        // after the annotated controllers (order 0), before the static resources
        m.setOrder(1);
        return m;
    }

    private static void handle(
            HttpServletRequest req, HttpServletResponse res, Stamper stamper, JsonMapper json)
            throws IOException {
        if (!"POST".equals(req.getMethod())) {
            Problems.write(
                    res,
                    HttpStatus.METHOD_NOT_ALLOWED,
                    "method_not_allowed",
                    "Method Not Allowed",
                    "POST only");
            return;
        }
        StampsRequest body;
        try {
            body = json.readValue(req.getInputStream(), StampsRequest.class);
        } catch (JacksonException e) {
            bad(res, "malformed_json", "the body is not the JSON of a stamp request");
            return;
        }
        if (body == null || body.messages() == null || body.messages().isEmpty()) {
            bad(res, "no_messages", "messages must hold 1..1000 messages");
            return;
        }
        if (body.messages().size() > MAX_MESSAGES) {
            bad(res, "too_many_messages", "at most 1000 messages a request");
            return;
        }
        List<Commitment> commitments = new ArrayList<>();
        List<List<Route>> routes = new ArrayList<>();
        int total = 0;
        try {
            for (StampMessage m : body.messages()) {
                if (m == null
                        || m.routes() == null
                        || m.routes().isEmpty()
                        || m.routes().size() > MAX_MESSAGES) {
                    bad(res, "invalid_field", "every message needs 1..1000 routes");
                    return;
                }
                total += m.routes().size();
                commitments.add(Commitment.fromBase64(m.commitment()));
                List<Route> rs = new ArrayList<>(m.routes().size());
                for (String r : m.routes()) {
                    rs.add(Route.fromBase64(r));
                }
                routes.add(rs);
            }
        } catch (IllegalArgumentException e) {
            bad(res, "invalid_field", "commitments and routes are B64 of 32 bytes");
            return;
        }
        if (total > MAX_ROUTES) {
            bad(res, "too_many_stamps", "at most 10000 routes a request");
            return;
        }
        List<List<StampOut>> out = new ArrayList<>(commitments.size());
        for (int i = 0; i < commitments.size(); i++) {
            List<StampOut> one = new ArrayList<>();
            for (Stamp s : stamper.stamp(commitments.get(i), routes.get(i))) {
                one.add(new StampOut(s.kid().value(), s.receivedAt(), s.macBase64()));
            }
            out.add(one);
        }
        byte[] bytes = json.writeValueAsBytes(new StampsResponse(out));
        res.setStatus(200);
        res.setContentType("application/json");
        res.setContentLength(bytes.length);
        res.getOutputStream().write(bytes);
    }

    private static void bad(HttpServletResponse res, String code, String detail)
            throws IOException {
        Problems.write(res, HttpStatus.BAD_REQUEST, code, "Bad Request", detail);
    }
}
