package dev.franking.service.passkeys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.franking.review.model.Role;
import dev.franking.review.web.ReviewLimits;
import dev.franking.service.ServiceTestBase;
import dev.franking.service.moderators.ModeratorService;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.web.webauthn.api.AuthenticatorTransport;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.CredentialRecord;
import org.springframework.security.web.webauthn.api.ImmutableCredentialRecord;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCose;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialType;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;

/**
 * Passkeys in PostgreSQL (issue 14): Spring Security's JDBC repositories over the V22 tables; a
 * registration and a removal are audit rows, a sign-in's update is not; a long or odd label is cut
 * to its column; a moderator's passkeys go with the account.
 */
class PasskeyStoreTest extends ServiceTestBase {
    @Autowired UserCredentialRepository credentials;
    @Autowired PublicKeyCredentialUserEntityRepository users;
    @Autowired ModeratorService moderators;

    @Test
    void aPasskeyIsStoredAuditedUpdatedAndRemoved() {
        String name = unique("pk");
        moderators.create(name, Set.of(Role.MODERATOR), null, "test");
        Bytes handle = Bytes.random();
        users.save(
                ImmutablePublicKeyCredentialUserEntity.builder()
                        .id(handle)
                        .name(name)
                        .displayName(name)
                        .build());
        assertThat(users.findByUsername(name).getId()).isEqualTo(handle);

        Bytes id = Bytes.random();
        Instant now = CLOCK.instant().truncatedTo(ChronoUnit.MILLIS);
        CredentialRecord record =
                ImmutableCredentialRecord.builder()
                        .credentialId(id)
                        .userEntityUserId(handle)
                        .publicKey(new ImmutablePublicKeyCose(new byte[] {1, 2, 3, 4}))
                        .signatureCount(0)
                        .uvInitialized(true)
                        .backupEligible(false)
                        .backupState(false)
                        .transports(Set.of(AuthenticatorTransport.INTERNAL))
                        .credentialType(PublicKeyCredentialType.PUBLIC_KEY)
                        .created(now)
                        .lastUsed(now)
                        .label("Laptop\n" + "y".repeat(200))
                        .build();
        credentials.save(record);
        List<CredentialRecord> stored = credentials.findByUserId(handle);
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).getLabel())
                .hasSize(ReviewLimits.PASSKEY_LABEL_MAX)
                .startsWith("Laptop y");
        assertThat(stored.get(0).getPublicKey().getBytes()).containsExactly(1, 2, 3, 4);

        // a sign-in updates the counter: no second registration row
        credentials.save(
                ImmutableCredentialRecord.fromCredentialRecord(stored.get(0))
                        .signatureCount(7)
                        .build());
        assertThat(credentials.findByCredentialId(id).getSignatureCount()).isEqualTo(7);
        assertThat(events(name)).containsExactly("passkey.registered");

        credentials.delete(id);
        assertThat(credentials.findByCredentialId(id)).isNull();
        assertThat(events(name)).containsExactly("passkey.registered", "passkey.removed");
        String detail =
                jdbc.queryForObject(
                        "SELECT detail FROM audit_log WHERE actor = ? AND event ="
                                + " 'passkey.removed'",
                        String.class,
                        name);
        assertThat(detail).startsWith("label=Laptop y").contains("credential=");
    }

    @Test
    void passkeysGoWithTheAccount() {
        String name = unique("pk");
        moderators.create(name, Set.of(Role.MODERATOR), null, "test");
        Bytes handle = Bytes.random();
        users.save(
                ImmutablePublicKeyCredentialUserEntity.builder()
                        .id(handle)
                        .name(name)
                        .displayName(name)
                        .build());
        Map<String, Object> fk =
                jdbc.queryForMap(
                        "SELECT confdeltype FROM pg_constraint WHERE conrelid ="
                                + " 'user_credentials'::regclass AND contype = 'f'");
        assertThat(fk.get("confdeltype")).hasToString("c");
    }

    private List<String> events(String actor) {
        return jdbc.queryForList(
                "SELECT event FROM audit_log WHERE actor = ? ORDER BY seq", String.class, actor);
    }
}
