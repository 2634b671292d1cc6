package dev.franking.service.passkeys;

import dev.franking.review.web.ReviewLimits;
import dev.franking.service.audit.AuditEvent;
import dev.franking.service.audit.AuditLog;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.CredentialRecord;
import org.springframework.security.web.webauthn.api.ImmutableCredentialRecord;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.management.JdbcPublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.JdbcUserCredentialRepository;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The passkeys' storage, in PostgreSQL through Spring Security's JDBC repositories. A new passkey
 * (a save of an unknown credential id) and a removal write an audit row in the same transaction;
 * the saves of each sign-in (signature counter, last use) write none. A label is what its owner
 * typed: control characters go, and it is cut at {@link ReviewLimits#PASSKEY_LABEL_MAX}, the width
 * of its column, so that a long one is shortened rather than failing the registration.
 */
@Component
class PasskeyStore implements UserCredentialRepository {
    private final JdbcUserCredentialRepository credentials;
    private final JdbcPublicKeyCredentialUserEntityRepository users;
    private final AuditLog audit;

    PasskeyStore(JdbcTemplate jdbc, AuditLog audit) {
        this.credentials = new JdbcUserCredentialRepository(jdbc);
        this.users = new JdbcPublicKeyCredentialUserEntityRepository(jdbc);
        this.audit = audit;
    }

    /** The moderators' WebAuthn user handles. */
    @Component
    static class Users implements PublicKeyCredentialUserEntityRepository {
        private final JdbcPublicKeyCredentialUserEntityRepository users;

        Users(JdbcTemplate jdbc) {
            this.users = new JdbcPublicKeyCredentialUserEntityRepository(jdbc);
        }

        @Override
        public PublicKeyCredentialUserEntity findById(Bytes id) {
            return users.findById(id);
        }

        @Override
        public PublicKeyCredentialUserEntity findByUsername(String username) {
            return users.findByUsername(username);
        }

        @Override
        @Transactional
        public void save(PublicKeyCredentialUserEntity userEntity) {
            users.save(userEntity);
        }

        @Override
        @Transactional
        public void delete(Bytes id) {
            users.delete(id);
        }
    }

    @Override
    @Transactional
    public void delete(Bytes credentialId) {
        CredentialRecord r = credentials.findByCredentialId(credentialId);
        if (r == null) {
            return;
        }
        credentials.delete(credentialId);
        audit.append(
                owner(r),
                AuditEvent.PASSKEY_REMOVED,
                null,
                null,
                "label=" + r.getLabel() + " credential=" + shortId(credentialId));
    }

    @Override
    @Transactional
    public void save(CredentialRecord record) {
        boolean fresh = credentials.findByCredentialId(record.getCredentialId()) == null;
        CredentialRecord clean =
                ImmutableCredentialRecord.fromCredentialRecord(record)
                        .label(label(record.getLabel()))
                        .build();
        credentials.save(clean);
        if (fresh) {
            audit.append(
                    owner(clean),
                    AuditEvent.PASSKEY_REGISTERED,
                    null,
                    null,
                    "label="
                            + clean.getLabel()
                            + " credential="
                            + shortId(clean.getCredentialId()));
        }
    }

    @Override
    public CredentialRecord findByCredentialId(Bytes credentialId) {
        return credentials.findByCredentialId(credentialId);
    }

    @Override
    public List<CredentialRecord> findByUserId(Bytes userId) {
        return credentials.findByUserId(userId);
    }

    private String owner(CredentialRecord r) {
        PublicKeyCredentialUserEntity u = users.findById(r.getUserEntityUserId());
        return u == null ? "unknown" : u.getName();
    }

    /** Enough of the id to tell passkeys apart in the trail. */
    private static String shortId(Bytes id) {
        String s = id.toBase64UrlString();
        return s.length() <= 16 ? s : s.substring(0, 16) + "...";
    }

    static String label(String typed) {
        String s = typed == null ? "" : typed.replaceAll("\\p{Cntrl}", " ").strip();
        if (s.isEmpty()) {
            s = "passkey";
        }
        return s.length() <= ReviewLimits.PASSKEY_LABEL_MAX
                ? s
                : s.substring(0, ReviewLimits.PASSKEY_LABEL_MAX);
    }
}
