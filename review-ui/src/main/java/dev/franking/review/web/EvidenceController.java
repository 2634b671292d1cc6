package dev.franking.review.web;

import dev.franking.review.model.ReviewPorts;
import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Role;
import dev.franking.review.model.Views;
import dev.franking.review.model.Views.CaseView;
import dev.franking.review.model.Views.ConnectionTest;
import dev.franking.review.model.Views.EvidenceStatus;
import dev.franking.review.model.Views.PackageDownload;
import dev.franking.review.web.Forms.DestinationForm;
import dev.franking.review.web.Forms.ForwardForm;
import dev.franking.review.web.Forms.ReasonForm;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.StringUtils;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.BindingResult;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.FlashMap;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.RequestContextUtils;

/**
 * Evidence forwarding (four eyes), the package download, legal holds and the destinations page
 * (issue 5). One POST endpoint per verb, post/redirect/get with a flash message; the {@link
 * ReviewPorts.Evidence} port authorises, changes and audits. The port is optional: without it the
 * case page has no evidence section and these routes answer 404.
 */
@Controller
public class EvidenceController extends ReviewPages {
    /** Forwarding statuses after an approval: the signed package exists and may be downloaded. */
    static final Set<String> APPROVED_STATUSES =
            Set.of("queued", "sent", "acknowledged", "failed", "ready");

    /** The status of a request waiting for its second person. */
    static final String PENDING = "requested";

    static final String DESTINATIONS = "/review/admin/destinations";

    /**
     * What the case page's evidence section needs; nothing when there is no port or the status is
     * null.
     */
    static void addEvidence(ReviewPorts.Evidence evidence, CaseView c, Reviewer me, Model model) {
        if (evidence == null) {
            return;
        }
        EvidenceStatus status = evidence.status(c.id(), me);
        if (status == null) {
            return;
        }
        model.addAttribute("evidenceStatus", status);
        model.addAttribute(
                "mayRequestForwarding", me.has(Role.CHILD_SAFETY) && !status.destroyed());
        model.addAttribute("mayDecideForwarding", me.seesChildSafety());
        model.addAttribute("approvedStatuses", APPROVED_STATUSES);
        model.addAttribute("mayRepairForwarding", me.has(Role.CHILD_SAFETY));
        model.addAttribute("pendingStatus", PENDING);
        if (me.has(Role.CHILD_SAFETY) && !status.destroyed()) {
            model.addAttribute("destinations", evidence.destinations());
        }
        if (me.has(Role.CHILD_SAFETY) && !status.destroyed()) {
            model.addAttribute("incidentTypes", Views.IncidentType.values());
            model.addAttribute("reportAnnotations", Views.ReportAnnotation.values());
            CaseController.putIfAbsent(
                    model,
                    "forwardForm",
                    ForwardForm.empty(evidence.defaultIncidentType(c.id(), me)));
        }
        CaseController.putIfAbsent(model, "forwardForm", ForwardForm.empty());
        CaseController.putIfAbsent(model, "rejectForm", ReasonForm.empty());
        CaseController.putIfAbsent(model, "holdForm", ReasonForm.empty());
        CaseController.putIfAbsent(model, "liftForm", ReasonForm.empty());
    }

    private ReviewPorts.Evidence port() {
        ReviewPorts.Evidence e = evidencePort();
        if (e == null) {
            throw new ReviewPorts.NotFound();
        }
        return e;
    }

    // ---------------------------------------------------------------- forwarding

    /** Child-safety moderators (the security chain and the port both check). */
    @PostMapping("/review/cases/{id}/forward")
    String requestForwarding(
            @PathVariable UUID id,
            @Valid @ModelAttribute("forwardForm") ForwardForm form,
            BindingResult binding,
            Reviewer me,
            RedirectAttributes ra) {
        ReviewPorts.Evidence evidence = port();
        if (binding.hasErrors()) {
            return invalid(caseUrl(id), "forwardForm", form, binding, ra);
        }
        return act(
                caseUrl(id),
                ra,
                "flash.forwarding-requested",
                () ->
                        evidence.requestForwarding(
                                id,
                                form.destinationId(),
                                form.reason().strip(),
                                form.tipline(),
                                me));
    }

