package dev.franking.service.moderators;

import dev.franking.review.model.Role;
import dev.franking.review.web.ReviewLimits;
import dev.franking.service.ReportsProperties;
import dev.franking.service.Rows;
import dev.franking.service.audit.AuditEvent;
import dev.franking.service.audit.AuditLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataIntegrityViolationException;
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
 * (delegating, bcrypt) encoder, written through JPA ({@link ModeratorRepository}; the back office's
 * changes are in {@link ModeratorAccounts}). A fresh installation gets one admin whose generated
 * password is written once to an owner-only file in the data directory, never to the log.
 */
@Service
public class ModeratorService implements UserDetailsService {
    private static final Logger log = LoggerFactory.getLogger(ModeratorService.class);

    /** The file the first admin's password is written to, in the data directory. */
    static final String INITIAL_PASSWORD_FILE = "initial-admin-password";

    /**
     * The transaction-scoped advisory lock of every change that could leave the service without an
     * admin (the first admin's creation, a demotion, a disabling): "ADMIN".
     */
    static final long ADMIN_LOCK = 0x41444d494eL;

    private final ModeratorRepository repository;
    private final JdbcClient jdbc;
    private final PasswordEncoder encoder;
    private final AuditLog audit;
    private final Clock clock;
    private final Path dataDir;
    private final SecureRandom random = new SecureRandom();

    ModeratorService(
            ModeratorRepository repository,
            JdbcTemplate jdbc,
            PasswordEncoder encoder,
            AuditLog audit,
            Clock clock,
            ReportsProperties props) {
        this.repository = repository;
        this.jdbc = JdbcClient.create(jdbc);
        this.encoder = encoder;
        this.audit = audit;
        this.clock = clock;
        this.dataDir = props.dataDir();
    }

    private static UserDetails user(ModeratorEntity m) {
        return User.withUsername(m.username())
                .password(m.passwordHash())
                .disabled(!m.active())
                .authorities(
                        parseRoles(m.roles()).stream()
                                .map(r -> new SimpleGrantedAuthority(r.authority()))
                                .toList())
                .build();
    }

    @Override
    @Transactional(readOnly = true)
    public UserDetails loadUserByUsername(String username) {
        return repository
                .findById(username)
                .map(ModeratorService::user)
                .orElseThrow(() -> new UsernameNotFoundException("unknown user"));
    }

    /** Creates a moderator; returns the password (generated when {@code password} is null). */
    @Transactional
    public String create(String username, Set<Role> roles, String password, String actor) {
        String pw = password != null ? password : generatePassword();
        insert(username, roles, pw, actor, "roles=" + formatRoles(roles));
        return pw;
    }

