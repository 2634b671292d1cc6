package dev.franking.review.web;

import dev.franking.review.model.ReviewPorts;
import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Views.CaseStatus;
import dev.franking.review.model.Views.CaseView;
import dev.franking.review.model.Views.CategoryCount;
import dev.franking.review.model.Views.Decision;
import dev.franking.review.model.Views.DecisionTemplate;
import dev.franking.review.model.Views.EvidenceRow;
import dev.franking.review.model.Views.QueueFilter;
import dev.franking.review.model.Views.QueuePage;
import dev.franking.review.model.Views.QueueRow;
import dev.franking.review.model.Views.ReportCursor;
import dev.franking.review.model.Views.ReportVerdict;
import dev.franking.review.model.Views.ReportsPage;
import dev.franking.review.model.Views.RevealGrant;
import dev.franking.review.model.Views.StatementOfReasons;
import dev.franking.review.web.Forms.DecisionForm;
import dev.franking.review.web.Forms.NoteForm;
import dev.franking.review.web.Forms.ReasonForm;
import dev.franking.review.web.Forms.ReassignForm;
import jakarta.servlet.http.HttpSession;
import jakarta.validation.Valid;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The case page and one POST endpoint per moderator verb. Every action redirects back to the case
 * with a flash message (post/redirect/get); the ports authorise, change and audit. Content is never
 * put into a URL, a flash attribute or the session: a "show content" POST is audited, leaves a
 * grant (which report or message, when) in the session and redirects, and the case page asks the
 * port to decrypt again what the grant covers ({@link RevealGrants}).
 */
@Controller
public class CaseController extends ReviewPages {
    /**
     * Attachment types shown inline; anything else (SVG included: it can carry script) is a
     * download.
     */
    static final Set<String> INLINE_IMAGE_TYPES =
            Set.of("image/png", "image/jpeg", "image/gif", "image/webp");

    /**
     * Decisions that act hard on the account: they need a confirmation step (works without script).
     */
    static final Set<Decision> CONFIRMED_DECISIONS = Set.of(Decision.RESTRICT, Decision.SUSPEND);

    /**
     * Flash/model attribute naming the element that gets {@code autofocus} on the next page: focus
     * stays where the work is after each POST instead of returning to the top.
     */
    static final String FOCUS = "focus";

    private final ReviewPorts.Cases cases;
    private final ReviewPorts.Actions actions;
    private final ReviewPorts.Queue queue;
    private Clock clock = Clock.systemUTC();

