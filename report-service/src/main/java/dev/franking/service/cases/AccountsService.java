package dev.franking.service.cases;

import dev.franking.review.model.ReviewPorts;
import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Views.AccountCase;
import dev.franking.review.model.Views.AccountDecision;
import dev.franking.review.model.Views.AccountHit;
import dev.franking.review.model.Views.AccountStanding;
import dev.franking.review.model.Views.AccountView;
import dev.franking.review.model.Views.Decision;
import dev.franking.service.ReportsProperties;
import dev.franking.service.audit.AuditEvent;
import dev.franking.service.audit.AuditLog;
import dev.franking.service.crypto.EpochKeyGone;
import dev.franking.service.crypto.Vault;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Accounts as the review UI shows them (issue 14): search by the reported account's identifier, the
 * account page (audited), strikes and the action they suggest. Every figure is computed over the
 * cases the reviewer may see, so a reviewer without child safety learns nothing of an account's
 * child-safety cases, not even by a count or a strike.
 */
@Service
class AccountsService implements ReviewPorts.Accounts {
    /** Strike decisions listed with the standing (the count has them all). */
    static final int STRIKES_LISTED = 20;

    /** The longest identifier a search or page takes (the column's width). */
    static final int ACCOUNT_MAX = 256;

    private final AccountHistory history;
    private final AuditLog audit;
    private final Vault vault;
    private final Clock clock;
    private final ReportsProperties.Strikes strikes;

    AccountsService(
            AccountHistory history,
            AuditLog audit,
            Vault vault,
            Clock clock,
            ReportsProperties props) {
        this.history = history;
        this.audit = audit;
        this.vault = vault;
        this.clock = clock;
        this.strikes = props.strikes();
    }

    @Override
    @Transactional(readOnly = true)
    public List<AccountHit> search(String query, int limit, Reviewer viewer) {
        if (query == null || query.isBlank() || query.length() > ACCOUNT_MAX) {
            return List.of();
        }
        String q = query.strip();
        String like = likeEscape(q) + (q.length() >= PREFIX_MIN ? "%" : "");
        return history.search(q, like, viewer.seesChildSafety(), Math.max(1, limit)).stream()
                .map(h -> new AccountHit(h.account(), h.cases(), h.openCases(), h.lastOpenedAt()))
                .toList();
    }

