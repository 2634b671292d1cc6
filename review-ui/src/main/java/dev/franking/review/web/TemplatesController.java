package dev.franking.review.web;

import dev.franking.review.model.ReviewPorts;
import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Views.DecisionTemplate;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.io.Serializable;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Decision templates (a ground and facts for a frequent kind of decision): admins create, edit and
 * delete them here (the port audits each change); everyone who decides picks one in the decision
 * form, which fills the ground and facts (with script at once, without it by "Use template").
 *
 * <p>An edit or deletion carries the version the admin saw: when someone else saved the template in
 * between, the port refuses ({@code refused.template-stale}) and nothing is overwritten; the page
 * shows what is saved now next to the admin's unsaved text, so they can decide.
 */
@Controller
public class TemplatesController extends ReviewPages {
    static final String PAGE = "/review/admin/templates";

    /** {@code decision_templates.name}. */
    public static final int NAME_MAX = 80;

    /** A template as an admin types it; {@code id} and {@code version} are null for a new one. */
    public record TemplateForm(
            UUID id,
            Long version,
            @NotBlank(message = "{validation.required}")
                    @Size(max = NAME_MAX, message = "{validation.too-long}")
                    String name,
            @NotBlank(message = "{validation.required}")
                    @Size(max = ReviewLimits.GROUND_MAX, message = "{validation.too-long}")
                    String ground,
            @NotBlank(message = "{validation.required}")
                    @Size(max = ReviewLimits.FACTS_MAX, message = "{validation.too-long}")
                    String facts)
            implements Serializable {
        static TemplateForm empty() {
            return new TemplateForm(null, null, "", "", "");
        }

        static TemplateForm of(DecisionTemplate t) {
            return new TemplateForm(t.id(), t.version(), t.name(), t.ground(), t.facts());
        }
    }

    private ReviewPorts.Templates port() {
        ReviewPorts.Templates t = templatesPort();
        if (t == null) {
            throw new ReviewPorts.NotFound();
        }
        return t;
    }

    @GetMapping(PAGE)
    String page(Model model) {
        model.addAttribute("templates", port().list());
        model.addAttribute("nameMax", NAME_MAX);
        CaseController.putIfAbsent(model, "templateForm", TemplateForm.empty());
        return "review/admin/templates";
    }

    @PostMapping(PAGE)
    String create(
            @Valid @ModelAttribute("templateForm") TemplateForm form,
            BindingResult binding,
            Reviewer me,
            RedirectAttributes ra) {
        if (binding.hasErrors()) {
            return invalid("templateForm", form, binding, ra);
        }
        try {
            port().create(form.name().strip(), form.ground().strip(), form.facts().strip(), me);
        } catch (ReviewPorts.ActionRefused refused) {
            return refusedKeeping("templateForm", form, refused, ra);
        }
        ra.addFlashAttribute(Flash.ATTRIBUTE, Flash.ok("flash.template-created"));
        return "redirect:" + PAGE;
    }

    @PostMapping(PAGE + "/{id}")
    String update(
            @PathVariable UUID id,
            @Valid @ModelAttribute("editForm") TemplateForm form,
            BindingResult binding,
            Reviewer me,
            RedirectAttributes ra) {
        TemplateForm typed =
                new TemplateForm(id, form.version(), form.name(), form.ground(), form.facts());
        if (binding.hasErrors() || form.version() == null) {
            return invalid("editForm", typed, binding, ra);
        }
        try {
            port().update(
                            id,
                            form.version(),
                            form.name().strip(),
                            form.ground().strip(),
                            form.facts().strip(),
                            me);
        } catch (ReviewPorts.ActionRefused refused) {
            return refusedKeeping("editForm", typed, refused, ra);
        }
        ra.addFlashAttribute(Flash.ATTRIBUTE, Flash.ok("flash.template-updated"));
        return "redirect:" + PAGE;
    }

    @PostMapping(PAGE + "/{id}/delete")
    String delete(
            @PathVariable UUID id, @RequestParam long version, Reviewer me, RedirectAttributes ra) {
        try {
            port().delete(id, version, me);
        } catch (ReviewPorts.ActionRefused refused) {
            ra.addFlashAttribute(Flash.ATTRIBUTE, Flash.error(refusalKey(refused)));
            return "redirect:" + PAGE;
        }
        ra.addFlashAttribute(Flash.ATTRIBUTE, Flash.ok("flash.template-deleted"));
        return "redirect:" + PAGE;
    }

    private String invalid(
            String name, TemplateForm form, BindingResult binding, RedirectAttributes ra) {
        ra.addFlashAttribute(name, form);
        ra.addFlashAttribute(BindingResult.MODEL_KEY_PREFIX + name, binding);
        ra.addFlashAttribute(Flash.ATTRIBUTE, Flash.error("flash.invalid"));
        return "redirect:" + PAGE;
    }

    /** A refusal keeps what the admin typed (a stale edit especially: nothing of it is lost). */
    private String refusedKeeping(
            String name,
            TemplateForm form,
            ReviewPorts.ActionRefused refused,
            RedirectAttributes ra) {
        ra.addFlashAttribute(name, form);
        ra.addFlashAttribute(Flash.ATTRIBUTE, Flash.error(refusalKey(refused)));
        return "redirect:" + PAGE;
    }
}