    /** Child-safety moderators and admins, never the requester (the port enforces four eyes). */
    @PostMapping("/review/cases/{id}/forwardings/{forwardingId}/approve")
    String approveForwarding(
            @PathVariable UUID id,
            @PathVariable UUID forwardingId,
            Reviewer me,
            RedirectAttributes ra) {
        ReviewPorts.Evidence evidence = port();
        return act(
                caseUrl(id),
                ra,
                "flash.forwarding-approved",
                () -> evidence.approveForwarding(id, forwardingId, me));
    }

    @PostMapping("/review/cases/{id}/forwardings/{forwardingId}/reject")
    String rejectForwarding(
            @PathVariable UUID id,
            @PathVariable UUID forwardingId,
            @Valid @ModelAttribute("rejectForm") ReasonForm form,
            BindingResult binding,
            Reviewer me,
            RedirectAttributes ra) {
        ReviewPorts.Evidence evidence = port();
        if (binding.hasErrors()) {
            ra.addFlashAttribute("rejectFor", forwardingId);
            return invalid(caseUrl(id), "rejectForm", form, binding, ra);
        }
        return act(
                caseUrl(id),
                ra,
                "flash.forwarding-rejected",
                () -> evidence.rejectForwarding(id, forwardingId, form.reason().strip(), me));
    }

    /**
     * The signed package of an approved forwarding, as a download (audited by the port). Never
     * cached, never sniffed, never rendered: {@code application/zip} as an attachment.
     */
    @GetMapping("/review/cases/{id}/forwardings/{forwardingId}/package")
    ResponseEntity<byte[]> download(
            @PathVariable UUID id,
            @PathVariable UUID forwardingId,
            Reviewer me,
            HttpServletRequest request,
            HttpServletResponse response) {
        PackageDownload p;
        try {
            p = port().download(id, forwardingId, me);
        } catch (ReviewPorts.ActionRefused refused) {
            // back to the case with the refusal as a flash message (a ResponseEntity has no
            // RedirectAttributes)
            FlashMap flash = RequestContextUtils.getOutputFlashMap(request);
            flash.put(Flash.ATTRIBUTE, Flash.error(refusalKey(refused)));
            RequestContextUtils.saveOutputFlashMap(caseUrl(id), request, response);
            return ResponseEntity.status(303).location(URI.create(caseUrl(id))).build();
        }
        if (p == null || p.zip() == null) {
            throw new ReviewPorts.NotFound();
        }
        HttpHeaders h = new HttpHeaders();
        h.setContentType(MediaType.parseMediaType("application/zip"));
        h.setContentDisposition(
                ContentDisposition.attachment()
                        .filename(fileName(p.fileName(), forwardingId), StandardCharsets.UTF_8)
                        .build());
        h.setContentLength(p.zip().length);
        h.setCacheControl(CacheControl.noStore());
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Content-Security-Policy", "default-src 'none'; sandbox");
        if (StringUtils.hasText(p.sha256())) {
            h.set("X-Package-SHA256", p.sha256());
        }
        return ResponseEntity.ok().headers(h).body(p.zip());
    }

    /** A safe file name: letters, digits, dot, dash and underscore, ending in .zip. */
    static String fileName(String proposed, UUID forwardingId) {
        String s =
                proposed == null
                        ? ""
                        : proposed.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^[._]+", "");
        if (s.isEmpty() || s.length() > 200) {
            s = "evidence-" + forwardingId;
        }
        return s.endsWith(".zip") ? s : s + ".zip";
    }

    /**
     * Child-safety moderators: a failed forwarding sent again. The form carries a confirmation box;
     * without it nothing happens.
     */
    @PostMapping("/review/cases/{id}/forwardings/{forwardingId}/retry")
    String retryForwarding(
            @PathVariable UUID id,
            @PathVariable UUID forwardingId,
            @RequestParam(defaultValue = "false") boolean confirmed,
            Reviewer me,
            RedirectAttributes ra) {
        ReviewPorts.Evidence evidence = port();
        if (!confirmed) {
            ra.addFlashAttribute(Flash.ATTRIBUTE, Flash.error("flash.confirm-required"));
            return "redirect:" + caseUrl(id);
        }
        return act(
                caseUrl(id),
                ra,
                "flash.forwarding-retried",
                () -> evidence.retryForwarding(id, forwardingId, me));
    }

