package dev.franking.service.api;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v2/openapi.yaml}: the hand-written OpenAPI 3.1 description of the API
 * (PROTOCOL.md §7), served without a token. A controller rather than a static resource, so that the
 * path and the content type do not depend on static-resource and MIME-mapping defaults.
 */
@RestController
class OpenApiController {
    static final String LOCATION = "openapi/openapi.yaml";
    static final MediaType APPLICATION_YAML = MediaType.parseMediaType("application/yaml");

    private final Resource spec = new ClassPathResource(LOCATION);

    @GetMapping(path = "/api/v2/openapi.yaml", produces = "application/yaml")
    public ResponseEntity<Resource> openapi() {
        return ResponseEntity.ok()
                .contentType(APPLICATION_YAML)
                .cacheControl(CacheControl.noCache())
                .body(spec);
    }
}
