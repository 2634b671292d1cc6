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
 * Legal holds, for admins (issue 14, back office): every hold, active and lifted, with its case,
 * who placed or lifted it and why; an active one can be lifted from the list with a reason (the
 * {@link ReviewPorts.Evidence} port authorises, audits, and refuses a stale lift).
 */
@Controller
public class HoldsController extends ReviewPages {
    static final String PAGE = "/review/admin/holds";

    private ReviewPorts.Evidence port() {
        ReviewPorts.Evidence e = evidencePort();
        if (e == null) {
            throw new ReviewPorts.NotFound();
        }
        return e;
    }

    @GetMapping(PAGE)
    String page(Model model) {
        model.addAttribute("holds", port().holds());
        return "review/admin/holds";
    }

    @PostMapping(PAGE + "/{holdId}/lift")
    String lift(
            @PathVariable UUID holdId,
            @RequestParam long version,
            @RequestParam(defaultValue = "") String reason,
            Reviewer me,
            RedirectAttributes ra) {
        if (!ModeratorsController.validReason(reason)) {
            ra.addFlashAttribute("liftFor", holdId);
            ra.addFlashAttribute(Flash.ATTRIBUTE, Flash.error("flash.hold-reason-required"));
            return "redirect:" + PAGE;
        }
        try {
            port().liftHoldById(holdId, version, reason.strip(), me);
            ra.addFlashAttribute(Flash.ATTRIBUTE, Flash.ok("flash.hold-lifted"));
        } catch (ReviewPorts.ActionRefused refused) {
            ra.addFlashAttribute(Flash.ATTRIBUTE, Flash.error(refusalKey(refused)));
        }
        return "redirect:" + PAGE;
    }
}
