-- Appeals (PROTOCOL.md §7, EU DSA Art. 20; issue 14): the reporter (by report) or the user an
-- action was taken against (filed by the platform, by action) contests a case's decision within six
-- months; someone other than the original decider upholds or reverses it. V15 added the
-- appeal.filed and appeal.decided audit events; this adds the table and the audited reveal of an
-- appellant's statement.

-- New audit event, the constraint rebuilt from its own current list (as V12 and V15 do), so that
-- other migrations adding events keep theirs whatever the merge order.
DO $$
DECLARE
    known text[];
BEGIN
    SELECT array_agg(DISTINCT m[1]) INTO known
        FROM pg_constraint c,
             regexp_matches(pg_get_constraintdef(c.oid), '''([a-z_]+\.[a-z_]+)''', 'g') AS m
        WHERE c.conname = 'audit_log_event';
    known := known || ARRAY['appeal.statement_viewed'];
    ALTER TABLE audit_log DROP CONSTRAINT audit_log_event;
    EXECUTE format('ALTER TABLE audit_log ADD CONSTRAINT audit_log_event CHECK (event IN (%s))',
                   (SELECT string_agg(DISTINCT quote_literal(k), ', ') FROM unnest(known) AS k));
END
$$;

-- A back-office aggregate kept through JPA (version: optimistic locking); owned by `appeals`.
-- No plaintext: the appellant's statement and the decider's reason are sealed under the case's
-- data key (Vault labels appeal-statement:<id>, appeal-reason:<id>), so destroying the case key
-- shreds them with the case, backups included. Their limits (2,000 and 1,000 characters) are
-- checked before sealing (Appeals.STATEMENT_MAX, ReviewLimits.REASON_MAX).
CREATE TABLE appeals (
    id               uuid          PRIMARY KEY,
    case_id          uuid          NOT NULL REFERENCES cases (id),
    report_id        uuid          REFERENCES reports (id),
    action_id        uuid,
    appellant        varchar(256)  NOT NULL,
    -- null once the case is shredded (retention drops the ciphertexts with the key)
    statement_enc    bytea,
    -- the decision contested, and who made it (four eyes: someone else decides the appeal)
    contested        varchar(16)   NOT NULL,
    contested_by     varchar(64)   NOT NULL,
    contested_at     timestamptz   NOT NULL,
    filed_at         timestamptz   NOT NULL,
    status           varchar(16)   NOT NULL CHECK (status IN ('open', 'upheld', 'reversed')),
    decided_by       varchar(64),
    decided_at       timestamptz,
    reason_enc       bytea,
    version          bigint        NOT NULL,
    CHECK ((report_id IS NULL) <> (action_id IS NULL)),
    CHECK ((status = 'open') = (decided_at IS NULL))
);
-- at most one open appeal per report and per action (409 appeal_open)
CREATE UNIQUE INDEX appeals_open_report ON appeals (report_id) WHERE status = 'open' AND report_id IS NOT NULL;
CREATE UNIQUE INDEX appeals_open_action ON appeals (action_id) WHERE status = 'open' AND action_id IS NOT NULL;
CREATE INDEX appeals_open ON appeals (filed_at) WHERE status = 'open';
-- the dashboard's reversal rate: appeals decided in a period
CREATE INDEX appeals_decided ON appeals (decided_at) WHERE decided_at IS NOT NULL;
CREATE INDEX appeals_case ON appeals (case_id);
