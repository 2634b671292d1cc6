package dev.franking.review.web;

import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;

/** The sign-in page (Spring Security processes the POST) and the access-denied page. */
@Controller
public class LoginController extends ReviewPages {

    private final ObjectProvider<ClientRegistrationRepository> sso;

    public LoginController(ObjectProvider<ClientRegistrationRepository> sso) {
        this.sso = sso;
    }

    /** A configured identity provider: its sign-in link and its name. */
    public record SsoProvider(String href, String name) {}

    @GetMapping(ReviewSecurityConfig.LOGIN)
    String login(@RequestParam(name = "locked", required = false) String locked, Model model) {
        // ?locked=N comes from SignInGuard; anything else in it shows nothing rather than a 400
        Integer lockedMinutes = null;
        if (locked != null && locked.matches("[0-9]{1,4}")) {
            int m = Integer.parseInt(locked);
            if (m >= 1 && m <= SignInGuard.MAX_SHOWN_MINUTES) {
                lockedMinutes = m;
            }
        }
        model.addAttribute("lockedMinutes", lockedMinutes);
        List<SsoProvider> providers = new ArrayList<>();
        if (sso.getIfAvailable() instanceof Iterable<?> registrations) {
            for (Object o : registrations) {
                ClientRegistration r = (ClientRegistration) o;
                providers.add(
                        new SsoProvider(
                                OidcSignIn.AUTHORIZATION_BASE + "/" + r.getRegistrationId(),
                                r.getClientName()));
            }
        }
        model.addAttribute("ssoProviders", providers);
        return "review/login";
    }

    /**
     * Spring Security forwards here (with the original method) when access is denied, CSRF
     * included.
     */
    @RequestMapping(ReviewSecurityConfig.DENIED)
    @ResponseStatus(HttpStatus.FORBIDDEN)
    String denied() {
        return "review/denied";
    }
}
