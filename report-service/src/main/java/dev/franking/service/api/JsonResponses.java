package dev.franking.service.api;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.PushbackInputStream;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
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

    /**
     * Reads a request body as Spring's {@code @RequestBody} would (the same mapper, so the same
     * strict duplicate detection), for handlers that must decide something before parsing. Every
     * failure is an {@link HttpMessageNotReadableException}, which the API's handler maps to the
     * same problem types as for bound bodies.
     */
    <T> T read(HttpServletRequest request, Class<T> type) throws IOException {
        var message = new ServletServerHttpRequest(request);
        var in = new PushbackInputStream(request.getInputStream(), 1);
        int first = in.read();
        if (first < 0) {
            throw new HttpMessageNotReadableException("Required request body is missing", message);
        }
        in.unread(first);
        try {
            return json.readValue(in, type);
        } catch (JacksonException e) {
            // the cause carries the problem's kind; its message may quote the body, and is not
            // used by the handler
            throw new HttpMessageNotReadableException("JSON parse error", e, message);
        }
    }

    /** {@code response}, with its status and headers, and {@code body} as its JSON. */
    ResponseEntity<byte[]> of(ResponseEntity.BodyBuilder response, Object body) {
        byte[] bytes = json.writeValueAsBytes(body);
        return response.contentType(MediaType.APPLICATION_JSON)
                .contentLength(bytes.length)
                .body(bytes);
    }
}
