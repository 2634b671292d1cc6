package dev.franking.review.web;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The page between the password and the queue for a moderator with a passkey. Not a {@link
 * ReviewPages}: nothing of the review (navigation, counts) is shown before the second factor.
 */
@Controller
public class SecondFactorController {
    private final ObjectProvider<PublicKeyCredentialUserEntityRepository> users;
    private final ObjectProvider<UserCredentialRepository> credentials;

    public SecondFactorController(
            ObjectProvider<PublicKeyCredentialUserEntityRepository> users,
            ObjectProvider<UserCredentialRepository> credentials) {
        this.users = users;
        this.credentials = credentials;
    }

    @GetMapping(PasskeyGate.SECOND_FACTOR)
    String secondFactor(Model model) {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        PublicKeyCredentialUserEntityRepository u = users.getIfAvailable();
        UserCredentialRepository c = credentials.getIfAvailable();
        if (auth == null
                || PasskeyGate.hasPasskeyFactor(auth)
                || u == null
                || c == null
                || !PasskeyGate.hasPasskey(u, c, auth.getName())) {
            // already done (a second tab, the back button), or nothing to ask: on to the work
            return "redirect:/review";
        }
        model.addAttribute("username", auth == null ? "" : auth.getName());
        return "review/second-factor";
    }
}
