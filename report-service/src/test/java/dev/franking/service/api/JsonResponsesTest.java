package dev.franking.service.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.franking.service.Api;
import dev.franking.service.Messenger;
import dev.franking.service.ServiceTestBase;
import dev.franking.service.TestTokens;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.mock.http.MockHttpOutputMessage;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

/**
 * The API's JSON answers go out with a Content-Length (not chunked), whether Tomcat measures them
 * (stamps, report status) or {@link JsonResponses} does (a created report), and their bytes are the
 * ones Spring MVC's own JSON converter writes for the same objects.
 */
class JsonResponsesTest extends ServiceTestBase {
    @Autowired RequestMappingHandlerAdapter mvc;
    @Autowired JsonResponses json;

    /**
     * What Spring MVC's JSON converter writes for {@code body}: the way these responses were
     * written before.
     */
    @SuppressWarnings("unchecked")
    private byte[] mvcJson(Object body) throws Exception {
        for (HttpMessageConverter<?> c : mvc.getMessageConverters()) {
            if (c.canWrite(body.getClass(), MediaType.APPLICATION_JSON)) {
                MockHttpOutputMessage out = new MockHttpOutputMessage();
                ((HttpMessageConverter<Object>) c).write(body, MediaType.APPLICATION_JSON, out);
                return out.getBodyAsBytes();
            }
        }
        throw new AssertionError("no JSON converter");
    }

    private static void assertSentWithLength(Api.Response r) {
        assertThat(r.contentType()).isEqualTo("application/json");
        assertThat(r.headers().firstValue("Transfer-Encoding")).isEmpty();
        assertThat(r.headers().firstValueAsLong("Content-Length"))
                .hasValue(r.body().getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void stampsReportsAndStatusGoOutWithAContentLengthAndTheSameBytes() throws Exception {
        String alice = unique("alice"), bob = unique("bob");
        var compose = messenger.compose(unique("m"), alice, unique("c"), "hello", List.of());
        byte[] commitment = new byte[32];
        byte[] route = new byte[32];
        new java.security.SecureRandom().nextBytes(commitment);
        Api.Response stamped =
                api.post(
                        "/api/v2/stamps",
                        TestTokens.token("relay-1", "stamp"),
                        Map.of(
                                "messages",
                                List.of(
                                        Map.of(
                                                "commitment",
                                                dev.franking.v2.B64.encode(commitment),
                                                "routes",
                                                List.of(
                                                        dev.franking.v2.B64.encode(route),
                                                        dev.franking.v2.B64.encode(commitment))))));
        assertThat(stamped.status()).as(stamped.body()).isEqualTo(200);
        assertSentWithLength(stamped);
        var first = stamped.json().get("stamps").get(0);
        var expectedStamps =
                new ApiDtos.StampsResponse(
                        List.of(
                                List.of(
                                        new ApiDtos.StampOut(
                                                first.get(0).get("kid").asString(),
                                                first.get(0).get("receivedAt").asLong(),
                                                first.get(0).get("mac").asString()),
                                        new ApiDtos.StampOut(
                                                first.get(1).get("kid").asString(),
                                                first.get(1).get("receivedAt").asLong(),
                                                first.get(1).get("mac").asString()))));
        // written by hand by the stamp controller, byte for byte what Spring MVC would write
        assertThat(stamped.body())
                .isEqualTo(new String(mvcJson(expectedStamps), StandardCharsets.UTF_8));

        var held = messenger.send(compose, bob).get(0);
        String token = TestTokens.token(bob, "report");
        Api.Response created =
                api.post("/api/v2/reports", token, Messenger.reportJson("spam", held));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertSentWithLength(created);
        String id = created.json().get("reportId").asString();
        assertThat(created.headers().firstValue("Location")).hasValue("/api/v2/reports/" + id);
        assertThat(created.body())
                .isEqualTo(
                        new String(
                                mvcJson(
                                        new ApiDtos.ReportCreated(
                                                id,
                                                "received",
                                                true,
                                                1,
                                                new ApiDtos.Transcript(List.of(0), 0))),
                                StandardCharsets.UTF_8));

        Api.Response again = api.post("/api/v2/reports", token, Messenger.reportJson("spam", held));
        assertThat(again.status()).isEqualTo(200);
        assertSentWithLength(again);

        Api.Response status = api.get("/api/v2/reports/" + id, token);
        assertThat(status.status()).isEqualTo(200);
        assertSentWithLength(status);
        var s = status.json();
        assertThat(status.body())
                .isEqualTo(
                        new String(
                                mvcJson(
                                        new ApiDtos.ReportStatus(
                                                id,
                                                s.get("status").asString(),
                                                "spam",
                                                true,
                                                1,
                                                s.get("receivedAt").asString(),
                                                new ApiDtos.Transcript(List.of(0), 0),
                                                List.of(),
                                                null,
                                                null)),
                                StandardCharsets.UTF_8));
    }

    @Test
    void theHelperWritesWhatSpringMvcWrites() throws Exception {
        List<Object> bodies =
                List.of(
                        new ApiDtos.ReportCreated(
                                "0b6f6c2e-9a43-4d53-a1ab-3f0e1f2f6a77",
                                "received",
                                true,
                                3,
                                new ApiDtos.Transcript(List.of(2, 0, 1), 1)),
                        new ApiDtos.StampsResponse(
                                List.of(
                                        List.of(
                                                new ApiDtos.StampOut(
                                                        "k-1", 1764400000123L, "bWFj")),
                                        List.of())),
                        new ApiDtos.ReportStatus(
                                "id",
                                "decided",
                                "spam",
                                true,
                                2,
                                "2026-11-29T06:00:00Z",
                                new ApiDtos.Transcript(List.of(1, 0), 0),
                                List.of(
                                        new ApiDtos.AttachmentStatus(
                                                0, 1, "image/png", 12345L, true)),
                                new ApiDtos.Outcome("dismiss", "2026-11-30T00:00:00Z"),
                                new ApiDtos.AppealStatus(
                                        "a", "open", "2026-11-30T01:00:00Z", null)),
                        new ApiDtos.ReportStatus(
                                "id",
                                "received",
                                "spam",
                                true,
                                1,
                                "2026-11-29T06:00:00Z",
                                new ApiDtos.Transcript(List.of(0), 0),
                                List.of(),
                                null,
                                null));
        for (Object b : bodies) {
            var r = json.of(ResponseEntity.status(201), b);
            assertThat(r.getHeaders().getContentLength()).isEqualTo(r.getBody().length);
            assertThat(r.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
            assertThat(r.getStatusCode().value()).isEqualTo(201);
            assertThat(new String(r.getBody(), StandardCharsets.UTF_8))
                    .isEqualTo(new String(mvcJson(b), StandardCharsets.UTF_8));
        }
    }
}
