package dev.franking.review.web;

import dev.franking.review.model.ReviewPorts;
import dev.franking.review.model.Views.AuditFilter;
import dev.franking.review.model.Views.AuditRow;
import dev.franking.review.web.Forms.AuditQuery;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.StringUtils;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The audit log for admins: filters, "older" pagination by sequence number, CSV export, the
 * hash-chain check.
 */
@Controller
public class AuditController extends ReviewPages {
    private final ReviewPorts.Audit audit;
    private final ReviewFormat format;

    public AuditController(ReviewPorts.Audit audit, ReviewFormat format) {
        this.audit = audit;
        this.format = format;
    }

    @GetMapping("/review/admin/audit")
    String audit(@Valid @ModelAttribute("q") AuditQuery q, BindingResult binding, Model model) {
        List<AuditRow> rows = List.of();
        if (!binding.hasErrors()) {
            rows = audit.search(filter(q), q.before(), ReviewLimits.AUDIT_PAGE_SIZE);
            if (rows.size() >= ReviewLimits.AUDIT_PAGE_SIZE) {
                model.addAttribute(
                        "olderUrl",
                        url("/review/admin/audit", q)
                                .queryParam("before", rows.get(rows.size() - 1).seq())
                                .encode()
                                .build()
                                .toUriString());
            }
            model.addAttribute(
                    "csvUrl", url("/review/admin/audit.csv", q).encode().build().toUriString());
        }
        model.addAttribute("rows", rows);
        model.addAttribute("eventOptions", format.eventOptions());
        model.addAttribute("eventCode", format.eventCode(q.event()));
        return "review/admin/audit";
    }

    @GetMapping("/review/admin/audit.csv")
    void csv(
            @Valid @ModelAttribute("q") AuditQuery q,
            BindingResult binding,
            HttpServletResponse response)
            throws IOException {
        if (binding.hasErrors()) {
            throw new IllegalArgumentException("invalid audit filter");
        }
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader(
                HttpHeaders.CONTENT_DISPOSITION,
                ContentDisposition.attachment().filename("audit.csv").build().toString());
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        // the response's stream, not its PrintWriter: the writer swallows the error of a client
        // that has gone, and the export would read the rest of the log for nobody (issue 15)
        java.io.Writer out =
                new java.io.BufferedWriter(
                        new java.io.OutputStreamWriter(
                                response.getOutputStream(), StandardCharsets.UTF_8),
                        1 << 14);
        try {
            audit.exportCsv(filter(q), out);
            out.flush();
        } catch (IOException e) {
            // only the response's stream throws it: the client went away mid-download (as the page
            // benchmark does after the first megabyte). Nothing to answer and no error to log; an
            // error page would be rendered into a response already sent.
        }
    }

    @GetMapping("/review/admin/audit/chain")
    String chain(Model model) {
        model.addAttribute("check", audit.verifyChain());
        return "review/admin/chain";
    }

    /** The port's filter; the event may be named by its code or by the label the page shows. */
    AuditFilter filter(AuditQuery q) {
        return new AuditFilter(
                blankToNull(q.actor()),
                format.eventCode(q.event()),
                q.caseId(),
                q.from() == null ? null : q.from().atStartOfDay(ZoneOffset.UTC).toInstant(),
                q.to() == null
                        ? null
                        : q.to().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    private static UriComponentsBuilder url(String path, AuditQuery q) {
        return UriComponentsBuilder.fromPath(path)
                .queryParamIfPresent("actor", Optional.ofNullable(blankToNull(q.actor())))
                .queryParamIfPresent("event", Optional.ofNullable(blankToNull(q.event())))
                .queryParamIfPresent("caseId", Optional.ofNullable(q.caseId()))
                .queryParamIfPresent("from", Optional.ofNullable(q.from()).map(LocalDate::toString))
                .queryParamIfPresent("to", Optional.ofNullable(q.to()).map(LocalDate::toString));
    }

    private static String blankToNull(String s) {
        return StringUtils.hasText(s) ? s.trim() : null;
    }
}
