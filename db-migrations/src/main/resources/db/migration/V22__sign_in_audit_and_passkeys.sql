-- Issue 14, sign-in hardening: sign-ins (succeeded, failed, locked, a failed passkey check) and
-- passkey registrations are audit events; moderators' passkeys (WebAuthn credentials, a second
-- factor after the password) are stored in the tables Spring Security's JDBC repositories use
-- (JdbcPublicKeyCredentialUserEntityRepository, JdbcUserCredentialRepository; their PostgreSQL
-- schema, with the widths this service's limits give and the links to moderators).

-- New audit events. The constraint is rebuilt from its own current list plus these (as V12 does),
-- so that other migrations adding events keep theirs whatever the merge order.
DO $$
DECLARE
    known text[];
BEGIN
    SELECT array_agg(DISTINCT m[1]) INTO known
        FROM pg_constraint c,
             regexp_matches(pg_get_constraintdef(c.oid), '''([a-z_]+\.[a-z_]+)''', 'g') AS m
        WHERE c.conname = 'audit_log_event';
    known := known || ARRAY['sign_in.succeeded', 'sign_in.failed', 'sign_in.locked',
                            'sign_in.passkey_failed', 'passkey.registered', 'passkey.removed'];
    ALTER TABLE audit_log DROP CONSTRAINT audit_log_event;
    EXECUTE format('ALTER TABLE audit_log ADD CONSTRAINT audit_log_event CHECK (event IN (%s))',
                   (SELECT string_agg(DISTINCT quote_literal(k), ', ') FROM unnest(known) AS k));
END
$$;

-- A moderator's WebAuthn user handle (random, made at the first registration). Goes with the
-- moderator's account.
CREATE TABLE user_entities (
    id           varchar(1000) PRIMARY KEY,
    name         varchar(64)   NOT NULL UNIQUE REFERENCES moderators (username) ON DELETE CASCADE,
    display_name varchar(200)
);

-- One row per passkey: its public key and counters, never a secret.
CREATE TABLE user_credentials (
    credential_id                varchar(1000) PRIMARY KEY,
    user_entity_user_id          varchar(1000) NOT NULL REFERENCES user_entities (id) ON DELETE CASCADE,
    public_key                   bytea         NOT NULL,
    signature_count              bigint,
    uv_initialized               boolean,
    backup_eligible              boolean       NOT NULL,
    authenticator_transports     varchar(1000),
    public_key_credential_type   varchar(100),
    backup_state                 boolean       NOT NULL,
    attestation_object           bytea,
    attestation_client_data_json bytea,
    created                      timestamp,
    last_used                    timestamp,
    label                        varchar(64)   NOT NULL
);
CREATE INDEX user_credentials_by_user ON user_credentials (user_entity_user_id);
