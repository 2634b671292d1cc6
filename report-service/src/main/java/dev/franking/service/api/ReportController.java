package dev.franking.service.api;

import dev.franking.B64;
import dev.franking.FrankingException;
import dev.franking.Limits;
import dev.franking.ReportVerificationException;
import dev.franking.SubmittedMessage;
import dev.franking.service.reports.Category;
import dev.franking.service.reports.ReportService;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Reports (PROTOCOL.md §5, §7). The reporter is always the token's {@code sub}, never a field of
 * the request; another reporter's report is "not found", not "forbidden", so ids reveal nothing.
 */
@RestController
class ReportController {
    private final ReportService reports;
    private final JsonResponses json;

    ReportController(ReportService reports, JsonResponses json) {
        this.reports = reports;
        this.json = json;
    }

    @PostMapping(
            path = "/api/v1/reports",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<byte[]> submit(
            @RequestBody ApiDtos.ReportRequest req, @AuthenticationPrincipal Jwt jwt)
            throws ReportVerificationException {
        if (req == null) {
            throw ApiException.badRequest("missing_field", "the request body is empty");
        }
        require(req.category(), "$.category");
        if (Category.of(req.category()).isEmpty()) {
            throw ApiException.badRequest(
                    "unknown_category",
                    "category must be one of the categories of PROTOCOL.md section 7");
        }
        if (req.comment() != null
                && req.comment().codePointCount(0, req.comment().length())
                        > Limits.MAX_COMMENT_CHARS) {
            throw ApiException.badRequest(
                    "comment_too_long",
                    "comment must be at most " + Limits.MAX_COMMENT_CHARS + " characters");
        }
        require(req.messages(), "$.messages");
        if (req.messages().size() > Limits.MAX_REPORT_MESSAGES) {
            throw new ApiException(
                    HttpStatus.UNPROCESSABLE_CONTENT,
                    "too_many_messages",
                    "a report holds the reported message and at most "
                            + Limits.MAX_CONTEXT_MESSAGES
                            + " context messages",
                    List.of(new Problems.Failure(null, "too_many_messages")),
                    null);
        }
        List<SubmittedMessage> messages = new ArrayList<>(req.messages().size());
        for (int i = 0; i < req.messages().size(); i++) {
            messages.add(decode(req.messages().get(i), i, "$.messages[" + i + "]"));
        }
        ReportService.Submitted s =
                reports.submit(jwt.getSubject(), req.category(), req.comment(), messages);
        var body =
                new ApiDtos.ReportCreated(s.reportId().toString(), "received", true, s.messages());
        return json.of(
                ResponseEntity.status(s.created() ? HttpStatus.CREATED : HttpStatus.OK)
                        .header("Location", "/api/v1/reports/" + s.reportId()),
                body);
    }

    @GetMapping(path = "/api/v1/reports/{reportId}", produces = MediaType.APPLICATION_JSON_VALUE)
    public ApiDtos.ReportStatus status(
            @PathVariable String reportId, @AuthenticationPrincipal Jwt jwt) {
        UUID id = parseId(reportId);
        var r =
                reports.find(id, jwt.getSubject())
                        .orElseThrow(() -> ApiException.notFound("no such report"));
        var atts =
                reports.attachments(id).stream()
                        .map(
                                a ->
                                        new ApiDtos.AttachmentStatus(
                                                a.index(),
                                                a.n(),
                                                a.contentType(),
                                                a.size(),
                                                a.uploaded()))
                        .toList();
        var outcome =
                r.outcome() == null
                        ? null
                        : new ApiDtos.Outcome(r.outcome(), r.decidedAt().toString());
        return new ApiDtos.ReportStatus(
                r.id().toString(),
                r.status(),
                r.category(),
                true,
                r.messages(),
                r.receivedAt().toString(),
                atts,
                outcome);
    }

    @PutMapping(path = "/api/v1/reports/{reportId}/messages/{index}/attachments/{n}")
    public ResponseEntity<Void> upload(
            @PathVariable String reportId,
            @PathVariable int index,
            @PathVariable int n,
            HttpServletRequest request,
            @AuthenticationPrincipal Jwt jwt)
            throws IOException, FrankingException {
        UUID id = parseId(reportId);
        var target =
                reports.attachmentTarget(id, jwt.getSubject(), index, n)
                        .orElseThrow(
                                () ->
                                        ApiException.notFound(
                                                "no such report, message or attachment"));
        long size = target.descriptor().size();
        byte[] body = readAtMost(request.getInputStream(), size);
        if (body == null) {
            throw new FrankingException(
                    dev.franking.FailureCode.ATTACHMENT_MISMATCH,
                    "attachment is larger than its committed size");
        }
        reports.storeAttachment(target, body, jwt.getSubject());
        return ResponseEntity.noContent().build();
    }

    /** Reads the whole body, or returns null as soon as it is longer than {@code max}. */
    private static byte[] readAtMost(InputStream in, long max) throws IOException {
        var out = new java.io.ByteArrayOutputStream((int) Math.min(max, 1 << 20));
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        int r;
        while ((r = in.read(buf)) > 0) {
            total += r;
            if (total > max) {
                return null;
            }
            out.write(buf, 0, r);
        }
        return out.toByteArray();
    }

    private static UUID parseId(String s) {
        try {
            return UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("no such report");
        }
    }

    private static SubmittedMessage decode(ApiDtos.ReportMessage m, int index, String at) {
        require(m, at);
        require(m.messageId(), at + ".messageId");
        require(m.senderId(), at + ".senderId");
        require(m.recipientId(), at + ".recipientId");
        require(m.conversationId(), at + ".conversationId");
        require(m.sentAt(), at + ".sentAt");
        require(m.contentType(), at + ".contentType");
        require(m.body(), at + ".body");
        require(m.frankingKey(), at + ".frankingKey");
        require(m.stamp(), at + ".stamp");
        require(m.stamp().kid(), at + ".stamp.kid");
        require(m.stamp().receivedAt(), at + ".stamp.receivedAt");
        require(m.stamp().mac(), at + ".stamp.mac");
        List<SubmittedMessage.Attachment> atts = new ArrayList<>();
        if (m.attachments() != null) {
            if (m.attachments().size() > Limits.MAX_ATTACHMENTS) {
                throw new ApiException(
                        HttpStatus.UNPROCESSABLE_CONTENT,
                        "too_many_attachments",
                        "at most " + Limits.MAX_ATTACHMENTS + " attachments a message",
                        List.of(new Problems.Failure(index, "too_many_attachments")),
                        null);
            }
            for (int j = 0; j < m.attachments().size(); j++) {
                ApiDtos.Attachment a = m.attachments().get(j);
                String aat = at + ".attachments[" + j + "]";
                require(a, aat);
                require(a.contentType(), aat + ".contentType");
                require(a.size(), aat + ".size");
                require(a.sha256(), aat + ".sha256");
                atts.add(
                        new SubmittedMessage.Attachment(
                                a.contentType(), a.size(), b64(a.sha256(), aat + ".sha256")));
            }
        }
        return new SubmittedMessage(
                m.messageId(),
                m.senderId(),
                m.recipientId(),
                m.conversationId(),
                m.sentAt(),
                m.contentType(),
                b64(m.body(), at + ".body"),
                atts,
                b64(m.frankingKey(), at + ".frankingKey"),
                m.stamp().kid(),
                m.stamp().receivedAt(),
                b64(m.stamp().mac(), at + ".stamp.mac"));
    }

    private static void require(Object value, String at) {
        if (value == null) {
            throw ApiException.badRequest("missing_field", "required field missing: " + at);
        }
    }

    private static byte[] b64(String s, String at) {
        try {
            return B64.decode(s);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_base64", "not base64url without padding: " + at);
        }
    }
}
