package dev.franking.review.web;

import dev.franking.review.model.ReviewPorts;
import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Views;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * The base of the review UI's controllers: the model attributes every page uses, and the error
 * pages (404, 400, 500). The handlers live in the controllers themselves rather than in a
 * controller advice, so that they come before any advice of the application (the report service's
 * API advice answers every exception with a problem document).
 */
public abstract class ReviewPages {
    private static final Logger log = LoggerFactory.getLogger(ReviewPages.class);

    static final Map<String, Integer> LIMITS =
            Map.ofEntries(
                    Map.entry("note", ReviewLimits.NOTE_MAX_CHARS),
                    Map.entry("reason", ReviewLimits.REASON_MAX),
                    Map.entry("facts", ReviewLimits.FACTS_MAX),
                    Map.entry("ground", ReviewLimits.GROUND_MAX),
                    Map.entry("username", ReviewLimits.USERNAME_MAX),
                    Map.entry("filter", ReviewLimits.FILTER_MAX),
                    Map.entry("destinationName", ReviewLimits.DESTINATION_NAME_MAX),
                    Map.entry("destinationUrl", ReviewLimits.DESTINATION_URL_MAX),
                    Map.entry("destinationUsername", ReviewLimits.DESTINATION_USERNAME_MAX),
                    Map.entry("destinationSecret", ReviewLimits.DESTINATION_SECRET_MAX),
                    Map.entry("collapse", ReviewLimits.COLLAPSE_TEXT_CHARS),
                    Map.entry("passkeyLabel", ReviewLimits.PASSKEY_LABEL_MAX));

    private ReviewFormat format;
    private ObjectProvider<ReviewPorts.Evidence> evidence;
    private ObjectProvider<ReviewPorts.Queue> queuePort;
    private ObjectProvider<ReviewPorts.Approvals> approvals;
    private ObjectProvider<ReviewPorts.Templates> templates;
    private ObjectProvider<ReviewPorts.ModeratorAdmin> moderatorAdmin;

    @Autowired
    final void setModeratorAdmin(ObjectProvider<ReviewPorts.ModeratorAdmin> moderatorAdmin) {
        this.moderatorAdmin = moderatorAdmin;
    }

    /** The moderator accounts port, or null (no moderator accounts page). */
    final ReviewPorts.ModeratorAdmin moderatorAdminPort() {
        return moderatorAdmin == null ? null : moderatorAdmin.getIfAvailable();
    }

    @Autowired
    final void setInboxPorts(
            ObjectProvider<ReviewPorts.Queue> queuePort,
            ObjectProvider<ReviewPorts.Approvals> approvals,
            ObjectProvider<ReviewPorts.Templates> templates) {
        this.queuePort = queuePort;
        this.approvals = approvals;
        this.templates = templates;
    }

    /** The approvals port, or null (the approvals view is then off). */
    final ReviewPorts.Approvals approvalsPort() {
        return approvals == null ? null : approvals.getIfAvailable();
    }

    /** The templates port, or null (no templates in the decision form, no admin page). */
    final ReviewPorts.Templates templatesPort() {
        return templates == null ? null : templates.getIfAvailable();
    }

    private ObjectProvider<ReviewPorts.Appeals> appeals;

    @Autowired
    final void setAppealsPort(ObjectProvider<ReviewPorts.Appeals> appeals) {
        this.appeals = appeals;
    }

    /** The appeals port, or null (no appeals queue, no reversal rate on the dashboard). */
    final ReviewPorts.Appeals appealsPort() {
        return appeals == null ? null : appeals.getIfAvailable();
    }

    private ObjectProvider<ReviewPorts.Accounts> accounts;

    @Autowired
    final void setAccounts(ObjectProvider<ReviewPorts.Accounts> accounts) {
        this.accounts = accounts;
    }

    /** The accounts port, or null (no account search, pages or case-page standing). */
    final ReviewPorts.Accounts accountsPort() {
        return accounts == null ? null : accounts.getIfAvailable();
    }

    @Autowired
    final void setReviewFormat(ReviewFormat format) {
        this.format = format;
    }

    /** Whether passkeys are on (issue 14): the header's link to the reviewer's passkeys. */
    private ObjectProvider<
                    org.springframework.security.web.webauthn.management.UserCredentialRepository>
            passkeys;

    @Autowired
    final void setPasskeys(
            ObjectProvider<
                            org.springframework.security.web.webauthn.management
                                    .UserCredentialRepository>
                    passkeys) {
        this.passkeys = passkeys;
    }

    @Autowired
    final void setEvidence(ObjectProvider<ReviewPorts.Evidence> evidence) {
        this.evidence = evidence;
    }

    /**
     * The evidence port, or null when the application has none (the evidence parts of the UI are
     * then off).
     */
    final ReviewPorts.Evidence evidencePort() {
        return evidence == null ? null : evidence.getIfAvailable();
    }

    private ObjectProvider<ReviewPorts.Wellness> wellness;

    @Autowired
    final void setWellness(ObjectProvider<ReviewPorts.Wellness> wellness) {
        this.wellness = wellness;
    }

    /** The wellness port, or null (default display settings, no settings page, no counts). */
    final ReviewPorts.Wellness wellnessPort() {
        return wellness == null ? null : wellness.getIfAvailable();
    }

