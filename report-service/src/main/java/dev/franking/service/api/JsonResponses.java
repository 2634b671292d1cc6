package dev.franking.service.api;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON bodies of {@link ResponseEntity} answers, serialised before they are written so that the
 * response carries a Content-Length. Spring MVC flushes a ResponseEntity's body after its JSON
 * converter has streamed it out; Tomcat, not knowing the length at that point, commits the headers
 * and answers chunked, with a second socket write for the closing chunk. (A plain
 * {@code @ResponseBody} return is not flushed: Tomcat measures it and sends it in one write by
 * itself.) This mapper is the one Spring MVC's JSON converter uses, so the bytes are the same.
 */
@Component
class JsonResponses {
    private final JsonMapper json;

    JsonResponses(JsonMapper json) {
        this.json = json;
    }

    /** {@code response}, with its status and headers, and {@code body} as its JSON. */
    ResponseEntity<byte[]> of(ResponseEntity.BodyBuilder response, Object body) {
        byte[] bytes = json.writeValueAsBytes(body);
        return response.contentType(MediaType.APPLICATION_JSON)
                .contentLength(bytes.length)
                .body(bytes);
    }
}
