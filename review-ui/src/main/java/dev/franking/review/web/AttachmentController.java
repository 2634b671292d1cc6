package dev.franking.review.web;

import dev.franking.review.model.ReviewPorts;
import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Views.HeldOriginal;
import dev.franking.review.model.Views.ModeratorSettings;
import dev.franking.review.model.Views.OriginalHold;
import dev.franking.review.model.Views.RevealedAttachment;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Attachments, truthfully (issue 13 item 3, issue 14 wellness). The case page shows an image only
 * as a preview blurred on the server ({@link ImagePreviews}); the original reaches the browser only
 * after an explicit "view original" POST, which the port audits as a view of that file. The POST
 * records the view under a random token ({@link OriginalGrants}) and redirects to a page that shows
 * it (post/redirect/get); the port shows it again only to that person, for 5 minutes after their
 * audited view, so a refresh writes no second row, on whichever instance it lands.
 *
 * <p>Steps, for a reviewer whose settings ask for greyscale (the default): preview (blurred,
 * greyscale) → "view original" (audited; unblurred but still greyscale, a server rendering, first
 * frame only) → "show in colour" (audited again, as it shows more: the original bytes). Without
 * greyscale, "view original" goes to colour at once. An animated image does not play unless the
 * reviewer allowed autoplay: the colour step shows its first frame and offers the original file as
 * a separate link. Files that are not images get no preview; "download original" is the same
 * audited POST and grant, answered as a download.
 */
@Controller
public class AttachmentController extends ReviewPages {
    static final String BASE = "/review/cases/{id}/items/{itemId}/attachments/{n}";

    private final ReviewPorts.Cases cases;
    private final byte[] placeholder = ImagePreviews.placeholder();

    public AttachmentController(ReviewPorts.Cases cases) {
        this.cases = cases;
    }

    /**
     * The blurred preview (a PNG made here, never the original); the placeholder for an image too
     * large or unreadable; 404 for a file that is not an image.
     */
    @GetMapping(BASE + "/preview")
    ResponseEntity<byte[]> preview(
            @PathVariable UUID id, @PathVariable UUID itemId, @PathVariable int n, Reviewer me) {
        RevealedAttachment a;
        try {
            a = cases.attachmentForPreview(id, itemId, n, me);
        } catch (ReviewPorts.ActionRefused refused) {
            throw new ReviewPorts.NotFound(); // an image request has no page to carry a message
        }
        if (!ImagePreviews.previewable(a.contentType())) {
            throw new ReviewPorts.NotFound();
        }
        ModeratorSettings s = settingsOf(me);
        byte[] png;
        try {
            png = ImagePreviews.blurred(a.bytes(), s.blurStrength(), s.greyscale());
        } catch (ImagePreviews.Refused refused) {
            png = placeholder;
        }
        return image(MediaType.IMAGE_PNG, "preview-" + n + ".png", png, true);
    }

    /** "View original": audited by the port, then post/redirect/get onto the hold's page. */
    @PostMapping(BASE + "/original")
    String original(
            @PathVariable UUID id,
            @PathVariable UUID itemId,
            @PathVariable int n,
            Reviewer me,
            RedirectAttributes ra) {
        String token = OriginalGrants.newToken();
        // colour at once for a reviewer without greyscale; a file the server cannot render is
        // shown as it is whatever the setting (see colour(HeldOriginal))
        try {
            cases.attachment(
                    id, itemId, n, new OriginalHold(token, !settingsOf(me).greyscale()), me);
        } catch (ReviewPorts.ActionRefused refused) {
            ra.addFlashAttribute(Flash.ATTRIBUTE, Flash.error(refusalKey(refused)));
            return "redirect:/review/cases/" + id;
        }
        return "redirect:" + page(id, itemId, n) + "?grant=" + token;
    }

    /** The second step: colour (the original bytes); audited again, since it shows more. */
    @PostMapping(BASE + "/original/colour")
    String colour(
            @PathVariable UUID id,
            @PathVariable UUID itemId,
            @PathVariable int n,
            @RequestParam(required = false) String grant,
            Reviewer me,
            RedirectAttributes ra) {
        Optional<HeldOriginal> g = held(id, itemId, n, grant, me);
        if (g.isEmpty()) {
            return "redirect:" + page(id, itemId, n); // expired: the page offers a new view
        }
        if (!colour(g.get())) {
            try {
                cases.attachment(id, itemId, n, new OriginalHold(grant, true), me);
            } catch (ReviewPorts.ActionRefused refused) {
                ra.addFlashAttribute(Flash.ATTRIBUTE, Flash.error(refusalKey(refused)));
                return "redirect:/review/cases/" + id;
            }
        }
        return "redirect:" + page(id, itemId, n) + "?grant=" + grant;
    }

