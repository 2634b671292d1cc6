package dev.franking.service.moderators;

import dev.franking.review.model.ReviewPorts;
import dev.franking.review.model.ReviewPorts.ActionRefused;
import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Role;
import dev.franking.review.model.Views.AccountRow;
import dev.franking.review.model.Views.SignedInAccount;
import dev.franking.review.web.ReviewLimits;
import dev.franking.service.audit.AuditEvent;
import dev.franking.service.audit.AuditLog;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The review UI's accounts port (issue 14, back office). Admins create accounts, change roles,
 * disable and enable them and reset passwords; each change needs a reason and writes its audit row
 * (who, what, why) in its transaction. A change made against a version that is no longer the saved
 * one is refused ({@code refused.account-stale}), whether seen on reading or by Hibernate's version
 * check on writing. No change may leave the service without an active admin ({@code
 * refused.last-admin}): changes that could take the admin lock first, so that two admins demoting
 * each other at once cannot both succeed. Passwords are generated here and returned once; they are
 * never logged nor audited.
 */
@Service
class ModeratorAccounts implements ReviewPorts.ModeratorAdmin {
    private final ModeratorRepository repository;
    private final ModeratorService moderators;
    private final AuditLog audit;
    private final Clock clock;

    ModeratorAccounts(
            ModeratorRepository repository,
            ModeratorService moderators,
            AuditLog audit,
            Clock clock) {
        this.repository = repository;
        this.moderators = moderators;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    @Transactional(readOnly = true)
    public List<AccountRow> list() {
        return repository.findAllByOrderByUsernameAsc().stream()
                .map(
                        m ->
                                new AccountRow(
                                        m.username(),
                                        ModeratorService.parseRoles(m.roles()),
                                        m.createdAt(),
                                        m.disabledAt(),
                                        m.version()))
                .toList();
    }

    /**
     * The roles and version of an account that may sign in. The version is Hibernate's optimistic
     * lock, moved by every change of the account (roles, disabling, a password reset here or by the
     * demo's {@code createOrResetPassword}): the review UI ends a session whose account's version
     * moved since its sign-in.
     */
    @Override
    public Optional<SignedInAccount> signedIn(String username) {
        // every request of every session: a plain read, not an entity in a transaction (one round
        // trip instead of two, and no persistence context)
        return moderators
                .active(username)
                .map(m -> new SignedInAccount(ModeratorService.parseRoles(m.roles()), m.version()));
    }

    @Override
    @Transactional
    public String create(String username, Set<Role> roles, String reason, Reviewer by) {
        admin(by, reason);
        if (username == null
                || !ModeratorService.validUsername(username)
                || roles == null
                || roles.isEmpty()) {
            throw new ActionRefused("refused.account-invalid");
        }
        String pw = moderators.generatePassword();
        try {
            moderators.insert(
                    username,
                    roles,
                    pw,
                    by.username(),
                    "roles=" + ModeratorService.formatRoles(roles) + "; reason=" + reason);
        } catch (IllegalArgumentException e) {
            throw new ActionRefused("refused.account-exists");
        }
        return pw;
    }

    @Override
    @Transactional
    public void setRoles(
            String username, long version, Set<Role> roles, String reason, Reviewer by) {
        admin(by, reason);
        if (roles == null || roles.isEmpty()) {
            throw new ActionRefused("refused.account-invalid");
        }
        moderators.lockAdmins();
        ModeratorEntity m = current(username, version);
        String before = m.roles();
        m.roles(ModeratorService.formatRoles(roles));
        flush(m);
        adminLeft();
        audit.append(
                by.username(),
                AuditEvent.MODERATOR_ROLES_CHANGED,
                null,
                username,
                "roles=" + before + " -> " + m.roles() + "; reason=" + reason);
    }

    @Override
    @Transactional
    public void disable(String username, long version, String reason, Reviewer by) {
        admin(by, reason);
        moderators.lockAdmins();
        ModeratorEntity m = current(username, version);
        if (!m.active()) {
            throw new ActionRefused("refused.account-stale");
        }
        m.disabledAt(clock.instant());
        flush(m);
        adminLeft();
        audit.append(
                by.username(), AuditEvent.MODERATOR_DISABLED, null, username, "reason=" + reason);
    }

    @Override
    @Transactional
    public void enable(String username, long version, String reason, Reviewer by) {
        admin(by, reason);
        ModeratorEntity m = current(username, version);
        if (m.active()) {
            throw new ActionRefused("refused.account-stale");
        }
        m.disabledAt(null);
        flush(m);
        audit.append(
                by.username(), AuditEvent.MODERATOR_ENABLED, null, username, "reason=" + reason);
    }

    @Override
    @Transactional
    public String resetPassword(String username, long version, String reason, Reviewer by) {
        admin(by, reason);
        ModeratorEntity m = current(username, version);
        String pw = moderators.generatePassword();
        m.passwordHash(moderators.encode(pw));
        flush(m);
        audit.append(
                by.username(),
                AuditEvent.MODERATOR_PASSWORD_RESET,
                null,
                username,
                "reason=" + reason);
        return pw;
    }

    private static void admin(Reviewer by, String reason) {
        if (!by.isAdmin()) {
            throw new ActionRefused("refused.admin-only");
        }
        if (reason == null || reason.isBlank() || reason.length() > ReviewLimits.REASON_MAX) {
            throw new ActionRefused("refused.account-invalid");
        }
    }

    /** The account, if it is still at the version the admin saw. */
    private ModeratorEntity current(String username, long version) {
        ModeratorEntity m =
                repository
                        .findById(username)
                        .orElseThrow(() -> new ActionRefused("refused.account-unknown"));
        if (m.version() == null || m.version() != version) {
            throw new ActionRefused("refused.account-stale");
        }
        return m;
    }

    /**
     * Refuses a change after which no account is both active and an admin: called after the change
     * is flushed (so the version check has answered), under the admin lock; the refusal rolls the
     * change back.
     */
    private void adminLeft() {
        boolean left =
                repository.findAll().stream()
                        .anyMatch(
                                x ->
                                        x.active()
                                                && ModeratorService.parseRoles(x.roles())
                                                        .contains(Role.ADMIN));
        if (!left) {
            throw new ActionRefused("refused.last-admin");
        }
    }

    /**
     * Writes now rather than at commit, so that Hibernate's version check answers here, as a
     * refusal (the transaction rolls back with it).
     */
    private void flush(ModeratorEntity m) {
        try {
            repository.saveAndFlush(m);
        } catch (OptimisticLockingFailureException e) {
            throw new ActionRefused("refused.account-stale");
        }
    }
}
