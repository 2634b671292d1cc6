package dev.franking.review.web;

import dev.franking.review.model.ReviewPorts;
import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Views.ModeratorSettings;
import java.util.List;
import java.util.stream.IntStream;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Wellness (issue 14): each moderator's own display settings and content-view count ({@code
 * /review/settings}), and every moderator's count for admins ({@code /review/admin/wellness}). Off
 * (404) without the wellness port.
 */
@Controller
public class WellnessController extends ReviewPages {
    static final List<Integer> BLUR_LEVELS =
            IntStream.rangeClosed(ModeratorSettings.BLUR_MIN, ModeratorSettings.BLUR_MAX)
                    .boxed()
                    .toList();

    private ReviewPorts.Wellness port() {
        ReviewPorts.Wellness w = wellnessPort();
        if (w == null) {
            throw new ReviewPorts.NotFound();
        }
        return w;
    }

    @GetMapping("/review/settings")
    String settings(Reviewer me, Model model) {
        ReviewPorts.Wellness w = port();
        model.addAttribute("settings", w.settings(me));
        model.addAttribute("blurLevels", BLUR_LEVELS);
        return "review/settings";
    }

    /**
     * Saves the reviewer's own settings (post/redirect/get). An unchecked box is absent from the
     * form, hence the defaults of false; {@code version} is the one the page showed.
     */
    @PostMapping("/review/settings")
    String save(
            @RequestParam int blurStrength,
            @RequestParam(defaultValue = "false") boolean greyscale,
            @RequestParam(defaultValue = "false") boolean autoplay,
            @RequestParam(required = false) Long version,
            Reviewer me,
            RedirectAttributes ra) {
        ReviewPorts.Wellness w = port();
        if (blurStrength < ModeratorSettings.BLUR_MIN
                || blurStrength > ModeratorSettings.BLUR_MAX) {
            throw new IllegalArgumentException("blur strength out of range"); // 400 page
        }
        try {
            w.saveSettings(new ModeratorSettings(blurStrength, greyscale, autoplay, version), me);
            ra.addFlashAttribute(Flash.ATTRIBUTE, Flash.ok("flash.settings-saved"));
        } catch (ReviewPorts.ActionRefused refused) {
            ra.addFlashAttribute(Flash.ATTRIBUTE, Flash.error(refusalKey(refused)));
        }
        ra.addFlashAttribute(CaseController.FOCUS, "flash");
        return "redirect:/review/settings";
    }

    /** Admins (the chain checks the path, the port checks again). */
    @GetMapping("/review/admin/wellness")
    String exposures(Reviewer me, Model model) {
        ReviewPorts.Wellness w = port();
        model.addAttribute("exposures", w.exposuresToday(me));
        model.addAttribute("softLimit", w.exposureToday(me).softLimit());
        return "review/admin/wellness";
    }
}