    /** The page of a hold: the rendering (or the download link), the colour step, the way back. */
    @GetMapping(BASE + "/original")
    String originalPage(
            @PathVariable UUID id,
            @PathVariable UUID itemId,
            @PathVariable int n,
            @RequestParam(required = false) String grant,
            Reviewer me,
            Model model) {
        // the case must still be visible to this reviewer (404 otherwise, like the case page)
        cases.find(id, me).orElseThrow(ReviewPorts.NotFound::new);
        Optional<HeldOriginal> g = held(id, itemId, n, grant, me);
        model.addAttribute("caseId", id);
        model.addAttribute("itemId", itemId);
        model.addAttribute("n", n);
        model.addAttribute("grant", g.isPresent() ? grant : null);
        if (g.isPresent()) {
            HeldOriginal x = g.get();
            boolean image = ImagePreviews.previewable(type(x));
            boolean colour = colour(x);
            model.addAttribute("contentType", type(x));
            model.addAttribute("image", image);
            model.addAttribute("colour", colour);
            model.addAttribute(
                    "still",
                    image && colour && !settingsOf(me).autoplay() && animatedOrUnrenderable(x));
        }
        return "review/original";
    }

    /**
     * The image of a hold: before colour, the greyscale unblurred rendering; after, the original
     * bytes of an inline type (or, for an animation the reviewer does not want to play, its first
     * frame in colour).
     */
    @GetMapping(BASE + "/original/image")
    ResponseEntity<byte[]> originalImage(
            @PathVariable UUID id,
            @PathVariable UUID itemId,
            @PathVariable int n,
            @RequestParam(required = false) String grant,
            Reviewer me) {
        HeldOriginal g = held(id, itemId, n, grant, me).orElseThrow(ReviewPorts.NotFound::new);
        String type = type(g);
        if (!ImagePreviews.previewable(type)) {
            throw new ReviewPorts.NotFound();
        }
        boolean inline = CaseController.INLINE_IMAGE_TYPES.contains(type);
        boolean colour = colour(g);
        if (colour && inline && (settingsOf(me).autoplay() || !ImagePreviews.animated(g.bytes()))) {
            return image(MediaType.parseMediaType(type), "original-" + n, g.bytes(), true);
        }
        byte[] png;
        try {
            png = ImagePreviews.rendering(g.bytes(), !colour);
        } catch (ImagePreviews.Refused refused) {
            png = placeholder;
        }
        return image(MediaType.IMAGE_PNG, "original-" + n + ".png", png, true);
    }

    /** The original file as a download (a file that is not an image, or after the colour step). */
    @GetMapping(BASE + "/original/file")
    ResponseEntity<byte[]> originalFile(
            @PathVariable UUID id,
            @PathVariable UUID itemId,
            @PathVariable int n,
            @RequestParam(required = false) String grant,
            Reviewer me) {
        HeldOriginal g =
                held(id, itemId, n, grant, me)
                        .filter(AttachmentController::colour)
                        .orElseThrow(ReviewPorts.NotFound::new);
        return image(MediaType.APPLICATION_OCTET_STREAM, "attachment-" + n, g.bytes(), false);
    }

    /**
     * The original under this reviewer's hold, decrypted again by the port without a new row; empty
     * for a token that is not ours, another person's, or older than the hold's lifetime.
     */
    private Optional<HeldOriginal> held(UUID id, UUID itemId, int n, String token, Reviewer me) {
        if (!OriginalGrants.wellFormed(token)) {
            return Optional.empty();
        }
        try {
            return cases.originalAgain(id, itemId, n, token, me);
        } catch (ReviewPorts.ActionRefused refused) {
            return Optional.empty(); // e.g. the evidence was destroyed meanwhile
        }
    }

    /**
     * Whether the original bytes may be shown: after the colour step (or at once, without
     * greyscale), and always for a file the server cannot render (there is no greyscale step).
     */
    private static boolean colour(HeldOriginal g) {
        return g.colour() || !ImagePreviews.previewable(type(g));
    }

    private static boolean animatedOrUnrenderable(HeldOriginal g) {
        return ImagePreviews.animated(g.bytes())
                || !CaseController.INLINE_IMAGE_TYPES.contains(type(g));
    }

    private static String type(HeldOriginal g) {
        return g.contentType() == null ? "" : g.contentType().toLowerCase(Locale.ROOT).trim();
    }

    static String page(UUID id, UUID itemId, int n) {
        return "/review/cases/" + id + "/items/" + itemId + "/attachments/" + n + "/original";
    }

    /** Never cached, never sniffed, never framed, no script (SVG is never inline). */
    private static ResponseEntity<byte[]> image(
            MediaType type, String name, byte[] body, boolean inline) {
        HttpHeaders h = new HttpHeaders();
        h.setContentType(type);
        h.setContentDisposition(
                (inline ? ContentDisposition.inline() : ContentDisposition.attachment())
                        .filename(name)
                        .build());
        h.setCacheControl(CacheControl.noStore());
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Content-Security-Policy", "default-src 'none'; sandbox");
        return ResponseEntity.ok().headers(h).body(body);
    }
}
