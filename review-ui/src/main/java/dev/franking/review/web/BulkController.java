package dev.franking.review.web;

import dev.franking.review.model.ReviewPorts;
import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Views.CaseView;
import dev.franking.review.model.Views.Decision;
import dev.franking.review.model.Views.StatementOfReasons;
import dev.franking.review.web.Forms.DecisionForm;
import jakarta.validation.Valid;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * One decision over several cases selected in the queue. Nothing is bypassed: each case goes
 * through the same ports as a single decision (claimed first when nobody holds it, then decided,
 * each in its own transaction with its own audit rows), so every rule of a single decision applies
 * to each case, and a case refused by them is reported by name while the others are decided.
 * Restrict and suspend ask for confirmation first, listing the accounts.
 */
@Controller
public class BulkController extends ReviewPages {
    static final String PATH = "/review/bulk";

    /** One case of a bulk decision that was refused, by the name the queue shows and why. */
    public record Refusal(String account, String messageKey) implements Serializable {}

    /** What a bulk decision did: the accounts decided and the refusals. */
    public record Outcome(String decision, List<String> decided, List<Refusal> refused)
            implements Serializable {}

    private final ReviewPorts.Cases cases;
    private final ReviewPorts.Actions actions;

    public BulkController(ReviewPorts.Cases cases, ReviewPorts.Actions actions) {
        this.cases = cases;
        this.actions = actions;
    }

    @PostMapping(PATH)
    String bulk(
            @RequestParam(name = "caseIds", required = false) List<UUID> caseIds,
            @RequestParam(required = false) Decision decision,
            @Valid @ModelAttribute("bulkForm") DecisionForm form,
            BindingResult binding,
            @RequestParam(defaultValue = "false") boolean confirmed,
            Reviewer me,
            Model model,
            RedirectAttributes ra) {
        List<UUID> ids = caseIds == null ? List.of() : List.copyOf(new LinkedHashSet<>(caseIds));
        if (ids.size() > ReviewLimits.QUEUE_PAGE_SIZE) {
            throw new IllegalArgumentException("too many cases for one bulk decision");
        }
        if (ids.isEmpty() || decision == null || binding.hasErrors()) {
            ra.addFlashAttribute("bulkForm", form);
            ra.addFlashAttribute(BindingResult.MODEL_KEY_PREFIX + "bulkForm", binding);
            ra.addFlashAttribute("bulkSelected", new ArrayList<>(ids));
            ra.addFlashAttribute(
                    Flash.ATTRIBUTE,
                    Flash.error(
                            ids.isEmpty()
                                    ? "flash.bulk-none-selected"
                                    : decision == null
                                            ? "flash.choose-decision"
                                            : "flash.invalid"));
            ra.addFlashAttribute(CaseController.FOCUS, "bulk-h");
            return "redirect:/review/queue";
        }
        if (CaseController.CONFIRMED_DECISIONS.contains(decision) && !confirmed) {
            // the accounts this would act on, as this reviewer may see them; nothing is done yet
            List<String> accounts = new ArrayList<>();
            for (UUID id : ids) {
                accounts.add(cases.find(id, me).map(CaseView::reportedAccount).orElse(hidden(id)));
            }
            model.addAttribute("confirmDecision", decision);
            model.addAttribute("confirm", decision.name().toLowerCase(Locale.ROOT));
            model.addAttribute("ids", ids);
            model.addAttribute("accounts", accounts);
            model.addAttribute("form", form);
            return "review/bulk-confirm";
        }
        StatementOfReasons reasons =
                new StatementOfReasons(
                        form.ground().strip(), form.facts().strip(), form.automatedMeans());
        List<String> decided = new ArrayList<>();
        List<Refusal> refused = new ArrayList<>();
        for (UUID id : ids) {
            Optional<CaseView> c = cases.find(id, me);
            if (c.isEmpty()) {
                refused.add(new Refusal(hidden(id), "refused.bulk-not-found"));
                continue;
            }
            String account = c.get().reportedAccount();
            try {
                // claimed first unless already theirs: held by someone else, the port refuses
                // the claim ("another moderator holds this case"), as it would a single claim
                if (!me.isAdmin() && !me.username().equals(c.get().assignee())) {
                    actions.claim(id, me);
                }
                actions.decide(id, decision, reasons, me);
                decided.add(account);
            } catch (ReviewPorts.ActionRefused e) {
                refused.add(new Refusal(account, refusalKey(e)));
            } catch (ReviewPorts.NotFound e) {
                refused.add(new Refusal(account, "refused.bulk-not-found"));
            }
        }
        ra.addFlashAttribute(
                "bulkOutcome",
                new Outcome(decision.name().toLowerCase(Locale.ROOT), decided, refused));
        if (!refused.isEmpty()) {
            // the typed reasons stay, for another try on the refused ones
            ra.addFlashAttribute("bulkForm", form);
        }
        ra.addFlashAttribute(CaseController.FOCUS, "bulk-outcome");
        return "redirect:/review/queue";
    }

    /** A case this reviewer may not see (or that does not exist) is named by its id's start. */
    private static String hidden(UUID id) {
        return id.toString().substring(0, 8);
    }
}