    static String likeEscape(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    @Override
    @Transactional
    public Optional<AccountView> view(String account, String cursor, int limit, Reviewer viewer) {
        if (account == null || account.isEmpty() || account.length() > ACCOUNT_MAX) {
            return Optional.empty();
        }
        Instant afterOpenedAt = null;
        UUID afterId = null;
        if (cursor != null) {
            int sep = cursor.lastIndexOf('~');
            try {
                if (sep < 0) {
                    throw new IllegalArgumentException("cursor");
                }
                afterOpenedAt = Instant.parse(cursor.substring(0, sep));
                afterId = UUID.fromString(cursor.substring(sep + 1));
            } catch (DateTimeParseException | IllegalArgumentException e) {
                throw new IllegalArgumentException("not a cursor of the account page");
            }
        }
        boolean cs = viewer.seesChildSafety();
        AccountHistory.Counts counts = history.counts(account, cs);
        if (counts.total() == 0) {
            return Optional.empty();
        }
        int n = Math.max(1, limit);
        List<AccountHistory.AccountCaseEntry> page =
                new ArrayList<>(history.cases(account, cs, afterOpenedAt, afterId, n + 1));
        String next = null;
        if (page.size() > n) {
            page = page.subList(0, n);
            AccountHistory.AccountCaseEntry last = page.get(n - 1);
            next = last.openedAt() + "~" + last.id();
        }
        Instant now = clock.instant();
        Instant windowStart = windowStart(now);
        Map<UUID, List<AccountDecision>> decisions = new LinkedHashMap<>();
        Map<UUID, AccountHistory.AccountCaseEntry> byId = new LinkedHashMap<>();
        page.forEach(e -> byId.put(e.id(), e));
        for (AccountHistory.DecisionEntry d : history.decisionsOf(List.copyOf(byId.keySet()))) {
            decisions
                    .computeIfAbsent(d.caseId(), k -> new ArrayList<>())
                    .add(decision(d, byId.get(d.caseId()).wrappedDataKey(), windowStart, now));
        }
        List<AccountCase> cases =
                page.stream()
                        .map(
                                e ->
                                        new AccountCase(
                                                e.id(),
                                                e.category(),
                                                CaseRow.status(
                                                        e.closedAt(),
                                                        e.escalatedAt(),
                                                        e.assignedTo()),
                                                e.openedAt(),
                                                e.closedAt(),
                                                decisions.getOrDefault(e.id(), List.of())))
                        .toList();
        AccountStanding standing = standing(account, viewer, now);
        // the page reveals the account's history: who looked, at which account, which page
        audit.append(
                viewer.username(),
                AuditEvent.ACCOUNT_VIEWED,
                null,
                account,
                "cases=" + cases.size() + "; page=" + (cursor == null ? "first" : "next"));
        return Optional.of(
                new AccountView(account, standing, counts.total(), counts.open(), cases, next));
    }

    @Override
    @Transactional(readOnly = true)
    public AccountStanding standing(String account, Reviewer viewer) {
        return standing(account, viewer, clock.instant());
    }

    /** The standing as of {@code asOf} (tests move it past the window). */
    AccountStanding standing(String account, Reviewer viewer, Instant asOf) {
        boolean cs = viewer.seesChildSafety();
        Instant from = windowStart(asOf);
        int count = history.strikes(account, cs, from, asOf);
        List<AccountDecision> listed =
                history.strikeDecisions(account, cs, from, asOf, STRIKES_LISTED).stream()
                        .map(d -> decision(d, null, from, asOf))
                        .toList();
        Optional<AccountHistory.DecisionEntry> force = history.inForce(account, cs, asOf);
        return new AccountStanding(
                account,
                count,
                strikes.windowDays(),
                force.map(d -> decisionOf(d.decision())).orElse(null),
                force.map(AccountHistory.DecisionEntry::caseId).orElse(null),
                force.map(AccountHistory.DecisionEntry::decidedAt).orElse(null),
                suggestion(count, strikes),
                listed);
    }

    /**
     * What the thresholds suggest for a further upheld case of an account with this many strikes.
     */
    static Decision suggestion(int strikeCount, ReportsProperties.Strikes s) {
        if (strikeCount >= s.suspendAt()) {
            return Decision.SUSPEND;
        }
        if (strikeCount >= s.restrictAt()) {
            return Decision.RESTRICT;
        }
        if (strikeCount >= s.warnAt()) {
            return Decision.WARN;
        }
        return null;
    }

    private Instant windowStart(Instant asOf) {
        return asOf.minus(Duration.ofDays(strikes.windowDays()));
    }

    private AccountDecision decision(
            AccountHistory.DecisionEntry d, byte[] wrappedKey, Instant windowStart, Instant asOf) {
        Decision decision = decisionOf(d.decision());
        boolean strike =
                decision != Decision.DISMISS
                        && d.reversedAt() == null
                        && !d.decidedAt().isBefore(windowStart)
                        && !d.decidedAt().isAfter(asOf);
        return new AccountDecision(
                d.caseId(),
                decision,
                d.decidedBy(),
                d.decidedAt(),
                d.ground(),
                facts(d, wrappedKey),
                d.automated(),
                d.reversedAt(),
                d.reversedWhy(),
                strike);
    }

    /** The facts, decrypted for this page (it is audited); null once the case is shredded. */
    private String facts(AccountHistory.DecisionEntry d, byte[] wrappedKey) {
        if (wrappedKey == null || d.factsEnc() == null) {
            return null;
        }
        try {
            return vault.openFacts(
                    vault.unwrapCaseKey(d.caseId(), wrappedKey), d.caseId(), d.factsEnc());
        } catch (EpochKeyGone e) {
            return null; // the key's epoch ended: destroyed all the same
        }
    }

    private static Decision decisionOf(String wire) {
        return Decision.valueOf(wire.toUpperCase(Locale.ROOT));
    }
}
