package dev.franking.review.web;

import dev.franking.review.model.ReviewPorts;
import dev.franking.review.model.Reviewer;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.CredentialRecord;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A moderator's own passkeys (issue 14): the list, registering one (the ceremony runs in {@code
 * passkeys.js} against Spring Security's {@code /webauthn/register} endpoints), removing one; and
 * the second-factor page that asks for one after the password. Off (404) when the application has
 * no passkey repositories or {@code reports.review.passkeys.enabled=false}.
 */
@Controller
public class PasskeysController extends ReviewPages {

    private final ObjectProvider<PublicKeyCredentialUserEntityRepository> users;
    private final ObjectProvider<UserCredentialRepository> credentials;
    private final PasskeyGate.Settings settings;

    public PasskeysController(
            ObjectProvider<PublicKeyCredentialUserEntityRepository> users,
            ObjectProvider<UserCredentialRepository> credentials,
            PasskeyGate.Settings settings) {
        this.users = users;
        this.credentials = credentials;
        this.settings = settings;
    }

    /** One passkey as the page shows it. */
    public record PasskeyRow(String id, String label, Instant created, Instant lastUsed) {}

    @GetMapping(PasskeyGate.PASSKEYS)
    String list(
            Reviewer me,
            @RequestParam(name = "required", required = false) String required,
            Model model) {
        UserCredentialRepository creds = on();
        PublicKeyCredentialUserEntity user = users.getObject().findByUsername(me.username());
        List<PasskeyRow> rows =
                user == null
                        ? List.of()
                        : creds.findByUserId(user.getId()).stream()
                                .map(PasskeysController::row)
                                .sorted(
                                        Comparator.comparing(
                                                PasskeyRow::created,
                                                Comparator.nullsLast(Comparator.naturalOrder())))
                                .toList();
        model.addAttribute("passkeys", rows);
        model.addAttribute(
                "mustRegister", required != null && rows.isEmpty() && settings.required());
        model.addAttribute("passkeysRequired", settings.required());
        return "review/passkeys";
    }

    @PostMapping(PasskeyGate.PASSKEYS + "/{id}/delete")
    String remove(Reviewer me, @PathVariable String id, RedirectAttributes flash) {
        UserCredentialRepository creds = on();
        Bytes credentialId;
        try {
            credentialId = Bytes.fromBase64(id);
        } catch (IllegalArgumentException e) {
            throw new ReviewPorts.NotFound();
        }
        PublicKeyCredentialUserEntity user = users.getObject().findByUsername(me.username());
        CredentialRecord record = credentials.getObject().findByCredentialId(credentialId);
        // someone else's passkey is answered like one that does not exist
        if (user == null || record == null || !user.getId().equals(record.getUserEntityUserId())) {
            throw new ReviewPorts.NotFound();
        }
        creds.delete(credentialId);
        flash.addFlashAttribute(Flash.ATTRIBUTE, Flash.ok("flash.passkey-removed"));
        return "redirect:" + PasskeyGate.PASSKEYS;
    }

    private UserCredentialRepository on() {
        UserCredentialRepository c = credentials.getIfAvailable();
        if (!settings.enabled() || c == null || users.getIfAvailable() == null) {
            throw new ReviewPorts.NotFound();
        }
        return c;
    }

    private static PasskeyRow row(CredentialRecord r) {
        return new PasskeyRow(
                r.getCredentialId().toBase64UrlString(),
                r.getLabel(),
                r.getCreated(),
                r.getLastUsed());
    }
}
