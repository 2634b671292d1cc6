package dev.franking.review.testapp;

import dev.franking.review.model.ReviewPorts;
import dev.franking.review.model.ReviewPorts.ActionRefused;
import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Role;
import dev.franking.review.model.Views.AccountRow;
import dev.franking.review.model.Views.SignedInAccount;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * The accounts port in memory, over the test application's user details manager (so that an account
 * created here can sign in, and a disabled one cannot), with the report service's rules: admins
 * only, a reason, versions, never without an active admin.
 */
public class InMemoryModeratorAdmin implements ReviewPorts.ModeratorAdmin {
    private record Account(Set<Role> roles, Instant createdAt, Instant disabledAt, long version) {}

    private final InMemoryUserDetailsManager users;
    private final PasswordEncoder encoder;
    private final Clock clock;
    private final Map<String, Account> accounts = new LinkedHashMap<>();
    private final Map<String, UserDetails> initial = new LinkedHashMap<>();

    /** What was changed ("disabled mona by ada: reason"), for the tests. */
    public final List<String> changes = new CopyOnWriteArrayList<>();

    public InMemoryModeratorAdmin(
            InMemoryUserDetailsManager users,
            PasswordEncoder encoder,
            Clock clock,
            List<UserDetails> seed,
            InMemoryReviewPorts ports) {
        this.users = users;
        this.encoder = encoder;
        this.clock = clock;
        for (UserDetails u : seed) {
            initial.put(u.getUsername(), u);
        }
        ports.onReset(this::reset);
        reset();
    }

    public synchronized void reset() {
        for (String name : new ArrayList<>(accounts.keySet())) {
            if (!initial.containsKey(name) && users.userExists(name)) {
                users.deleteUser(name);
            }
        }
        accounts.clear();
        changes.clear();
        for (UserDetails u : initial.values()) {
            if (users.userExists(u.getUsername())) {
                users.updateUser(u);
            } else {
                users.createUser(u);
            }
            accounts.put(
                    u.getUsername(),
                    new Account(rolesOf(u), clock.instant().minusSeconds(86400), null, 0));
        }
    }

    private static Set<Role> rolesOf(UserDetails u) {
        Set<Role> rs = EnumSet.noneOf(Role.class);
        for (var a : u.getAuthorities()) {
            for (Role r : Role.values()) {
                if (r.authority().equals(a.getAuthority())) {
                    rs.add(r);
                }
            }
        }
        return rs;
    }

    @Override
    public synchronized List<AccountRow> list() {
        return accounts.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(Comparator.naturalOrder()))
                .map(
                        e ->
                                new AccountRow(
                                        e.getKey(),
                                        e.getValue().roles(),
                                        e.getValue().createdAt(),
                                        e.getValue().disabledAt(),
                                        e.getValue().version()))
                .toList();
    }

    private static void admin(Reviewer by, String reason) {
        if (!by.isAdmin()) {
            throw new ActionRefused("refused.admin-only");
        }
        if (reason == null || reason.isBlank()) {
            throw new ActionRefused("refused.account-invalid");
        }
    }

    private Account current(String username, long version) {
        Account a = accounts.get(username);
        if (a == null) {
            throw new ActionRefused("refused.account-unknown");
        }
        if (a.version() != version) {
            throw new ActionRefused("refused.account-stale");
        }
        return a;
    }

    /** Refuses a change after which no active admin would be left. */
    private void adminsLeft(String username, Account after) {
        boolean left =
                accounts.entrySet().stream()
                        .map(e -> e.getKey().equals(username) ? after : e.getValue())
                        .anyMatch(a -> a.disabledAt() == null && a.roles().contains(Role.ADMIN));
        if (!left) {
            throw new ActionRefused("refused.last-admin");
        }
    }

    private void store(String username, Account a, String password) {
        accounts.put(username, a);
        UserDetails before = users.loadUserByUsername(username);
        users.updateUser(
                User.withUsername(username)
                        .password(
                                password == null ? before.getPassword() : encoder.encode(password))
                        .disabled(a.disabledAt() != null)
                        .roles(a.roles().stream().map(Role::name).toArray(String[]::new))
                        .build());
    }

    @Override
    public synchronized String create(
            String username, Set<Role> roles, String reason, Reviewer by) {
        admin(by, reason);
        if (accounts.containsKey(username)) {
            throw new ActionRefused("refused.account-exists");
        }
        String pw = "pw-" + UUID.randomUUID();
        accounts.put(username, new Account(Set.copyOf(roles), clock.instant(), null, 0));
        users.createUser(
                User.withUsername(username)
                        .password(encoder.encode(pw))
                        .roles(roles.stream().map(Role::name).toArray(String[]::new))
                        .build());
        changes.add("created " + username + " by " + by.username() + ": " + reason);
        return pw;
    }

    @Override
    public synchronized void setRoles(
            String username, long version, Set<Role> roles, String reason, Reviewer by) {
        admin(by, reason);
        Account a = current(username, version);
        Account after = new Account(Set.copyOf(roles), a.createdAt(), a.disabledAt(), version + 1);
        adminsLeft(username, after);
        store(username, after, null);
        changes.add("roles " + username + " by " + by.username() + ": " + reason);
    }

    @Override
    public synchronized void disable(String username, long version, String reason, Reviewer by) {
        admin(by, reason);
        Account a = current(username, version);
        Account after = new Account(a.roles(), a.createdAt(), clock.instant(), version + 1);
        adminsLeft(username, after);
        store(username, after, null);
        changes.add("disabled " + username + " by " + by.username() + ": " + reason);
    }

    @Override
    public synchronized void enable(String username, long version, String reason, Reviewer by) {
        admin(by, reason);
        Account a = current(username, version);
        store(username, new Account(a.roles(), a.createdAt(), null, version + 1), null);
        changes.add("enabled " + username + " by " + by.username() + ": " + reason);
    }

    @Override
    public synchronized String resetPassword(
            String username, long version, String reason, Reviewer by) {
        admin(by, reason);
        Account a = current(username, version);
        String pw = "pw-" + UUID.randomUUID();
        store(username, new Account(a.roles(), a.createdAt(), a.disabledAt(), version + 1), pw);
        changes.add("password " + username + " by " + by.username() + ": " + reason);
        return pw;
    }

    @Override
    public synchronized Optional<SignedInAccount> signedIn(String username) {
        Account a = accounts.get(username);
        return a == null || a.disabledAt() != null
                ? Optional.empty()
                : Optional.of(new SignedInAccount(a.roles(), a.version()));
    }
}
