package dev.franking.review.web;

import dev.franking.review.model.ReviewPorts;
import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Views.ApprovalRow;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * Work that waits for this reviewer in particular: escalated cases (for child-safety moderators and
 * admins) and four-eyes approvals they may give (a pending forwarding someone else requested). The
 * navigation shows both counts on every page.
 */
@Controller
public class InboxController extends ReviewPages {
    private final ReviewPorts.Queue queue;

    public InboxController(ReviewPorts.Queue queue) {
        this.queue = queue;
    }

    @GetMapping("/review/escalated")
    String escalated(Reviewer me, Model model) {
        model.addAttribute("page", queue.escalated(me, ReviewLimits.QUEUE_PAGE_SIZE));
        return "review/escalated";
    }

    @GetMapping("/review/approvals")
    String approvals(Reviewer me, Model model) {
        ReviewPorts.Approvals port = approvalsPort();
        if (port == null) {
            throw new ReviewPorts.NotFound();
        }
        List<ApprovalRow> rows = port.awaitingApproval(me);
        model.addAttribute("approvals", rows);
        return "review/approvals";
    }
}
