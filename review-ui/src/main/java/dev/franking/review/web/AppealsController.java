package dev.franking.review.web;

import dev.franking.review.model.ReviewPorts;
import dev.franking.review.model.Reviewer;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The appeals queue (PROTOCOL.md §7, issue 14): open appeals with the decision each contests and
 * its statement of reasons; the appellant's statement is shown only in the response to a "show"
 * POST (audited by the port, never in a URL, a flash attribute or the session), as content is.
 * Uphold and reverse are one POST each, with a reason; the port refuses the original decider (four
 * eyes) and audits the refusal. The page exists only when the application has an appeals port.
 */
@Controller
public class AppealsController extends ReviewPages {
    /** Flash attributes that bring a refused decision's typed reason back to its form. */
    static final String REASON_FOR = "reasonFor";

    static final String REASON = "reason";

    @GetMapping("/review/appeals")
    String list(Reviewer me, Model model) {
        return render(port(), me, model);
    }

    /** Decrypts one appellant's statement for this response only (the port audits the view). */
    @PostMapping("/review/appeals/{id}/statement")
    String statement(@PathVariable UUID id, Reviewer me, Model model, RedirectAttributes ra) {
        ReviewPorts.Appeals port = port();
        String text;
        try {
            text = port.revealStatement(id, me);
        } catch (ReviewPorts.ActionRefused refused) {
            ra.addFlashAttribute(Flash.ATTRIBUTE, Flash.error(refusalKey(refused)));
            return "redirect:/review/appeals";
        }
        model.addAttribute("statementFor", id);
        model.addAttribute("statement", text);
        model.addAttribute(CaseController.FOCUS, "statement-" + id);
        return render(port, me, model);
    }

    @PostMapping("/review/appeals/{id}/uphold")
    String uphold(
            @PathVariable UUID id,
            @RequestParam(name = REASON, required = false) String reason,
            Reviewer me,
            RedirectAttributes ra) {
        ReviewPorts.Appeals port = port();
        return decide(id, reason, ra, "flash.appeal-upheld", () -> port.uphold(id, reason, me));
    }

    @PostMapping("/review/appeals/{id}/reverse")
    String reverse(
            @PathVariable UUID id,
            @RequestParam(name = REASON, required = false) String reason,
            Reviewer me,
            RedirectAttributes ra) {
        ReviewPorts.Appeals port = port();
        return decide(id, reason, ra, "flash.appeal-reversed", () -> port.reverse(id, reason, me));
    }

    /** A refusal keeps the typed reason (issue 14: a refused action must not clear it). */
    private String decide(
            UUID id, String reason, RedirectAttributes ra, String okKey, Runnable action) {
        try {
            action.run();
            ra.addFlashAttribute(Flash.ATTRIBUTE, Flash.ok(okKey));
            ra.addFlashAttribute(CaseController.FOCUS, "flash");
        } catch (ReviewPorts.ActionRefused refused) {
            ra.addFlashAttribute(Flash.ATTRIBUTE, Flash.error(refusalKey(refused)));
            ra.addFlashAttribute(CaseController.FOCUS, "flash");
            ra.addFlashAttribute(REASON_FOR, id);
            ra.addFlashAttribute(REASON, reason == null ? "" : reason);
        }
        return "redirect:/review/appeals";
    }

    private String render(ReviewPorts.Appeals port, Reviewer me, Model model) {
        model.addAttribute("appeals", port.open(me));
        return "review/appeals";
    }

    private ReviewPorts.Appeals port() {
        ReviewPorts.Appeals port = appealsPort();
        if (port == null) {
            throw new ReviewPorts.NotFound();
        }
        return port;
    }
}