    /** Child-safety moderators: NCMEC's report id for a failed CyberTipline forwarding. */
    @PostMapping("/review/cases/{id}/forwardings/{forwardingId}/reference")
    String recordReference(
            @PathVariable UUID id,
            @PathVariable UUID forwardingId,
            @RequestParam(required = false) String reference,
            @RequestParam(defaultValue = "false") boolean confirmed,
            Reviewer me,
            RedirectAttributes ra) {
        ReviewPorts.Evidence evidence = port();
        if (!confirmed) {
            ra.addFlashAttribute(Flash.ATTRIBUTE, Flash.error("flash.confirm-required"));
            return "redirect:" + caseUrl(id);
        }
        return act(
                caseUrl(id),
                ra,
                "flash.forwarding-reference-recorded",
                () -> evidence.recordForwardingReference(id, forwardingId, reference, me));
    }

    // ---------------------------------------------------------------- legal holds

    /** Admins (the security chain and the port both check). */
    @PostMapping("/review/cases/{id}/hold")
    String placeHold(
            @PathVariable UUID id,
            @Valid @ModelAttribute("holdForm") ReasonForm form,
            BindingResult binding,
            Reviewer me,
            RedirectAttributes ra) {
        ReviewPorts.Evidence evidence = port();
        if (binding.hasErrors()) {
            return invalid(caseUrl(id), "holdForm", form, binding, ra);
        }
        return act(
                caseUrl(id),
                ra,
                "flash.hold-placed",
                () -> evidence.placeHold(id, form.reason().strip(), me));
    }

    @PostMapping("/review/cases/{id}/lift-hold")
    String liftHold(
            @PathVariable UUID id,
            @Valid @ModelAttribute("liftForm") ReasonForm form,
            BindingResult binding,
            Reviewer me,
            RedirectAttributes ra) {
        ReviewPorts.Evidence evidence = port();
        if (binding.hasErrors()) {
            return invalid(caseUrl(id), "liftForm", form, binding, ra);
        }
        return act(
                caseUrl(id),
                ra,
                "flash.hold-lifted",
                () -> evidence.liftHold(id, form.reason().strip(), me));
    }

    // ---------------------------------------------------------------- destinations (admins)

    @GetMapping(DESTINATIONS)
    String destinations(Model model) {
        model.addAttribute("destinations", port().destinations());
        model.addAttribute("destinationDetails", port().destinationDetails());
        model.addAttribute("kinds", Forms.DESTINATION_KINDS);
        CaseController.putIfAbsent(model, "destinationForm", DestinationForm.empty());
        return "review/admin/destinations";
    }

    @PostMapping(DESTINATIONS)
    String addDestination(
            @Valid @ModelAttribute("destinationForm") DestinationForm form,
            BindingResult binding,
            Reviewer me,
            RedirectAttributes ra) {
        ReviewPorts.Evidence evidence = port();
        if (binding.hasErrors()) {
            // the secret goes no further than this request: not into the session, not into the page
            DestinationForm shown = form.withoutSecret();
            BindingResult errors = new BeanPropertyBindingResult(shown, "destinationForm");
            for (FieldError fe : binding.getFieldErrors()) {
                Object rejected = "secret".equals(fe.getField()) ? null : fe.getRejectedValue();
                errors.addError(
                        new FieldError(
                                fe.getObjectName(),
                                fe.getField(),
                                rejected,
                                fe.isBindingFailure(),
                                fe.getCodes(),
                                fe.getArguments(),
                                fe.getDefaultMessage()));
            }
            return invalid(DESTINATIONS, "destinationForm", shown, errors, ra);
        }
        return act(
                DESTINATIONS,
                ra,
                "flash.destination-added",
                () ->
                        evidence.addDestination(
                                form.name().strip(),
                                form.kind(),
                                trimToNull(form.url()),
                                trimToNull(form.username()),
                                StringUtils.hasLength(form.secret()) ? form.secret() : null,
                                me));
    }

