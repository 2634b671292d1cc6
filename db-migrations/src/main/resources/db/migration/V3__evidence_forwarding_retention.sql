-- Evidence (issue 5): signed packages, four-eyes forwarding to destinations, preservation, legal
-- holds and retention.

-- A forwarded case is preserved at least until preserve_until (a year from submission, the US
-- REPORT Act); retention never destroys a case before then or while a legal hold is active.
ALTER TABLE cases ADD COLUMN preserve_until timestamptz;

CREATE TABLE legal_holds (
    id          uuid          PRIMARY KEY,
    case_id     uuid          NOT NULL REFERENCES cases (id),
    placed_by   varchar(64)   NOT NULL,
    placed_at   timestamptz   NOT NULL,
    reason      varchar(1000) NOT NULL,
    lifted_by   varchar(64),
    lifted_at   timestamptz,
    lift_reason varchar(1000)
);
CREATE UNIQUE INDEX legal_holds_one_active ON legal_holds (case_id) WHERE lifted_at IS NULL;

-- Where evidence goes: an NCMEC CyberTipline-style XML API, a generic HTTPS webhook, or a
-- download for manual submission. Credentials are wrapped by the KEK.
CREATE TABLE destinations (
    id          uuid         PRIMARY KEY,
    name        varchar(100) NOT NULL UNIQUE,
    kind        varchar(16)  NOT NULL CHECK (kind IN ('cybertipline', 'webhook', 'download')),
    url         varchar(500),
    username    varchar(200),
    secret_enc  bytea,
    created_by  varchar(64)  NOT NULL,
    created_at  timestamptz  NOT NULL,
    disabled_at timestamptz
);

-- Signed evidence packages (ZIP, CMS-signed manifest), encrypted under the case's data key.
CREATE TABLE evidence_packages (
    id          uuid        PRIMARY KEY,
    case_id     uuid        NOT NULL REFERENCES cases (id),
    created_at  timestamptz NOT NULL,
    created_by  varchar(64) NOT NULL,
    sha256      bytea       NOT NULL CHECK (octet_length(sha256) = 32),
    size        bigint      NOT NULL,
    package_enc bytea
);

-- One request to forward a case: requested by one child-safety moderator, approved by another
-- (four eyes) before anything leaves; then delivered through the outbox.
CREATE TABLE forwardings (
    id             uuid          PRIMARY KEY,
    case_id        uuid          NOT NULL REFERENCES cases (id),
    destination_id uuid          NOT NULL REFERENCES destinations (id),
    requested_by   varchar(64)   NOT NULL,
    requested_at   timestamptz   NOT NULL,
    request_reason varchar(1000) NOT NULL,
    decided_by     varchar(64),
    decided_at     timestamptz,
    package_id     uuid REFERENCES evidence_packages (id),
    status         varchar(16)   NOT NULL CHECK (status IN ('requested', 'rejected', 'queued', 'sent', 'acknowledged', 'failed', 'ready')),
    reference      varchar(200),
    last_error     varchar(500),
    sent_at        timestamptz,
    acknowledged_at timestamptz,
    CHECK (decided_by IS NULL OR decided_by <> requested_by)
);
CREATE INDEX forwardings_by_case ON forwardings (case_id);

-- Progress of a multi-step delivery (the CyberTipline's report id, each uploaded file's id), so a
-- retry after a failure or a restart continues where it stopped and never submits twice.
CREATE TABLE delivery_progress (
    forwarding_id uuid         NOT NULL REFERENCES forwardings (id),
    step          varchar(200) NOT NULL,
    value         varchar(500) NOT NULL,
    PRIMARY KEY (forwarding_id, step)
);
