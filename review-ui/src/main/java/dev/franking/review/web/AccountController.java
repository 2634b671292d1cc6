package dev.franking.review.web;

import dev.franking.review.model.ReviewPorts;
import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Views;
import dev.franking.review.model.Views.AccountView;
import dev.franking.review.model.Views.CaseView;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Accounts (issue 14): search by the reported account's identifier and the account page (every
 * case, decision, strike, the action in force, the suggested next action). The identifier travels
 * as a query parameter, never in the path: platforms' identifiers may hold any character. Both
 * pages are off (404) without the optional {@link ReviewPorts.Accounts} port.
 */
@Controller
public class AccountController extends ReviewPages {
    /**
     * The longest account identifier (the width of {@code cases.reported_sender_id}: ids of up to
     * 256 bytes).
     */
    static final int ACCOUNT_MAX = 256;

    /** Results of one search. */
    static final int SEARCH_LIMIT = 50;

    /** Cases on one account page (keyset pagination: an account can have thousands). */
    static final int ACCOUNT_PAGE_SIZE = 25;

    /** The longest page cursor the port writes (an instant, a separator, a UUID) with room. */
    static final int CURSOR_MAX = 100;

    @GetMapping("/review/accounts")
    String search(@RequestParam(required = false) String q, Reviewer me, Model model) {
        ReviewPorts.Accounts port = port();
        if (q != null && q.length() > ACCOUNT_MAX) {
            throw new IllegalArgumentException("query too long");
        }
        String query = q == null ? "" : q.strip();
        model.addAttribute("q", query);
        model.addAttribute("prefixMin", ReviewPorts.Accounts.PREFIX_MIN);
        model.addAttribute("accountMax", ACCOUNT_MAX);
        List<Views.AccountHit> hits =
                query.isEmpty() ? List.of() : port.search(query, SEARCH_LIMIT, me);
        model.addAttribute("searched", !query.isEmpty());
        model.addAttribute("hits", hits);
        return "review/accounts";
    }

    /** The account page; the port audits the view (it reveals the account's history). */
    @GetMapping("/review/accounts/view")
    String view(
            @RequestParam String id,
            @RequestParam(required = false) String after,
            Reviewer me,
            Model model) {
        ReviewPorts.Accounts port = port();
        if (id.isEmpty() || id.length() > ACCOUNT_MAX) {
            throw new IllegalArgumentException("account");
        }
        if (after != null && (after.isEmpty() || after.length() > CURSOR_MAX)) {
            throw new IllegalArgumentException("cursor");
        }
        AccountView account =
                port.view(id, after, ACCOUNT_PAGE_SIZE, me).orElseThrow(ReviewPorts.NotFound::new);
        model.addAttribute("a", account);
        model.addAttribute("s", account.standing());
        model.addAttribute("firstPage", after == null);
        return "review/account";
    }

    private ReviewPorts.Accounts port() {
        ReviewPorts.Accounts port = accountsPort();
        if (port == null) {
            throw new ReviewPorts.NotFound();
        }
        return port;
    }

    /**
     * The case page's account box: strikes, the action in force and the suggestion, and the link to
     * the account page (nothing without the port).
     */
    static void addStanding(ReviewPorts.Accounts port, CaseView c, Reviewer me, Model model) {
        if (port != null && c.reportedAccount() != null) {
            model.addAttribute("standing", port.standing(c.reportedAccount(), me));
        }
    }
}
