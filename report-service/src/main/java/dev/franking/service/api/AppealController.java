package dev.franking.service.api;

import dev.franking.service.appeals.Appeals;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Appeals (PROTOCOL.md §7). The body's size is checked first ({@link BodyLimitFilter}, 16 KiB),
 * then, in {@link Appeals}, whose report or action it is, the statement, the decision and whether
 * an appeal is already open. Another reporter's report, like an unknown action, is "not found".
 */
@RestController
class AppealController {
    private final Appeals appeals;

    AppealController(Appeals appeals) {
        this.appeals = appeals;
    }

    @PostMapping(
            path = "/api/v2/reports/{reportId}/appeals",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<ApiDtos.AppealCreated> byReporter(
            @PathVariable String reportId,
            @RequestBody ApiDtos.AppealRequest req,
            @AuthenticationPrincipal Jwt jwt) {
        UUID id = parseId(reportId, "no such report");
        try {
            return created(appeals.fileByReporter(id, jwt.getSubject(), req.statement()));
        } catch (Appeals.Refused r) {
            throw problem(r);
        }
    }

    @PostMapping(
            path = "/api/v2/actions/{actionId}/appeals",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<ApiDtos.AppealCreated> byPlatform(
            @PathVariable String actionId, @RequestBody ApiDtos.ActionAppealRequest req) {
        UUID id = parseId(actionId, "no such action");
        try {
            return created(appeals.fileByPlatform(id, req.userId(), req.statement()));
        } catch (Appeals.Refused r) {
            throw problem(r);
        }
    }

    private static ResponseEntity<ApiDtos.AppealCreated> created(UUID appealId) {
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(new ApiDtos.AppealCreated(appealId.toString()));
    }

    /** Each code written out, so that OpenApiConformanceTest's scan finds every one. */
    private static ApiException problem(Appeals.Refused r) {
        return switch (r.code()) {
            case "not_found" -> ApiException.notFound(r.getMessage());
            case "invalid_statement" ->
                    ApiException.badRequest("invalid_statement", r.getMessage());
            case "user_mismatch" -> ApiException.badRequest("user_mismatch", r.getMessage());
            case "not_decided" ->
                    new ApiException(HttpStatus.CONFLICT, "not_decided", r.getMessage());
            case "appeal_open" ->
                    new ApiException(HttpStatus.CONFLICT, "appeal_open", r.getMessage());
            case "appeal_window_closed" ->
                    new ApiException(HttpStatus.CONFLICT, "appeal_window_closed", r.getMessage());
            default -> throw new IllegalStateException("unmapped appeal refusal " + r.code());
        };
    }

    private static UUID parseId(String s, String detail) {
        try {
            return UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound(detail);
        }
    }
}