    /** The reviewer's display settings (the defaults without the wellness port). */
    final Views.ModeratorSettings settingsOf(Reviewer me) {
        ReviewPorts.Wellness w = wellnessPort();
        return w == null || me == null ? Views.ModeratorSettings.defaults() : w.settings(me);
    }

    @ModelAttribute
    void common(org.springframework.ui.Model model) {
        model.addAllAttributes(commonAttributes());
    }

    /**
     * What the layout needs on every page: the reviewer, helpers, and the navigation's counts
     * (approvals awaiting this reviewer, escalated cases for them).
     */
    private Map<String, Object> commonAttributes() {
        Reviewer me = ReviewerArgumentResolver.current();
        Map<String, Object> m = new java.util.HashMap<>();
        m.put("me", me);
        m.put("fmt", format);
        m.put("limits", LIMITS);
        m.put("evidenceOn", evidencePort() != null);
        m.put("approvalsOn", approvalsPort() != null);
        m.put("templatesOn", templatesPort() != null);
        m.put("appealsOn", appealsPort() != null);
        m.put("passkeysOn", passkeys != null && passkeys.getIfAvailable() != null);
        m.put("accountsOn", accountsPort() != null);
        m.put("moderatorAdminOn", moderatorAdminPort() != null);
        if (me != null) {
            ReviewPorts.Queue q = queuePort == null ? null : queuePort.getIfAvailable();
            m.put("escalatedCount", q == null ? 0 : q.escalatedCount(me));
            ReviewPorts.Approvals a = approvalsPort();
            m.put("approvalsCount", a == null ? 0 : a.awaitingCount(me));
            ReviewPorts.Appeals ap = appealsPort();
            m.put("appealsCount", ap == null ? 0 : ap.awaitingCount(me));
            // wellness: the reviewer's own content views today, in the header (a break suggested
            // above the soft limit)
            ReviewPorts.Wellness w = wellnessPort();
            m.put("wellnessOn", w != null);
            // read when the page is rendered, after the handler: a reveal's own page counts it
            m.put("exposure", w == null ? null : new Later<>(() -> w.exposureToday(me)));
        }
        return m;
    }

    /**
     * A value computed once, when a template first asks for it (after the handler ran), not when
     * the model is prepared.
     */
    public static final class Later<T> {
        private final java.util.function.Supplier<T> supplier;
        private T value;

        Later(java.util.function.Supplier<T> supplier) {
            this.supplier = supplier;
        }

        public T get() {
            if (value == null) {
                value = supplier.get();
            }
            return value;
        }
    }

    /** The refusal's message key when messages.properties has it, else {@code refused.generic}. */
    final String refusalKey(ReviewPorts.ActionRefused refused) {
        return format.hasMessage(refused.messageKey()) ? refused.messageKey() : "refused.generic";
    }

    /**
     * 404, except for a case this reviewer held or escalated and that became child safety: they are
     * told where it went instead (never a 404 for work that was theirs).
     */
    @ExceptionHandler(ReviewPorts.NotFound.class)
    ModelAndView notFound(HttpServletRequest request) {
        Reviewer me = ReviewerArgumentResolver.current();
        Object vars = request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        ReviewPorts.Queue q = queuePort == null ? null : queuePort.getIfAvailable();
        if (me != null
                && q != null
                && vars instanceof Map<?, ?> v
                && v.get("id") instanceof String id
                && request.getRequestURI()
                        .startsWith(request.getContextPath() + "/review/cases/")) {
            UUID caseId;
            try {
                caseId = UUID.fromString(id);
            } catch (IllegalArgumentException e) {
                return error(HttpStatus.NOT_FOUND, "error.404");
            }
            Optional<Views.MovedCase> moved = q.moved(caseId, me);
            if (moved.isPresent()) {
                ModelAndView mav = new ModelAndView("review/moved");
                // a GET is answered; an action on the case did nothing, which 409 says
                mav.setStatus(
                        "GET".equals(request.getMethod()) ? HttpStatus.OK : HttpStatus.CONFLICT);
                mav.addAllObjects(commonAttributes());
                mav.addObject("moved", moved.get());
                return mav;
            }
        }
        return error(HttpStatus.NOT_FOUND, "error.404");
    }

    @ExceptionHandler({
        MethodArgumentTypeMismatchException.class,
        MissingServletRequestParameterException.class,
        IllegalArgumentException.class
    })
    ModelAndView badRequest() {
        return error(HttpStatus.BAD_REQUEST, "error.400");
    }

    @ExceptionHandler(Exception.class)
    ModelAndView other(Exception e) throws Exception {
        if (e instanceof AccessDeniedException || e instanceof AuthenticationException) {
            throw e; // Spring Security answers these (login page, 403 page)
        }
        if (e instanceof ErrorResponse er) {
            HttpStatusCode status = er.getStatusCode();
            return error(
                    status,
                    status.value() == 404
                            ? "error.404"
                            : status.is4xxClientError() ? "error.400" : "error.500");
        }
        // the exception's type only: messages of lower layers may carry identifiers, never content,
        // but stay terse
        log.error("review UI request failed: {}", e.getClass().getName(), e);
        return error(HttpStatus.INTERNAL_SERVER_ERROR, "error.500");
    }

    ModelAndView error(HttpStatusCode status, String key) {
        ModelAndView mav = new ModelAndView("review/error");
        mav.setStatus(status);
        mav.addObject("status", status.value());
        mav.addObject("errorKey", key);
        mav.addAllObjects(commonAttributes());
        return mav;
    }
}