    /**
     * Inserts the account and its audit row; IllegalArgumentException (the add-user command's exit
     * status 1) for a bad username, no role, or a username taken.
     */
    void insert(String username, Set<Role> roles, String password, String actor, String detail) {
        if (username == null || !validUsername(username)) {
            throw new IllegalArgumentException(
                    "a username is 1.."
                            + ReviewLimits.USERNAME_MAX
                            + " characters of [A-Za-z0-9._@-]");
        }
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("a moderator needs at least one role");
        }
        if (repository.existsById(username)) {
            throw new IllegalArgumentException("a moderator with this username exists");
        }
        try {
            repository.saveAndFlush(
                    new ModeratorEntity(
                            username,
                            encoder.encode(password),
                            formatRoles(roles),
                            clock.instant()));
        } catch (DataIntegrityViolationException e) {
            // created by someone else in the same instant
            throw new IllegalArgumentException("a moderator with this username exists");
        }
        audit.append(actor, AuditEvent.MODERATOR_CREATED, null, username, detail);
    }

    static boolean validUsername(String username) {
        return username.matches("[A-Za-z0-9._@-]{1," + ReviewLimits.USERNAME_MAX + "}");
    }

    /**
     * Creates the account, or gives it a fresh password if it exists; returns the password. For
     * demo accounts only.
     */
    @Transactional
    public String createOrResetPassword(String username, Set<Role> roles, String actor) {
        ModeratorEntity m = repository.findById(username).orElse(null);
        if (m == null) {
            return create(username, roles, null, actor);
        }
        String pw = generatePassword();
        m.passwordHash(encoder.encode(pw));
        m.roles(formatRoles(roles));
        repository.saveAndFlush(m);
        audit.append(actor, AuditEvent.MODERATOR_PASSWORD_RESET, null, username, null);
        return pw;
    }

    /**
     * Active moderators' usernames (those a case may be assigned to). One plain read, no
     * transaction (the queue page's assignee filter asks on every view).
     */
    public List<String> usernames() {
        return jdbc.sql(
                        "SELECT username FROM moderators WHERE disabled_at IS NULL ORDER BY"
                                + " username")
                .query(String.class)
                .list();
    }

    /** An active account's roles (as stored) and version, for the per-request session check. */
    record Active(String roles, long version) {}

    /**
     * The account's roles and version if it is active: one primary-key read without a transaction
     * (every request of a signed-in session asks, see {@code AccountCheck}).
     */
    Optional<Active> active(String username) {
        return jdbc.sql(
                        "SELECT roles, version FROM moderators WHERE username = ? AND disabled_at"
                                + " IS NULL")
                .param(username)
                .query(Rows.of(Active.class))
                .optional();
    }

    /** Whether an active account of this name exists. */
    @Transactional(readOnly = true)
    public boolean exists(String username) {
        return repository.findById(username).filter(ModeratorEntity::active).isPresent();
    }

    /** Takes the admin lock for the rest of the transaction (see {@link #ADMIN_LOCK}). */
    void lockAdmins() {
        jdbc.sql("SELECT pg_advisory_xact_lock(?)").param(ADMIN_LOCK).query().singleColumn();
    }

    /**
     * The first start of a fresh installation: one admin, its password written once to {@code <data
     * dir>/initial-admin-password} (owner-only), or, where that cannot be written, printed once to
     * the console; never to the log. Runs before any other start-up listener (the demo adds its own
     * accounts), and looks for an admin, not for any account, so that those never stand in the way.
     */
    @EventListener(ApplicationReadyEvent.class)
    @org.springframework.core.annotation.Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE)
    @Transactional
    public void bootstrapAdmin() {
        lockAdmins();
        boolean anyAdmin =
                repository.findAll().stream()
                        .anyMatch(m -> parseRoles(m.roles()).contains(Role.ADMIN));
        if (!anyAdmin && !repository.existsById("admin")) {
            String pw = create("admin", EnumSet.of(Role.ADMIN, Role.CHILD_SAFETY), null, "system");
            Path file = dataDir.resolve(INITIAL_PASSWORD_FILE).toAbsolutePath();
            if (writeOwnerOnly(file, pw)) {
                log.warn(
                        "Created the first review UI account 'admin'; its password is in {}"
                            + " (readable by this user only). Sign in at /review, add moderators on"
                            + " /review/admin/moderators, then delete that file.",
                        file);
            } else {
                // the console, not the log: log files are shipped and kept, this must not be
                System.out.println(
                        "Created the first review UI account: username 'admin', password '"
                                + pw
                                + "'. It is not shown again.");
                log.warn(
                        "Created the first review UI account 'admin'; {} could not be written, so"
                                + " its password was printed once to the console (not the log).",
                        file);
            }
        }
    }

    /** Writes {@code text} to a new file only its owner may read; false when that is impossible. */
    static boolean writeOwnerOnly(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            Files.createFile(
                    file,
                    PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, text + "\n", StandardCharsets.UTF_8);
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    String generatePassword() {
        byte[] b = new byte[15];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    String encode(String password) {
        return encoder.encode(password);
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