    /**
     * Admins: tests a destination's connection (the CyberTipline's {@code /status}); the result
     * shows on the destinations page.
     */
    @PostMapping(DESTINATIONS + "/{destinationId}/test")
    String testDestination(@PathVariable UUID destinationId, Reviewer me, RedirectAttributes ra) {
        ReviewPorts.Evidence evidence = port();
        try {
            ConnectionTest result = evidence.testDestination(destinationId, me);
            ra.addFlashAttribute(
                    Flash.ATTRIBUTE,
                    result.ok()
                            ? Flash.ok("flash.destination-test-ok")
                            : Flash.error("flash.destination-test-failed"));
            ra.addFlashAttribute("connectionTest", result);
            ra.addFlashAttribute("testedDestination", destinationId);
        } catch (ReviewPorts.ActionRefused refused) {
            ra.addFlashAttribute(Flash.ATTRIBUTE, Flash.error(refusalKey(refused)));
        }
        return "redirect:" + DESTINATIONS;
    }

    /**
     * Admins: edits a destination's name, url and username; the secret is write-only (empty keeps
     * the stored one). Carries the version the admin saw; a stale edit is refused and nothing is
     * overwritten. What the admin typed (never the secret) is kept across a refusal.
     */
    @PostMapping(DESTINATIONS + "/{destinationId}")
    String updateDestination(
            @PathVariable UUID destinationId,
            @RequestParam long version,
            @RequestParam(defaultValue = "") String name,
            @RequestParam(required = false) String url,
            @RequestParam(required = false) String username,
            @RequestParam(required = false) String secret,
            Reviewer me,
            RedirectAttributes ra) {
        ReviewPorts.Evidence evidence = port();
        if (!StringUtils.hasText(name)
                || name.strip().length() > ReviewLimits.DESTINATION_NAME_MAX) {
            ra.addFlashAttribute(Flash.ATTRIBUTE, Flash.error("refused.destination-name-required"));
            return "redirect:" + DESTINATIONS;
        }
        try {
            evidence.updateDestination(
                    destinationId,
                    version,
                    name.strip(),
                    trimToNull(url),
                    trimToNull(username),
                    StringUtils.hasLength(secret) ? secret : null,
                    me);
            ra.addFlashAttribute(Flash.ATTRIBUTE, Flash.ok("flash.destination-updated"));
        } catch (ReviewPorts.ActionRefused refused) {
            ra.addFlashAttribute(
                    "destinationTyped",
                    new Views.DestinationDetail(
                            destinationId, name, null, url, username, false, version));
            ra.addFlashAttribute(Flash.ATTRIBUTE, Flash.error(refusalKey(refused)));
        }
        return "redirect:" + DESTINATIONS;
    }

    /**
     * Admins: deletes a destination (refused while a forwarding to it is pending or in flight; the
     * form carries a confirmation box, without it nothing happens).
     */
    @PostMapping(DESTINATIONS + "/{destinationId}/delete")
    String deleteDestination(
            @PathVariable UUID destinationId,
            @RequestParam long version,
            @RequestParam(defaultValue = "false") boolean confirmed,
            Reviewer me,
            RedirectAttributes ra) {
        ReviewPorts.Evidence evidence = port();
        if (!confirmed) {
            ra.addFlashAttribute(Flash.ATTRIBUTE, Flash.error("flash.confirm-required"));
            return "redirect:" + DESTINATIONS;
        }
        return act(
                DESTINATIONS,
                ra,
                "flash.destination-deleted",
                () -> evidence.deleteDestination(destinationId, version, me));
    }

    // ---------------------------------------------------------------- helpers

    /** Runs an action; a refusal becomes a flash message, a missing case a 404. */
    private String act(String back, RedirectAttributes ra, String okKey, Runnable action) {
        try {
            action.run();
            ra.addFlashAttribute(Flash.ATTRIBUTE, Flash.ok(okKey));
        } catch (ReviewPorts.ActionRefused refused) {
            ra.addFlashAttribute(Flash.ATTRIBUTE, Flash.error(refusalKey(refused)));
        }
        return "redirect:" + back;
    }

    /** Post/redirect/get with the form and its errors carried over as flash attributes. */
    private static String invalid(
            String back, String name, Object form, BindingResult binding, RedirectAttributes ra) {
        ra.addFlashAttribute(name, form);
        ra.addFlashAttribute(BindingResult.MODEL_KEY_PREFIX + name, binding);
        ra.addFlashAttribute(Flash.ATTRIBUTE, Flash.error("flash.invalid"));
        return "redirect:" + back;
    }

    private static String caseUrl(UUID id) {
        return "/review/cases/" + id;
    }

    private static String trimToNull(String s) {
        return StringUtils.hasText(s) ? s.strip() : null;
    }
}
