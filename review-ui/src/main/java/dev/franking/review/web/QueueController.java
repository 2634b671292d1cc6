package dev.franking.review.web;

import dev.franking.review.model.ReviewPorts;
import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Views.CaseStatus;
import dev.franking.review.model.Views.QueueFilter;
import dev.franking.review.model.Views.QueuePage;
import java.util.Locale;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The queue: open cases by priority, filtered by category, status and assignee, keyset-paginated.
 */
@Controller
public class QueueController extends ReviewPages {
    private final ReviewPorts.Queue queue;
    private final ReviewPorts.Cases cases;

    public QueueController(ReviewPorts.Queue queue, ReviewPorts.Cases cases) {
        this.queue = queue;
        this.cases = cases;
    }

    @GetMapping({"/review", "/review/queue"})
    String queue(
            @RequestParam(required = false) String category,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String assignee,
            @RequestParam(required = false) String cursor,
            Reviewer me,
            Model model) {
        CaseStatus st =
                StringUtils.hasText(status)
                        ? CaseStatus.valueOf(status.trim().toUpperCase(Locale.ROOT))
                        : null;
        String cat = StringUtils.hasText(category) ? category.trim() : null;
        String who = StringUtils.hasText(assignee) ? assignee.trim() : null;
        if (who != null && who.length() > ReviewLimits.USERNAME_MAX) {
            throw new IllegalArgumentException("assignee too long");
        }
        QueueFilter filter = new QueueFilter(cat, st, who);
        QueuePage page =
                queue.page(
                        filter,
                        StringUtils.hasText(cursor) ? cursor : null,
                        ReviewLimits.QUEUE_PAGE_SIZE,
                        me);
        model.addAttribute("page", page);
        // cases taken from this reviewer because they became child safety: told here, once a page
        model.addAttribute("movedFrom", queue.movedFrom(me));
        CaseController.putIfAbsent(model, "bulkForm", Forms.DecisionForm.empty());
        CaseController.putIfAbsent(model, "bulkSelected", java.util.List.of());
        ReviewPorts.Templates templates = templatesPort();
        model.addAttribute(
                "decisionTemplates", templates == null ? java.util.List.of() : templates.list());
        model.addAttribute("filter", filter);
        model.addAttribute("categories", queue.categories());
        model.addAttribute("statuses", CaseStatus.values());
        model.addAttribute("assignees", cases.assignees());
        model.addAttribute("firstPage", !StringUtils.hasText(cursor));
        if (page.nextCursor() != null) {
            model.addAttribute(
                    "nextUrl",
                    UriComponentsBuilder.fromPath("/review/queue")
                            .queryParamIfPresent("category", java.util.Optional.ofNullable(cat))
                            .queryParamIfPresent(
                                    "status",
                                    java.util.Optional.ofNullable(st).map(CaseStatus::name))
                            .queryParamIfPresent("assignee", java.util.Optional.ofNullable(who))
                            .queryParam("cursor", page.nextCursor())
                            .encode()
                            .build()
                            .toUriString());
        }
        return "review/queue";
    }
}
