-- Schema of the report service (issue 3). Never edited once released: add V2__..., V3__...
-- Widths follow dev.franking.Limits: ids 256 bytes of UTF-8 (varchar counts characters, so the
-- byte limit is enforced by the application and the column is wide enough for any valid id),
-- kid 32, content type 255.

-- PROTOCOL.md §3: stamp keys, stored only wrapped under the key-encryption key.
-- wrapped_key is NULL once the key is destroyed (after its reporting window).
CREATE TABLE stamp_keys (
    kid          varchar(32)  PRIMARY KEY,
    wrapped_key  bytea,
    not_before   timestamptz  NOT NULL,
    issue_until  timestamptz  NOT NULL,
    expires_at   timestamptz  NOT NULL,
    created_at   timestamptz  NOT NULL,
    destroyed_at timestamptz,
    CHECK (not_before < issue_until AND issue_until <= expires_at),
    CHECK ((wrapped_key IS NULL) = (destroyed_at IS NOT NULL)),
    -- never two current keys: issuing periods may not overlap, whatever the instances do
    EXCLUDE USING gist (tstzrange(not_before, issue_until, '[)') WITH &&)
);

-- One open case per reported sender; its data key (AES-256) wraps every piece of its evidence.
-- wrapped_data_key is NULL once the case's evidence has been crypto-shredded.
CREATE TABLE cases (
    id                 uuid         PRIMARY KEY,
    reported_sender_id varchar(256) NOT NULL,
    opened_at          timestamptz  NOT NULL,
    closed_at          timestamptz,
    closed_by          varchar(256),
    wrapped_data_key   bytea,
    shredded_at        timestamptz
);
CREATE UNIQUE INDEX cases_one_open_per_sender ON cases (reported_sender_id) WHERE closed_at IS NULL;

-- A verified report. The reporter is the authenticated principal. The comment is content and is
-- stored encrypted under the case's data key. dedupe_key identifies "the same report again".
CREATE TABLE reports (
    id            uuid         PRIMARY KEY,
    case_id       uuid         NOT NULL REFERENCES cases (id),
    reporter_id   varchar(256) NOT NULL,
    category      varchar(32)  NOT NULL,
    comment_enc   bytea,
    message_count int          NOT NULL CHECK (message_count BETWEEN 1 AND 30),
    dedupe_key    bytea        NOT NULL,
    received_at   timestamptz  NOT NULL,
    verified_at   timestamptz  NOT NULL,
    status        varchar(32)  NOT NULL,
    outcome       varchar(64),
    decided_at    timestamptz,
    CONSTRAINT reports_dedupe UNIQUE (reporter_id, dedupe_key)
);
CREATE INDEX reports_by_reporter_time ON reports (reporter_id, received_at);
CREATE INDEX reports_by_case ON reports (case_id);

-- One message as evidence: the same message (the same commitment) reported by several
-- recipients is one item. content_enc holds content_bytes and the franking key, AES-256-GCM under
-- the case's data key; the routing fields beside it are metadata, not content.
CREATE TABLE evidence_items (
    id              uuid         PRIMARY KEY,
    case_id         uuid         NOT NULL REFERENCES cases (id),
    commitment      bytea        NOT NULL CHECK (octet_length(commitment) = 32),
    message_id      varchar(256) NOT NULL,
    sender_id       varchar(256) NOT NULL,
    conversation_id varchar(256) NOT NULL,
    sent_at         bigint       NOT NULL,
    content_type    varchar(255) NOT NULL,
    body_length     int          NOT NULL,
    content_enc     bytea,
    first_seen_at   timestamptz  NOT NULL,
    CONSTRAINT evidence_items_one_per_message UNIQUE (case_id, commitment)
);

-- Which messages a report holds, in order (index 0 is the reported message), with the stamp and
-- what was verified when.
CREATE TABLE report_messages (
    report_id        uuid         NOT NULL REFERENCES reports (id),
    idx              int          NOT NULL CHECK (idx BETWEEN 0 AND 29),
    evidence_item_id uuid         NOT NULL REFERENCES evidence_items (id),
    recipient_id     varchar(256) NOT NULL,
    kid              varchar(32)  NOT NULL,
    received_at      bigint       NOT NULL,
    stamp_mac        bytea        NOT NULL CHECK (octet_length(stamp_mac) = 32),
    key_expires_at   timestamptz  NOT NULL,
    verified_at      timestamptz  NOT NULL,
    PRIMARY KEY (report_id, idx)
);
CREATE INDEX report_messages_by_item ON report_messages (evidence_item_id);

-- Committed attachments of an evidence item (PROTOCOL.md §1); blob_enc is the uploaded plaintext,
-- checked against the descriptor, encrypted under the case's data key.
CREATE TABLE evidence_attachments (
    evidence_item_id uuid         NOT NULL REFERENCES evidence_items (id),
    n                int          NOT NULL CHECK (n BETWEEN 0 AND 31),
    content_type     varchar(255) NOT NULL,
    size             bigint       NOT NULL CHECK (size >= 0),
    sha256           bytea        NOT NULL CHECK (octet_length(sha256) = 32),
    blob_enc         bytea,
    uploaded_at      timestamptz,
    uploaded_by      varchar(256),
    PRIMARY KEY (evidence_item_id, n)
);
