package dev.franking.service.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.franking.service.Api;
import dev.franking.service.ServiceTestBase;
import dev.franking.service.TestTokens;
import dev.franking.service.api.ApiEndpoints;
import java.net.URI;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The API's security rules name endpoint kinds, not versions, and let an unknown path through to
 * Spring MVC's 404. So that no endpoint is reachable with just any valid token, every mapped API
 * endpoint but the OpenAPI description needs a scope: a token with none is a 403.
 */
class ApiScopesTest extends ServiceTestBase {
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mapping;

    @Test
    void everyApiEndpointNeedsAScope() {
        String noScope = TestTokens.token(unique("nobody"), "");
        var endpoints =
                ApiEndpoints.all(mapping).stream()
                        .filter(e -> !e.pattern().endsWith("/openapi.yaml"))
                        .toList();
        assertThat(endpoints).hasSizeGreaterThanOrEqualTo(4);
        for (var e : endpoints) {
            Api.Response r =
                    api.send(
                            HttpRequest.newBuilder(
                                            URI.create("http://localhost:" + port + e.path()))
                                    .header("Content-Type", "application/json")
                                    .method(
                                            e.method().name(),
                                            HttpRequest.BodyPublishers.ofString("{}")),
                            noScope);
            assertThat(r.status()).as(e + ": " + r.body()).isEqualTo(403);
            assertThat(r.json().get("code").asString()).isEqualTo("insufficient_scope");
        }
    }

    @Test
    void theOpenApiDescriptionIsPublic() {
        var e =
                ApiEndpoints.all(mapping).stream()
                        .filter(x -> x.pattern().endsWith("/openapi.yaml"))
                        .findFirst()
                        .orElseThrow();
        assertThat(api.get(e.path(), null).status()).isEqualTo(200);
    }
}
