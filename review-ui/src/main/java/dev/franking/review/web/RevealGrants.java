package dev.franking.review.web;

import dev.franking.review.model.ReviewPorts;
import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Views.RevealGrant;
import dev.franking.review.model.Views.RevealedItem;
import jakarta.servlet.http.HttpSession;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The reveal grants of one browser session (post/redirect/get for audited reveals of messages,
 * transcripts and reporters' comments). A reveal POST is audited once, records a grant here and
 * redirects; the case page (a GET: refresh, back) asks the port to show the granted content again,
 * which writes no audit row. The session holds which report or message was shown and when, never
 * content; the port checks every grant against its own audit record, so a grant is worth nothing to
 * another reviewer or after {@link RevealGrant#LIFETIME}.
 */
final class RevealGrants {
    private RevealGrants() {}

    /** The session attribute holding the grants. */
    static final String ATTRIBUTE = RevealGrants.class.getName();

    /** At most this many grants are kept per session (the oldest go first). */
    static final int MAX = 32;

    /** The list as stored in the session: serialisable, like everything a session holds. */
    static final class Held implements Serializable {
        private static final long serialVersionUID = 1L;
        final ArrayList<RevealGrant> grants = new ArrayList<>();
    }

    /** Records a grant for this session (after the port audited the reveal). */
    static void add(HttpSession session, RevealGrant grant) {
        synchronized (session) {
            Held held = held(session, true);
            held.grants.removeIf(g -> g.equals(grant) || sameSubject(g, grant));
            held.grants.add(grant);
            while (held.grants.size() > MAX) {
                held.grants.remove(0);
            }
            // set again so that a replicated session store sees the change
            session.setAttribute(ATTRIBUTE, held);
        }
    }

    private static boolean sameSubject(RevealGrant a, RevealGrant b) {
        return a.caseId().equals(b.caseId())
                && a.comment() == b.comment()
                && java.util.Objects.equals(a.reportId(), b.reportId())
                && java.util.Objects.equals(a.itemId(), b.itemId());
    }

    /**
     * What the current request's session may show again of this case: content by item, comments by
     * report.
     */
    static Shown shown(UUID caseId, Reviewer me, ReviewPorts.Cases port, Instant now) {
        Map<UUID, RevealedItem> items = new LinkedHashMap<>();
        List<UUID> transcripts = new ArrayList<>();
        Map<UUID, String> comments = new LinkedHashMap<>();
        HttpSession session = currentSession();
        if (session == null) {
            return new Shown(items, transcripts, comments);
        }
        List<RevealGrant> grants;
        synchronized (session) {
            Held held = held(session, false);
            if (held == null) {
                return new Shown(items, transcripts, comments);
            }
            held.grants.removeIf(g -> g.expired(now));
            grants = held.grants.stream().filter(g -> g.caseId().equals(caseId)).toList();
        }
        List<RevealGrant> lapsed = new ArrayList<>();
        for (RevealGrant g : grants) {
            if (g.comment()) {
                port.showCommentAgain(g, me)
                        .ifPresentOrElse(t -> comments.put(g.reportId(), t), () -> lapsed.add(g));
                continue;
            }
            List<RevealedItem> again = port.showAgain(g, me);
            if (again.isEmpty()) {
                lapsed.add(g);
                continue;
            }
            again.forEach(i -> items.putIfAbsent(i.itemId(), i));
            if (g.reportId() != null) {
                transcripts.add(g.reportId());
            }
        }
        if (!lapsed.isEmpty()) {
            synchronized (session) {
                Held held = held(session, false);
                if (held != null) {
                    held.grants.removeAll(lapsed);
                    session.setAttribute(ATTRIBUTE, held);
                }
            }
        }
        return new Shown(items, transcripts, comments);
    }

    /**
     * Ends this session's grants for a case (it was decided): a grant is for reading a case while
     * deciding it, not after.
     */
    static void forget(UUID caseId) {
        HttpSession session = currentSession();
        if (session == null) {
            return;
        }
        synchronized (session) {
            Held held = held(session, false);
            if (held != null && held.grants.removeIf(g -> g.caseId().equals(caseId))) {
                session.setAttribute(ATTRIBUTE, held);
            }
        }
    }

    /**
     * The content a page may show: every granted message by its item, the reports whose whole
     * transcript is shown, and the comments shown, by report.
     */
    record Shown(
            Map<UUID, RevealedItem> items, List<UUID> transcripts, Map<UUID, String> comments) {}

    private static Held held(HttpSession session, boolean create) {
        Object o = session.getAttribute(ATTRIBUTE);
        if (o instanceof Held h) {
            return h;
        }
        if (!create) {
            return null;
        }
        Held h = new Held();
        session.setAttribute(ATTRIBUTE, h);
        return h;
    }

    private static HttpSession currentSession() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes a) {
            return a.getRequest().getSession(false);
        }
        return null;
    }
}
