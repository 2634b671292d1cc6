package dev.franking.service.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.franking.service.Api;
import dev.franking.service.ServiceTestBase;
import dev.franking.service.TestTokens;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Issue 11: v1 is gone (no client was ever released against it). Every endpoint of the API is under
 * {@code /api/v2}, and each one's v1 twin is an ordinary unknown path: 404 {@code not_found} as
 * problem+json, to a caller with the scope the endpoint takes.
 */
class OnlyV2Test extends ServiceTestBase {
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mapping;

    @Test
    void everyEndpointIsV2AndItsV1TwinIsNotFound() {
        List<ApiEndpoints.Endpoint> all = ApiEndpoints.all(mapping);
        assertThat(all).isNotEmpty();
        for (ApiEndpoints.Endpoint e : all) {
            assertThat(e.pattern()).as(e.toString()).startsWith("/api/v2/");
            String v1 = "/api/v1/" + e.path().substring("/api/v2/".length());
            // the scope the v2 endpoint takes: security answers a wrong one (403) before routing
            String scope =
                    e.pattern().startsWith("/api/v2/stamps")
                            ? "stamp"
                            : e.pattern().startsWith("/api/v2/actions") ? "platform" : "report";
            String token = TestTokens.token(unique("v1-caller"), scope);
            Api.Response r =
                    e.method() == RequestMethod.GET
                            ? api.get(v1, token)
                            : e.method() == RequestMethod.PUT
                                    ? api.put(v1, token, new byte[] {'x'})
                                    : api.post(v1, token, "{}");
            assertThat(r.status()).as(e + " as " + v1 + ": " + r.body()).isEqualTo(404);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.json().get("code").asString()).isEqualTo("not_found");
        }
    }
}
