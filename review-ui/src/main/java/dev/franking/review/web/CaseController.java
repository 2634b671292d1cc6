package dev.franking.review.web;

import dev.franking.review.model.ReviewPorts;
import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Views.CaseView;
import dev.franking.review.model.Views.Decision;
import dev.franking.review.model.Views.EvidenceRow;
import dev.franking.review.model.Views.RevealedAttachment;
import dev.franking.review.model.Views.RevealedItem;
import dev.franking.review.model.Views.StatementOfReasons;
import dev.franking.review.web.Forms.DecisionForm;
import dev.franking.review.web.Forms.NoteForm;
import dev.franking.review.web.Forms.ReasonForm;
import dev.franking.review.web.Forms.ReassignForm;
import jakarta.validation.Valid;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The case page and one POST endpoint per moderator verb. Every action redirects back to the case
 * with a flash message (post/redirect/get); the ports authorise, change and audit. Content is shown
 * only in the response to a "show content" POST: it is never put into a URL, a flash attribute or
 * the session.
 */
@Controller
public class CaseController extends ReviewPages {
    /**
     * Attachment types shown inline; anything else (SVG included: it can carry script) is a
     * download.
     */
    static final Set<String> INLINE_IMAGE_TYPES =
            Set.of("image/png", "image/jpeg", "image/gif", "image/webp");

    private final ReviewPorts.Cases cases;
    private final ReviewPorts.Actions actions;

    public CaseController(ReviewPorts.Cases cases, ReviewPorts.Actions actions) {
        this.cases = cases;
        this.actions = actions;
    }

    @GetMapping("/review/cases/{id}")
    String show(@PathVariable UUID id, Reviewer me, Model model) {
        return render(id, me, model);
    }

    /** Decrypts one item for this response only (the port audits the view). */
    @PostMapping("/review/cases/{id}/items/{itemId}/reveal")
    String reveal(
            @PathVariable UUID id,
            @PathVariable UUID itemId,
            Reviewer me,
            Model model,
            RedirectAttributes ra) {
        CaseView c = find(id, me);
        RevealedItem item;
        try {
            item = cases.reveal(id, itemId, me);
        } catch (ReviewPorts.ActionRefused refused) {
            return refused(id, refused, ra);
        }
        model.addAttribute("revealed", item);
        return render(c, me, model);
    }

    /** Decrypts one report's comment for this response only (audited by the port). */
    @PostMapping("/review/cases/{id}/reports/{reportId}/comment")
    String comment(
            @PathVariable UUID id,
            @PathVariable UUID reportId,
            Reviewer me,
            Model model,
            RedirectAttributes ra) {
        CaseView c = find(id, me);
        String comment;
        try {
            comment = cases.revealComment(id, reportId, me);
        } catch (ReviewPorts.ActionRefused refused) {
            return refused(id, refused, ra);
        }
        model.addAttribute("commentReportId", reportId);
        model.addAttribute("comment", comment);
        return render(c, me, model);
    }

    /**
     * An uploaded attachment; only the revealed page links to it. Never cached, never sniffed,
     * never framed.
     */
    @GetMapping("/review/cases/{id}/items/{itemId}/attachments/{n}")
    ResponseEntity<byte[]> attachment(
            @PathVariable UUID id, @PathVariable UUID itemId, @PathVariable int n, Reviewer me) {
        RevealedAttachment a;
        try {
            a = cases.attachment(id, itemId, n, me);
        } catch (ReviewPorts.ActionRefused refused) {
            throw new ReviewPorts
                    .NotFound(); // an image request has no page to carry a message back to
        }
        String type =
                a.contentType() == null ? "" : a.contentType().toLowerCase(Locale.ROOT).trim();
        boolean inline = INLINE_IMAGE_TYPES.contains(type);
        HttpHeaders h = new HttpHeaders();
        h.setContentType(
                inline ? MediaType.parseMediaType(type) : MediaType.APPLICATION_OCTET_STREAM);
        h.setContentDisposition(
                (inline ? ContentDisposition.inline() : ContentDisposition.attachment())
                        .filename("attachment-" + n)
                        .build());
        h.setCacheControl(CacheControl.noStore());
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Content-Security-Policy", "default-src 'none'; sandbox");
        return ResponseEntity.ok().headers(h).body(a.bytes());
    }

    @PostMapping("/review/cases/{id}/claim")
    String claim(@PathVariable UUID id, Reviewer me, RedirectAttributes ra) {
        return act(id, ra, "flash.claimed", () -> actions.claim(id, me));
    }

    @PostMapping("/review/cases/{id}/release")
    String release(@PathVariable UUID id, Reviewer me, RedirectAttributes ra) {
        return act(id, ra, "flash.released", () -> actions.release(id, me));
    }

    /** Admins only (the security chain and the port both check). */
    @PostMapping("/review/cases/{id}/reassign")
    String reassign(
            @PathVariable UUID id,
            @Valid @ModelAttribute("reassignForm") ReassignForm form,
            BindingResult binding,
            Reviewer me,
            RedirectAttributes ra) {
        if (binding.hasErrors()) {
            return invalid(id, "reassignForm", form, binding, ra);
        }
        return act(
                id, ra, "flash.reassigned", () -> actions.reassign(id, form.username().trim(), me));
    }

    @PostMapping("/review/cases/{id}/note")
    String note(
            @PathVariable UUID id,
            @Valid @ModelAttribute("noteForm") NoteForm form,
            BindingResult binding,
            Reviewer me,
            RedirectAttributes ra) {
        if (binding.hasErrors()) {
            return invalid(id, "noteForm", form, binding, ra);
        }
        return act(id, ra, "flash.noted", () -> actions.note(id, form.text().strip(), me));
    }