    /** The application's clock when it has one (reveal grants expire by it). */
    @Autowired
    void useClock(ObjectProvider<Clock> clock) {
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    public CaseController(
            ReviewPorts.Cases cases, ReviewPorts.Actions actions, ReviewPorts.Queue queue) {
        this.cases = cases;
        this.actions = actions;
        this.queue = queue;
    }

    @GetMapping("/review/cases/{id}")
    String show(@PathVariable UUID id, Reviewer me, Model model) {
        return render(id, me, model);
    }

    /**
     * Shows one message (the port decrypts it and writes its audit row), then redirects: the case
     * page shows it again under this session's grant, so a refresh writes no second row and the
     * back button finds a page, not a POST.
     */
    @PostMapping("/review/cases/{id}/items/{itemId}/reveal")
    String reveal(
            @PathVariable UUID id,
            @PathVariable UUID itemId,
            Reviewer me,
            HttpSession session,
            RedirectAttributes ra) {
        find(id, me);
        try {
            cases.reveal(id, itemId, me);
        } catch (ReviewPorts.ActionRefused refused) {
            return refused(id, refused, ra);
        }
        RevealGrants.add(session, RevealGrant.item(id, itemId, clock.instant()));
        ra.addFlashAttribute(FOCUS, "content-" + itemId);
        return redirect(id);
    }

    /**
     * Shows a report's whole transcript in one audited action (one audit row naming the report and
     * every message shown), then redirects like {@link #reveal}. Reports holding the same messages
     * are shown once on the page, so one reveal shows them all.
     */
    @PostMapping("/review/cases/{id}/reports/{reportId}/reveal")
    String revealTranscript(
            @PathVariable UUID id,
            @PathVariable UUID reportId,
            Reviewer me,
            HttpSession session,
            RedirectAttributes ra) {
        find(id, me);
        try {
            cases.revealTranscript(id, reportId, me);
        } catch (ReviewPorts.ActionRefused refused) {
            return refused(id, refused, ra);
        }
        RevealGrants.add(session, RevealGrant.transcript(id, reportId, clock.instant()));
        ra.addFlashAttribute(FOCUS, "transcript-" + reportId);
        return redirect(id);
    }

    /**
     * A reveal's address asked for with GET (back button, a copied address): the case page, never a
     * bare 405. It shows nothing that this session's grants do not already allow.
     */
    @GetMapping({
        "/review/cases/{id}/items/{itemId}/reveal",
        "/review/cases/{id}/reports/{reportId}/reveal",
        "/review/cases/{id}/reports/{reportId}/comment"
    })
    String revealByGet(@PathVariable UUID id) {
        return redirect(id);
    }

    /** Upholds one report of a mixed case (the account's action stays the case's one decision). */
    @PostMapping("/review/cases/{id}/reports/{reportId}/uphold")
    String uphold(
            @PathVariable UUID id,
            @PathVariable UUID reportId,
            Reviewer me,
            RedirectAttributes ra) {
        return judge(id, reportId, ReportVerdict.UPHELD, me, ra);
    }

    /** Dismisses one report of a mixed case; its reporter is told no action was taken on it. */
    @PostMapping("/review/cases/{id}/reports/{reportId}/dismiss")
    String dismissReport(
            @PathVariable UUID id,
            @PathVariable UUID reportId,
            Reviewer me,
            RedirectAttributes ra) {
        return judge(id, reportId, ReportVerdict.DISMISSED, me, ra);
    }

    private String judge(
            UUID id, UUID reportId, ReportVerdict verdict, Reviewer me, RedirectAttributes ra) {
        find(id, me);
        ra.addFlashAttribute(FOCUS, "verdict-" + reportId);
        return act(
                id,
                ra,
                "flash.report." + verdict.name().toLowerCase(Locale.ROOT),
                () -> actions.judgeReport(id, reportId, verdict, me));
    }

    /**
     * Shows one report's comment (the port decrypts it and writes its {@code comment.viewed} row),
     * then redirects like {@link #reveal}: the case page shows it again under this session's grant,
     * so a refresh or the back button writes no second row.
     */
    @PostMapping("/review/cases/{id}/reports/{reportId}/comment")
    String comment(
            @PathVariable UUID id,
            @PathVariable UUID reportId,
            Reviewer me,
            HttpSession session,
            RedirectAttributes ra) {
        find(id, me);
        try {
            cases.revealComment(id, reportId, me);
        } catch (ReviewPorts.ActionRefused refused) {
            return refused(id, refused, ra);
        }
        RevealGrants.add(session, RevealGrant.comment(id, reportId, clock.instant()));
        ra.addFlashAttribute(FOCUS, "comment-" + reportId);
        return redirect(id);
    }

    @PostMapping("/review/cases/{id}/claim")
    String claim(@PathVariable UUID id, Reviewer me, RedirectAttributes ra) {
        // after claiming, the work is reading the reported content: focus its first "show" button
        ra.addFlashAttribute(FOCUS, "reveal");
        return act(id, ra, "flash.claimed", () -> actions.claim(id, me));
    }

    @PostMapping("/review/cases/{id}/release")
    String release(@PathVariable UUID id, Reviewer me, RedirectAttributes ra) {
        ra.addFlashAttribute(FOCUS, "actions");
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
        ra.addFlashAttribute(FOCUS, "notes-h");
        return act(
                id,
                ra,
                "flash.noted",
                () -> actions.note(id, form.text().strip(), me),
                "noteForm",
                form);
    }

    @PostMapping("/review/cases/{id}/dismiss")
    String dismiss(
            @PathVariable UUID id,
            @Valid @ModelAttribute("decisionForm") DecisionForm form,
            BindingResult binding,
            @RequestParam(defaultValue = "false") boolean next,
            @RequestParam(defaultValue = "false") boolean confirmed,
            Reviewer me,
            Model model,
            RedirectAttributes ra) {
        return decide(id, Decision.DISMISS, form, binding, next, confirmed, me, model, ra);
    }

    @PostMapping("/review/cases/{id}/warn")
    String warn(
            @PathVariable UUID id,
            @Valid @ModelAttribute("decisionForm") DecisionForm form,
            BindingResult binding,
            @RequestParam(defaultValue = "false") boolean next,
            @RequestParam(defaultValue = "false") boolean confirmed,
            Reviewer me,
            Model model,
            RedirectAttributes ra) {
        return decide(id, Decision.WARN, form, binding, next, confirmed, me, model, ra);
    }

    @PostMapping("/review/cases/{id}/restrict")
    String restrict(
            @PathVariable UUID id,
            @Valid @ModelAttribute("decisionForm") DecisionForm form,
            BindingResult binding,
            @RequestParam(defaultValue = "false") boolean next,
            @RequestParam(defaultValue = "false") boolean confirmed,
            Reviewer me,
            Model model,
            RedirectAttributes ra) {
        return decide(id, Decision.RESTRICT, form, binding, next, confirmed, me, model, ra);
    }

    @PostMapping("/review/cases/{id}/suspend")
    String suspend(
            @PathVariable UUID id,
            @Valid @ModelAttribute("decisionForm") DecisionForm form,
            BindingResult binding,
            @RequestParam(defaultValue = "false") boolean next,
            @RequestParam(defaultValue = "false") boolean confirmed,
            Reviewer me,
            Model model,
            RedirectAttributes ra) {
        return decide(id, Decision.SUSPEND, form, binding, next, confirmed, me, model, ra);
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
        String to =
                act(
                        id,
                        ra,
                        "flash.escalated",
                        () -> actions.escalate(id, form.reason().strip(), me),
                        "escalateForm",
                        form);
        if (cases.find(id, me).isEmpty()) {
            // escalated out of this reviewer's sight: the queue, not a 404 (the case page, had
            // they kept it, would say where it went)
            ra.addFlashAttribute(Flash.ATTRIBUTE, Flash.ok("flash.escalated-away"));
            ra.addFlashAttribute(FOCUS, "flash");
            return "redirect:/review/queue";
        }
        return to;
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
        return act(
                id,
                ra,
                "flash.reopened",
                () -> actions.reopen(id, form.reason().strip(), me),
                "reopenForm",
                form);
    }

    /**
     * The decision form's own action. The verb buttons post to their endpoints through {@code
     * formaction}; this one is reached by the confirmation step ({@code decision} set) or by an
     * implicit submission a browser let through despite the disabled default button (no {@code
     * decision}): that never decides, it asks for a choice and keeps the typed text.
     */
    @PostMapping("/review/cases/{id}/decide")
    String decideExplicitly(
            @PathVariable UUID id,
            @Valid @ModelAttribute("decisionForm") DecisionForm form,
            BindingResult binding,
            @RequestParam(required = false) Decision decision,
            @RequestParam(defaultValue = "false") boolean next,
            @RequestParam(defaultValue = "false") boolean confirmed,
            Reviewer me,
            Model model,
            RedirectAttributes ra) {
        if (decision == null) {
            ra.addFlashAttribute("decisionForm", form);
            ra.addFlashAttribute(FOCUS, "decide-h");
            ra.addFlashAttribute(Flash.ATTRIBUTE, Flash.error("flash.choose-decision"));
            return redirect(id);
        }
        return decide(id, decision, form, binding, next, confirmed, me, model, ra);
    }

    /**
     * Fills the decision form from a template (the form's "Use template" button, for browsers
     * without script): nothing is decided; the automated and next choices typed so far are kept.
     */
    @PostMapping("/review/cases/{id}/apply-template")
    String applyTemplate(
            @PathVariable UUID id,
            @ModelAttribute("decisionForm") DecisionForm form,
            @RequestParam(required = false) UUID templateId,
            @RequestParam(defaultValue = "false") boolean next,
            Reviewer me,
            RedirectAttributes ra) {
        find(id, me);
        ReviewPorts.Templates port = templatesPort();
        DecisionTemplate t =
                port == null || templateId == null
                        ? null
                        : port.list().stream()
                                .filter(x -> x.id().equals(templateId))
                                .findFirst()
                                .orElse(null);
        if (t == null) {
            ra.addFlashAttribute("decisionForm", form);
            ra.addFlashAttribute(Flash.ATTRIBUTE, Flash.error("flash.template-choose"));
            ra.addFlashAttribute(FOCUS, "decide-h");
            return redirect(id);
        }
        ra.addFlashAttribute(
                "decisionForm", new DecisionForm(t.ground(), t.facts(), form.automated()));
        ra.addFlashAttribute("confirmNext", next);
        ra.addFlashAttribute("chosenTemplate", t.id());
        ra.addFlashAttribute(FOCUS, "decide-h");
        return redirect(id);
    }

    /** The next case of the queue for this reviewer (the "n" shortcut and its link). */
    @GetMapping("/review/cases/{id}/next")
    String next(@PathVariable UUID id, Reviewer me, RedirectAttributes ra) {
        return nextCase(id, me, ra);
    }

    private String decide(
            UUID id,
            Decision decision,
            DecisionForm form,
            BindingResult binding,
            boolean next,
            boolean confirmed,
            Reviewer me,
            Model model,
            RedirectAttributes ra) {
        if (binding.hasErrors()) {
            ra.addFlashAttribute(FOCUS, "decide-h");
            return invalid(id, "decisionForm", form, binding, ra);
        }
        if (CONFIRMED_DECISIONS.contains(decision) && !confirmed) {
            // a real step, not a script dialog: the same page with the typed text and a confirm
            // form; nothing is decided and nothing is written until that form is sent
            CaseView c = find(id, me);
            model.addAttribute("confirm", decision.name().toLowerCase(Locale.ROOT));
            model.addAttribute("confirmDecision", decision);
            model.addAttribute("confirmNext", next);
            model.addAttribute(FOCUS, "confirm-yes");
            return render(c, me, model);
        }
        StatementOfReasons reasons =
                new StatementOfReasons(
                        form.ground().strip(), form.facts().strip(), form.automatedMeans());
        String okKey = "flash.decided." + decision.name().toLowerCase(Locale.ROOT);
        try {
            actions.decide(id, decision, reasons, me);
        } catch (ReviewPorts.ActionRefused refused) {
            ra.addFlashAttribute("decisionForm", form);
            ra.addFlashAttribute(FOCUS, "decide-h");
            return refused(id, refused, ra);
        }
        // the case is decided: what this session was shown of it is not shown again
        RevealGrants.forget(id);
        ra.addFlashAttribute(Flash.ATTRIBUTE, Flash.ok(okKey));
        if (next) {
            return nextCase(id, me, ra);
        }
        ra.addFlashAttribute(FOCUS, "flash");
        return redirect(id);
    }

    /**
     * Redirects to the case after {@code after} in the queue that this reviewer can work on
     * (unassigned or theirs), wrapping round to the top (a decided case has left the queue, so its
     * next one is the first); to the queue when there is none.
     */
    private String nextCase(UUID after, Reviewer me, RedirectAttributes ra) {
        QueuePage page = queue.page(QueueFilter.none(), null, ReviewLimits.QUEUE_PAGE_SIZE, me);
        List<QueueRow> rows = page.rows();
        int at = -1;
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).caseId().equals(after)) {
                at = i;
            }
        }
        for (int k = 1; k <= rows.size(); k++) {
            QueueRow row = rows.get(Math.floorMod(at + k, rows.size()));
            if (!row.caseId().equals(after)
                    && row.status() != CaseStatus.CLOSED
                    && (row.assignee() == null || row.assignee().equals(me.username()))) {
                ra.addFlashAttribute(FOCUS, row.assignee() == null ? "claim" : "reveal");
                return redirect(row.caseId());
            }
        }
        ra.addFlashAttribute("queueDone", true);
        return "redirect:/review/queue";
    }

    /** Runs an action; a refusal becomes a flash message, a missing case a 404. */
    private String act(UUID id, RedirectAttributes ra, String okKey, Runnable action) {
        return act(id, ra, okKey, action, null, null);
    }

    /**
     * Runs an action; on a refusal the form comes back with what was typed (a refusal must not
     * throw away a moderator's reasons).
     */
    private String act(
            UUID id,
            RedirectAttributes ra,
            String okKey,
            Runnable action,
            String formName,
            Object form) {
        try {
            action.run();
            ra.addFlashAttribute(Flash.ATTRIBUTE, Flash.ok(okKey));
        } catch (ReviewPorts.ActionRefused refused) {
            if (formName != null) {
                ra.addFlashAttribute(formName, form);
            }
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

    static String redirect(UUID id) {
        ReportCursor from;
        try {
            from = page();
        } catch (IllegalArgumentException notACursor) {
            from = null; // (an action that ran is not answered 400 for a bad return address)
        }
        return "redirect:/review/cases/"
                + id
                + (from == null
                        ? ""
                        : "?from=" + URLEncoder.encode(from.token(), StandardCharsets.UTF_8));
    }

    /**
     * The page of a case's reports this request is on (issue 15: a big case's reports come a page
     * at a time): the page address's {@code from}, or for a POST the hidden {@code from} of the
     * form, so that a verdict, a reveal or a comment on a later page comes back to that page. Null:
     * the first page.
     */
    static ReportCursor page() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes a) {
            String from = a.getRequest().getParameter("from");
            if (from != null && !from.isEmpty()) {
                return ReportCursor.parse(from);
            }
        }
        return null;
    }

    private CaseView find(UUID id, Reviewer me) {
        return cases.find(id, me, page()).orElseThrow(ReviewPorts.NotFound::new);
    }

    private String render(UUID id, Reviewer me, Model model) {
        return render(find(id, me), me, model);
    }

    private String render(CaseView c, Reviewer me, Model model) {
        model.addAttribute("c", c);
        // content this session was granted by an audited reveal, shown again without a new row
        RevealGrants.Shown shown = RevealGrants.shown(c.id(), me, cases, clock.instant());
        model.addAttribute("shownItems", shown.items());
        model.addAttribute("shownTranscripts", shown.transcripts());
        model.addAttribute("shownComments", shown.comments());
        List<ReportGroups.Category> groups = ReportGroups.of(c, queue.categories());
        model.addAttribute("reportGroups", groups);
        // the breakdown counts the whole case; the groups below are this page's reports
        List<CategoryCount> breakdown = ReportGroups.breakdown(c, queue.categories());
        model.addAttribute("breakdown", breakdown);
        Map<String, Integer> caseCounts = new LinkedHashMap<>();
        breakdown.forEach(b -> caseCounts.put(b.category(), b.reports()));
        model.addAttribute("caseCounts", caseCounts);
        model.addAttribute(
                "pageCategories",
                groups.stream().map(ReportGroups.Category::category).collect(Collectors.toSet()));
        ReportCursor from = c.reportsPage().from();
        model.addAttribute("pageFrom", from == null ? null : from.token());
        model.addAttribute("reportsPageSize", ReportsPage.SIZE);
        model.addAttribute("historyMax", CaseView.HISTORY);
        // the most severe category is open; another only where the work is (what was just shown,
        // judged or asked for), so a mixed case is a page of headings, not of every transcript
        Object focused = model.getAttribute(FOCUS);
        java.util.Set<String> openCategories = new java.util.HashSet<>();
        java.util.Set<ReportGroups.Same> focusReports = new java.util.HashSet<>();
        if (!groups.isEmpty()) {
            openCategories.add(groups.get(0).category());
        }
        for (ReportGroups.Category g : groups) {
            for (ReportGroups.Same k : g.groups()) {
                for (var r : k.reports()) {
                    boolean here =
                            shown.comments().containsKey(r.id())
                                    || (focused instanceof String f
                                            && f.endsWith(r.id().toString()));
                    if (here) {
                        focusReports.add(k);
                    }
                    if (here || shown.transcripts().contains(r.id())) {
                        openCategories.add(g.category());
                    }
                }
                for (var line : k.first().transcript()) {
                    if (line.itemId() != null && shown.items().containsKey(line.itemId())) {
                        openCategories.add(g.category());
                    }
                }
            }
        }
        model.addAttribute("openCategories", openCategories);
        model.addAttribute("focusReports", focusReports);
        Map<UUID, EvidenceRow> byId = new LinkedHashMap<>();
        for (EvidenceRow e : c.evidence()) {
            byId.put(e.id(), e);
        }
        model.addAttribute("evidenceById", byId);
        UUID firstRevealReport =
                groups.isEmpty() ? null : groups.get(0).groups().get(0).first().id();
        model.addAttribute("firstRevealReport", firstRevealReport);
        model.addAttribute("firstReveal", firstReveal(c, firstRevealReport));
        model.addAttribute("inlineTypes", INLINE_IMAGE_TYPES);
        model.addAttribute("previewTypes", ImagePreviews.PREVIEWABLE);
        model.addAttribute("mine", me.username().equals(c.assignee()));
        boolean closed = c.closedAt() != null || c.status() == CaseStatus.CLOSED;
        model.addAttribute("closed", closed);
        model.addAttribute(
                "mayJudge", !closed && (me.username().equals(c.assignee()) || me.isAdmin()));
        // a decision form that came back from a refusal is shown even if the case is no longer
        // this reviewer's: what they typed must not vanish with it
        model.addAttribute("decisionKept", model.containsAttribute("decisionForm"));
        putIfAbsent(model, "noteForm", NoteForm.empty());
        putIfAbsent(model, "decisionForm", DecisionForm.empty());
        putIfAbsent(model, "escalateForm", ReasonForm.empty());
        putIfAbsent(model, "reopenForm", ReasonForm.empty());
        putIfAbsent(model, "reassignForm", ReassignForm.empty());
        if (me.isAdmin()) {
            model.addAttribute("assignees", cases.assignees());
        }
        ReviewPorts.Templates templates = templatesPort();
        model.addAttribute("decisionTemplates", templates == null ? List.of() : templates.list());
        EvidenceController.addEvidence(evidencePort(), c, me, model);
        AccountController.addStanding(accountsPort(), c, me, model);
        return "review/case";
    }

    /** The item the "show content" focus goes to after a claim: the first one that can be shown. */
    private static UUID firstReveal(CaseView c, UUID firstReport) {
        for (var r : c.reports()) {
            if (firstReport != null && !r.id().equals(firstReport)) {
                continue;
            }
            for (var line : r.inOrder()) {
                if (line.itemId() != null) {
                    return line.itemId();
                }
            }
        }
        return null;
    }

    static void putIfAbsent(Model model, String name, Object value) {
        if (!model.containsAttribute(name)) {
            model.addAttribute(name, value);
        }
    }
}
