package dev.franking.service.moderators;

import dev.franking.review.model.Role;
import dev.franking.review.web.ReviewLimits;
import dev.franking.service.audit.AuditEvent;
import dev.franking.service.audit.AuditLog;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Moderators, stored in the database with passwords hashed by Spring Security's default
 * (delegating, bcrypt) encoder. A fresh installation gets one admin whose generated password is
 * printed once to the log.
 */
@Service
public class ModeratorService implements UserDetailsService {
    private static final Logger log = LoggerFactory.getLogger(ModeratorService.class);

    private final JdbcClient jdbc;
    private final PasswordEncoder encoder;
    private final AuditLog audit;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    ModeratorService(JdbcTemplate jdbc, PasswordEncoder encoder, AuditLog audit, Clock clock) {
        this.jdbc = JdbcClient.create(jdbc);
        this.encoder = encoder;
        this.audit = audit;
        this.clock = clock;
    }

    /** A moderators row as sign-in reads it. */
    private record Account(
            String username, String passwordHash, String roles, Timestamp disabledAt) {
        UserDetails user() {
            return User.withUsername(username)
                    .password(passwordHash)
                    .disabled(disabledAt != null)
                    .authorities(
                            parseRoles(roles).stream()
                                    .map(r -> new SimpleGrantedAuthority(r.authority()))
                                    .toList())
                    .build();
        }
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        return jdbc.sql(
                        "SELECT username, password_hash, roles, disabled_at FROM moderators WHERE"
                                + " username = ?")
                .param(username)
                .query(Account.class)
                .optional()
                .orElseThrow(() -> new UsernameNotFoundException("unknown user"))
                .user();
    }

    /** Creates a moderator; returns the password (generated when {@code password} is null). */
    @Transactional
    public String create(String username, Set<Role> roles, String password, String actor) {
        if (username == null
                || !username.matches("[A-Za-z0-9._@-]{1," + ReviewLimits.USERNAME_MAX + "}")) {
            throw new IllegalArgumentException(
                    "a username is 1.."
                            + ReviewLimits.USERNAME_MAX
                            + " characters of [A-Za-z0-9._@-]");
        }
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("a moderator needs at least one role");
        }
        String pw = password != null ? password : generatePassword();
        int n =
                jdbc.sql(
                                "INSERT INTO moderators (username, password_hash, roles,"
                                        + " created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")
                        .params(
                                username,
                                encoder.encode(pw),
                                formatRoles(roles),
                                Timestamp.from(clock.instant()))
                        .update();
        if (n == 0) {
            throw new IllegalArgumentException("a moderator with this username exists");
        }
        audit.append(
                actor, AuditEvent.MODERATOR_CREATED, null, username, "roles=" + formatRoles(roles));
        return pw;
    }

    /**
     * Creates the account, or gives it a fresh password if it exists; returns the password. For
     * demo accounts only.
     */
    @Transactional
    public String createOrResetPassword(String username, Set<Role> roles, String actor) {
        if (!exists(username)) {
            return create(username, roles, null, actor);
        }
        String pw = generatePassword();
        jdbc.sql("UPDATE moderators SET password_hash = ?, roles = ? WHERE username = ?")
                .params(encoder.encode(pw), formatRoles(roles), username)
                .update();
        audit.append(actor, AuditEvent.MODERATOR_PASSWORD_RESET, null, username, null);
        return pw;
    }

    public List<String> usernames() {
        return jdbc.sql(
                        "SELECT username FROM moderators WHERE disabled_at IS NULL ORDER BY"
                                + " username")
                .query(String.class)
                .list();
    }

    public boolean exists(String username) {
        return !jdbc.sql("SELECT 1 FROM moderators WHERE username = ? AND disabled_at IS NULL")
                .param(username)
                .query(Integer.class)
                .list()
                .isEmpty();
    }

    /**
     * The first start of a fresh installation: one admin, its password printed once. Runs before
     * any other start-up listener (the demo adds its own accounts), and looks for an admin, not for
     * any account, so that those never stand in the way.
     */
    @EventListener(ApplicationReadyEvent.class)
    @org.springframework.core.annotation.Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE)
    @Transactional
    public void bootstrapAdmin() {
        jdbc.sql("SELECT pg_advisory_xact_lock(?)")
                .param(0x41444d494eL) // "ADMIN"
                .query()
                .singleColumn();
        Integer count =
                jdbc.sql(
                                "SELECT count(*) FROM moderators WHERE (',' || roles || ',') LIKE"
                                        + " '%,admin,%'")
                        .query(Integer.class)
                        .single();
        if (count != null && count == 0 && !exists("admin")) {
            String pw = create("admin", EnumSet.of(Role.ADMIN, Role.CHILD_SAFETY), null, "system");
            // deliberately logged, once: this is the only way into a fresh installation
            log.warn(
                    "Created the first review UI account: username 'admin', password '{}'. Sign in"
                        + " at /review and add moderators (java -jar report-service.jar add-user"
                        + " --username NAME --role moderator); this password is not shown again.",
                    pw);
        }
    }

    String generatePassword() {
        byte[] b = new byte[15];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static Set<Role> parseRoles(String s) {
        EnumSet<Role> roles = EnumSet.noneOf(Role.class);
        for (String r : s.split(",")) {
            if (!r.isBlank()) {
                roles.add(Role.fromWire(r.trim()));
            }
        }
        return roles;
    }

    static String formatRoles(Set<Role> roles) {
        return roles.stream().sorted().map(Role::wire).collect(Collectors.joining(","));
    }

    public static Set<Role> rolesFromArgs(String csv) {
        return Arrays.stream(csv.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(Role::fromWire)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Role.class)));
    }
}
