-- The review UI (issue 4): moderators, case workflow, notes, the hash-chained audit log, the outbox.

CREATE TABLE moderators (
    username      varchar(64)  PRIMARY KEY,
    password_hash varchar(200) NOT NULL,
    roles         varchar(64)  NOT NULL,
    created_at    timestamptz  NOT NULL,
    disabled_at   timestamptz
);

-- A case's queue position is derived from its reports at insert time and kept here, so that the
-- first page of the queue is an index range scan whatever the number of reports.
ALTER TABLE cases
    ADD COLUMN top_category       varchar(32),
    ADD COLUMN severity           int,
    ADD COLUMN distinct_reporters int NOT NULL DEFAULT 0,
    ADD COLUMN report_count       int NOT NULL DEFAULT 0,
    ADD COLUMN assigned_to        varchar(64),
    ADD COLUMN assigned_at        timestamptz,
    ADD COLUMN escalated_at       timestamptz,
    ADD COLUMN escalated_by       varchar(64),
    ADD COLUMN decision           varchar(16),
    ADD COLUMN decided_at         timestamptz,
    ADD COLUMN decided_by         varchar(64),
    ADD COLUMN reasons_ground     varchar(200),
    ADD COLUMN reasons_facts      bytea,
    ADD COLUMN reasons_automated  boolean;

CREATE INDEX cases_queue ON cases (severity, (-distinct_reporters), opened_at, id) WHERE closed_at IS NULL;
CREATE INDEX cases_by_assignee ON cases (assigned_to) WHERE closed_at IS NULL;

-- Notes may quote content: stored encrypted under the case's data key.
CREATE TABLE case_notes (
    id         uuid        PRIMARY KEY,
    case_id    uuid        NOT NULL REFERENCES cases (id),
    author     varchar(64) NOT NULL,
    text_enc   bytea,
    created_at timestamptz NOT NULL
);
CREATE INDEX case_notes_by_case ON case_notes (case_id, created_at);

-- Append-only, one row per event, each row carrying the hash of the previous one:
-- hash = SHA-256(prev_hash || lp(seq) || lp(at) || lp(actor) || lp(event) || lp(case_id) || lp(subject) || lp(detail)).
CREATE TABLE audit_log (
    seq       bigint       PRIMARY KEY,
    at        timestamptz  NOT NULL,
    actor     varchar(256) NOT NULL,
    event     varchar(64)  NOT NULL,
    case_id   uuid,
    subject   varchar(256),
    detail    varchar(2000),
    prev_hash bytea        NOT NULL,
    hash      bytea        NOT NULL
);
CREATE INDEX audit_log_by_case ON audit_log (case_id, seq);
CREATE INDEX audit_log_by_actor ON audit_log (actor, seq);

-- Side effects (platform webhooks, later forwarding) run after commit from here, retried with backoff.
CREATE TABLE outbox (
    id              uuid         PRIMARY KEY,
    kind            varchar(32)  NOT NULL,
    payload         text         NOT NULL,
    created_at      timestamptz  NOT NULL,
    attempts        int          NOT NULL DEFAULT 0,
    next_attempt_at timestamptz  NOT NULL,
    delivered_at    timestamptz,
    last_error      varchar(500)
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE delivered_at IS NULL;

-- Service-wide secrets other than the KEK, each wrapped by it.
CREATE TABLE service_secrets (
    name       varchar(64) PRIMARY KEY,
    wrapped    bytea       NOT NULL,
    created_at timestamptz NOT NULL
);