    @PostMapping("/review/cases/{id}/dismiss")
    String dismiss(
            @PathVariable UUID id,
            @Valid @ModelAttribute("decisionForm") DecisionForm form,
            BindingResult binding,
            Reviewer me,
            RedirectAttributes ra) {
        return decide(id, Decision.DISMISS, form, binding, me, ra);
    }

    @PostMapping("/review/cases/{id}/warn")
    String warn(
            @PathVariable UUID id,
            @Valid @ModelAttribute("decisionForm") DecisionForm form,
            BindingResult binding,
            Reviewer me,
            RedirectAttributes ra) {
        return decide(id, Decision.WARN, form, binding, me, ra);
    }

    @PostMapping("/review/cases/{id}/restrict")
    String restrict(
            @PathVariable UUID id,
            @Valid @ModelAttribute("decisionForm") DecisionForm form,
            BindingResult binding,
            Reviewer me,
            RedirectAttributes ra) {
        return decide(id, Decision.RESTRICT, form, binding, me, ra);
    }

    @PostMapping("/review/cases/{id}/suspend")
    String suspend(
            @PathVariable UUID id,
            @Valid @ModelAttribute("decisionForm") DecisionForm form,
            BindingResult binding,
            Reviewer me,
            RedirectAttributes ra) {
        return decide(id, Decision.SUSPEND, form, binding, me, ra);
    }

    @PostMapping("/review/cases/{id}/escalate")
    String escalate(
            @PathVariable UUID id,
            @Valid @ModelAttribute("escalateForm") ReasonForm form,
            BindingResult binding,
            Reviewer me,
            RedirectAttributes ra) {
        if (binding.hasErrors()) {
            return invalid(id, "escalateForm", form, binding, ra);
        }
        return act(
                id, ra, "flash.escalated", () -> actions.escalate(id, form.reason().strip(), me));
    }

    @PostMapping("/review/cases/{id}/reopen")
    String reopen(
            @PathVariable UUID id,
            @Valid @ModelAttribute("reopenForm") ReasonForm form,
            BindingResult binding,
            Reviewer me,
            RedirectAttributes ra) {
        if (binding.hasErrors()) {
            return invalid(id, "reopenForm", form, binding, ra);
        }
        return act(id, ra, "flash.reopened", () -> actions.reopen(id, form.reason().strip(), me));
    }

    private String decide(
            UUID id,
            Decision decision,
            DecisionForm form,
            BindingResult binding,
            Reviewer me,
            RedirectAttributes ra) {
        if (binding.hasErrors()) {
            return invalid(id, "decisionForm", form, binding, ra);
        }
        StatementOfReasons reasons =
                new StatementOfReasons(
                        form.ground().strip(), form.facts().strip(), form.automatedMeans());
        return act(
                id,
                ra,
                "flash.decided." + decision.name().toLowerCase(Locale.ROOT),
                () -> actions.decide(id, decision, reasons, me));
    }

    /** Runs an action; a refusal becomes a flash message, a missing case a 404. */
    private String act(UUID id, RedirectAttributes ra, String okKey, Runnable action) {
        try {
            action.run();
            ra.addFlashAttribute(Flash.ATTRIBUTE, Flash.ok(okKey));
        } catch (ReviewPorts.ActionRefused refused) {
            return refused(id, refused, ra);
        }
        return redirect(id);
    }

    private String refused(UUID id, ReviewPorts.ActionRefused refused, RedirectAttributes ra) {
        ra.addFlashAttribute(Flash.ATTRIBUTE, Flash.error(refusalKey(refused)));
        return redirect(id);
    }

    /** Post/redirect/get with the form and its errors carried over as flash attributes. */
    private String invalid(
            UUID id, String name, Object form, BindingResult binding, RedirectAttributes ra) {
        ra.addFlashAttribute(name, form);
        ra.addFlashAttribute(BindingResult.MODEL_KEY_PREFIX + name, binding);
        ra.addFlashAttribute(Flash.ATTRIBUTE, Flash.error("flash.invalid"));
        return redirect(id);
    }

    private static String redirect(UUID id) {
        return "redirect:/review/cases/" + id;
    }

    private CaseView find(UUID id, Reviewer me) {
        return cases.find(id, me).orElseThrow(ReviewPorts.NotFound::new);
    }

    private String render(UUID id, Reviewer me, Model model) {
        return render(find(id, me), me, model);
    }

    private String render(CaseView c, Reviewer me, Model model) {
        model.addAttribute("c", c);
        Map<UUID, EvidenceRow> byId = new LinkedHashMap<>();
        for (EvidenceRow e : c.evidence()) {
            byId.put(e.id(), e);
        }
        model.addAttribute("evidenceById", byId);
        model.addAttribute("inlineTypes", INLINE_IMAGE_TYPES);
        model.addAttribute("mine", me.username().equals(c.assignee()));
        model.addAttribute(
                "closed",
                c.closedAt() != null
                        || c.status() == dev.franking.review.model.Views.CaseStatus.CLOSED);
        putIfAbsent(model, "noteForm", NoteForm.empty());
        putIfAbsent(model, "decisionForm", DecisionForm.empty());
        putIfAbsent(model, "escalateForm", ReasonForm.empty());
        putIfAbsent(model, "reopenForm", ReasonForm.empty());
        putIfAbsent(model, "reassignForm", ReassignForm.empty());
        if (me.isAdmin()) {
            model.addAttribute("assignees", cases.assignees());
        }
        EvidenceController.addEvidence(evidencePort(), c, me, model);
        return "review/case";
    }

    static void putIfAbsent(Model model, String name, Object value) {
        if (!model.containsAttribute(name)) {
            model.addAttribute(name, value);
        }
    }
}
