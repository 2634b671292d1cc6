package dev.franking.review.web;

import dev.franking.review.model.ReviewPorts;
import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Role;
import jakarta.servlet.http.HttpServletRequest;
import java.io.Serializable;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Moderator accounts, for admins (issue 14, back office): list, create, change roles, disable and
 * enable, reset a password. Every change needs a reason and goes through the {@link
 * ReviewPorts.ModeratorAdmin} port, which authorises, changes and audits it in one transaction,
 * refuses a stale change and never leaves the service without an active admin.
 *
 * <p>A generated password is shown once: it travels from the POST to the page after the redirect as
 * a flash attribute (server side, in the session, consumed by that one page), never in a URL, never
 * in a log; the page is not cached (Spring Security's no-store headers).
 */
@Controller
public class ModeratorsController extends ReviewPages {
    static final String PAGE = "/review/admin/moderators";

    /** The one-time password shown after a creation or reset: whose, and the password. */
    public record OneTimePassword(String username, String password) implements Serializable {
        @Override
        public String toString() {
            return "OneTimePassword[username=" + username + ", password=[REDACTED]]";
        }
    }

    /** What an admin typed in the creation form, kept across a refusal (never a password). */
    public record CreateForm(String username, Set<Role> roles, String reason)
            implements Serializable {
        static CreateForm empty() {
            return new CreateForm("", EnumSet.of(Role.MODERATOR), "");
        }
    }

    private ReviewPorts.ModeratorAdmin port() {
        ReviewPorts.ModeratorAdmin a = moderatorAdminPort();
        if (a == null) {
            throw new ReviewPorts.NotFound();
        }
        return a;
    }

    @GetMapping(PAGE)
    String page(Model model) {
        model.addAttribute("accounts", port().list());
        model.addAttribute("allRoles", Role.values());
        CaseController.putIfAbsent(model, "createForm", CreateForm.empty());
        return "review/admin/moderators";
    }

    @PostMapping(PAGE)
    String create(
            @RequestParam(defaultValue = "") String username,
            @RequestParam(name = "roles", required = false) List<String> roles,
            @RequestParam(defaultValue = "") String reason,
            Reviewer me,
            RedirectAttributes ra) {
        Set<Role> rs = roles(roles);
        String name = username.strip();
        CreateForm typed = new CreateForm(name, rs, reason);
        if (!validUsername(name) || rs.isEmpty() || !validReason(reason)) {
            ra.addFlashAttribute("createForm", typed);
            ra.addFlashAttribute(Flash.ATTRIBUTE, Flash.error("flash.account-invalid"));
            return "redirect:" + PAGE;
        }
        try {
            String pw = port().create(name, rs, reason.strip(), me);
            ra.addFlashAttribute("oneTimePassword", new OneTimePassword(name, pw));
            ra.addFlashAttribute(Flash.ATTRIBUTE, Flash.ok("flash.account-created"));
        } catch (ReviewPorts.ActionRefused refused) {
            ra.addFlashAttribute("createForm", typed);
            ra.addFlashAttribute(Flash.ATTRIBUTE, Flash.error(refusalKey(refused)));
        }
        return "redirect:" + PAGE;
    }

    @PostMapping(PAGE + "/{username}/roles")
    String roles(
            @PathVariable String username,
            @RequestParam long version,
            @RequestParam(name = "roles", required = false) List<String> roles,
            @RequestParam(defaultValue = "") String reason,
            Reviewer me,
            RedirectAttributes ra) {
        Set<Role> rs = roles(roles);
        if (rs.isEmpty() || !validReason(reason)) {
            return invalid(ra);
        }
        return act(
                ra,
                "flash.account-roles-changed",
                () -> port().setRoles(username, version, rs, reason.strip(), me));
    }

    @PostMapping(PAGE + "/{username}/disable")
    String disable(
            @PathVariable String username,
            @RequestParam long version,
            @RequestParam(defaultValue = "") String reason,
            Reviewer me,
            RedirectAttributes ra) {
        if (!validReason(reason)) {
            return invalid(ra);
        }
        return act(
                ra,
                "flash.account-disabled",
                () -> port().disable(username, version, reason.strip(), me));
    }

    @PostMapping(PAGE + "/{username}/enable")
    String enable(
            @PathVariable String username,
            @RequestParam long version,
            @RequestParam(defaultValue = "") String reason,
            Reviewer me,
            RedirectAttributes ra) {
        if (!validReason(reason)) {
            return invalid(ra);
        }
        return act(
                ra,
                "flash.account-enabled",
                () -> port().enable(username, version, reason.strip(), me));
    }

    /**
     * A new generated password, shown once. The account's sessions end at their next request (its
     * version moved); when an admin resets their own password, the session they did it from stays.
     */
    @PostMapping(PAGE + "/{username}/password")
    String resetPassword(
            @PathVariable String username,
            @RequestParam long version,
            @RequestParam(defaultValue = "") String reason,
            Reviewer me,
            HttpServletRequest request,
            RedirectAttributes ra) {
        if (!validReason(reason)) {
            return invalid(ra);
        }
        try {
            String pw = port().resetPassword(username, version, reason.strip(), me);
            if (username.equals(me.username())) {
                AccountCheck.keepThisSession(request, port(), username);
            }
            ra.addFlashAttribute("oneTimePassword", new OneTimePassword(username, pw));
            ra.addFlashAttribute(Flash.ATTRIBUTE, Flash.ok("flash.account-password-reset"));
        } catch (ReviewPorts.ActionRefused refused) {
            ra.addFlashAttribute(Flash.ATTRIBUTE, Flash.error(refusalKey(refused)));
        }
        return "redirect:" + PAGE;
    }

    private String act(RedirectAttributes ra, String okKey, Runnable action) {
        try {
            action.run();
            ra.addFlashAttribute(Flash.ATTRIBUTE, Flash.ok(okKey));
        } catch (ReviewPorts.ActionRefused refused) {
            ra.addFlashAttribute(Flash.ATTRIBUTE, Flash.error(refusalKey(refused)));
        }
        return "redirect:" + PAGE;
    }

    private static String invalid(RedirectAttributes ra) {
        ra.addFlashAttribute(Flash.ATTRIBUTE, Flash.error("flash.account-invalid"));
        return "redirect:" + PAGE;
    }

    /** The roles ticked; an unknown name is a bad request (400), never a silent drop. */
    static Set<Role> roles(List<String> names) {
        Set<Role> rs = EnumSet.noneOf(Role.class);
        if (names != null) {
            for (String n : names) {
                rs.add(Role.fromWire(n));
            }
        }
        return rs;
    }

    static boolean validUsername(String s) {
        return s.matches("[A-Za-z0-9._@-]{1," + ReviewLimits.USERNAME_MAX + "}");
    }

    static boolean validReason(String s) {
        return !s.isBlank() && s.length() <= ReviewLimits.REASON_MAX;
    }
}
