package dev.franking.service.api;

import dev.franking.service.appeals.Appeals;
import dev.franking.service.reports.Category;
import dev.franking.service.reports.ReportService;
import dev.franking.service.reports.ReportStatus;
import dev.franking.v2.FailureCode;
import dev.franking.v2.FrankingException;
import dev.franking.v2.Limits;
import dev.franking.v2.ReportRejectedException;
import dev.franking.v2.SubmittedMessage;
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
import org.springframework.web.bind.annotation.RestController;

/**
 * Reports (PROTOCOL.md §5, §7). The reporter is always the token's {@code sub}, never a field of
 * the request; another reporter's report is "not found", not "forbidden", so ids reveal nothing.
 * The checks run in §5's order and a failed step answers alike for every message that failed it:
 * the form (400), then claims, keys and proof (422, with every failing message), so that a person
 * who is not a party to a message learns nothing of whether it is genuine.
 */
@RestController
class ReportController {
    private final ReportService reports;
    private final JsonResponses json;

    private final Appeals appeals;

    ReportController(ReportService reports, JsonResponses json, Appeals appeals) {
        this.appeals = appeals;
        this.reports = reports;
        this.json = json;
    }

    @PostMapping(
            path = "/api/v2/reports",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @ReadsJson(ApiDtos.ReportRequest.class)
    public ResponseEntity<byte[]> submit(
            HttpServletRequest request, @AuthenticationPrincipal Jwt jwt) throws IOException {
        String reporter = jwt.getSubject();
        // §5: a reporter at the limit of rejected reports gets 429 before the body is parsed, so
        // a limited reporter cannot learn anything from the parser either (malformed JSON from
        // them is a 429, not a 400)
        reports.admit(reporter);
        ApiDtos.ReportRequest req = json.read(request, ApiDtos.ReportRequest.class);
        if (req == null) {
            throw ApiException.badRequest("missing_field", "the request body is empty");
        }
        if (req.category() == null) {
            throw ApiException.badRequest("missing_field", "required field missing: $.category");
        }
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
        List<SubmittedMessage> messages = null;
        if (req.messages() != null) {
            messages = new ArrayList<>(req.messages().size());
            for (ApiDtos.ReportMessage m : req.messages()) {
                messages.add(m == null ? null : submitted(m));
            }
        }
        ReportService.Submitted s;
        try {
            s = reports.submit(reporter, req.category(), req.comment(), messages);
        } catch (ReportRejectedException e) {
            throw rejected(e);
        }
        var body =
                new ApiDtos.ReportCreated(
                        s.reportId().toString(),
                        ReportStatus.RECEIVED.wire(),
                        true,
                        s.messages(),
                        new ApiDtos.Transcript(s.order(), s.gaps()));
        return json.of(
                ResponseEntity.status(s.created() ? HttpStatus.CREATED : HttpStatus.OK)
                        .header("Location", "/api/v2/reports/" + s.reportId()),
                body);
    }

    /**
     * §7: the form is a 400 naming the problem; a later step is a 422 whose type is the code of the
     * lowest failing index, listing every failing message once. The detail counts, never names.
     */
    private static ApiException rejected(ReportRejectedException e) {
        List<Problems.Failure> failures =
                e.failures().stream()
                        .map(
                                f ->
                                        new Problems.Failure(
                                                f.index() < 0 ? null : f.index(), f.code().code()))
                        .toList();
        if (e.step() == ReportRejectedException.Step.FORM) {
            return new ApiException(
                    HttpStatus.BAD_REQUEST,
                    e.code().code(),
                    "the report is not well formed: "
                            + failures.size()
                            + " problem(s) with its form (PROTOCOL.md section 5, step 1)",
                    failures,
                    null);
        }
        return new ApiException(
                HttpStatus.UNPROCESSABLE_CONTENT,
                e.code().code(),
                "the report did not verify: "
                        + failures.size()
                        + " message(s) failed a check of PROTOCOL.md section 5",
                failures,
                null);
    }

    private static SubmittedMessage submitted(ApiDtos.ReportMessage m) {
        List<SubmittedMessage.Attachment> atts = null;
        if (m.attachments() != null) {
            atts = new ArrayList<>(m.attachments().size());
            for (ApiDtos.Attachment a : m.attachments()) {
                atts.add(
                        a == null
                                ? null
                                : new SubmittedMessage.Attachment(
                                        a.contentType(), a.size(), a.sha256()));
            }
        }
        ApiDtos.StampIn st = m.stamp();
        return new SubmittedMessage(
                m.messageId(),
                m.senderId(),
                m.recipientId(),
                m.conversationId(),
                m.sentAt(),
                m.prev(),
                m.contentType(),
                m.body(),
                atts,
                m.frankingKey(),
                st == null
                        ? null
                        : new SubmittedMessage.SubmittedStamp(
                                st.kid(), st.receivedAt(), st.routeSalt(), st.mac()));
    }

    @GetMapping(path = "/api/v2/reports/{reportId}", produces = MediaType.APPLICATION_JSON_VALUE)
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
                new ApiDtos.Transcript(reports.transcriptOrder(id), r.gapCount()),
                atts,
                outcome,
                appeals.latestOfReport(id)
                        .map(
                                a ->
                                        new ApiDtos.AppealStatus(
                                                a.id().toString(),
                                                a.status(),
                                                a.filedAt().toString(),
                                                a.decidedAt() == null
                                                        ? null
                                                        : a.decidedAt().toString()))
                        .orElse(null));
    }

    @PutMapping(path = "/api/v2/reports/{reportId}/messages/{index}/attachments/{n}")
    public ResponseEntity<Void> upload(
            @PathVariable String reportId,
            @PathVariable int index,
            @PathVariable int n,
            HttpServletRequest request,
            @AuthenticationPrincipal Jwt jwt)
            throws IOException {
        UUID id = parseId(reportId);
        var target =
                reports.attachmentTarget(id, jwt.getSubject(), index, n)
                        .orElseThrow(
                                () ->
                                        ApiException.notFound(
                                                "no such report, message or attachment"));
        long size = target.descriptor().size();
        byte[] body = readAtMost(request.getInputStream(), size);
        try {
            if (body == null) {
                throw mismatch();
            }
            reports.storeAttachment(target, body, jwt.getSubject());
        } catch (FrankingException e) {
            throw mismatch();
        }
        return ResponseEntity.noContent().build();
    }

    private static ApiException mismatch() {
        String code = FailureCode.ATTACHMENT_MISMATCH.code();
        return new ApiException(
                HttpStatus.UNPROCESSABLE_CONTENT,
                code,
                "the upload's size or SHA-256 differ from the committed attachment",
                List.of(),
                null);
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
}
