-- Issue 14: reopening or a reversed appeal withdraws the platform action (action.reversed); the
-- platform's acknowledgement is its own audit row ("queued" is not "delivered"); appeals (§7).

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
    known := known || ARRAY['platform_action.delivered', 'platform_action.reversed',
                            'appeal.filed', 'appeal.decided'];
    ALTER TABLE audit_log DROP CONSTRAINT audit_log_event;
    EXECUTE format('ALTER TABLE audit_log ADD CONSTRAINT audit_log_event CHECK (event IN (%s))',
                   (SELECT string_agg(DISTINCT quote_literal(k), ', ') FROM unnest(known) AS k));
END
$$;

-- Appeals (PROTOCOL.md §7, EU DSA Art. 20): the reporter (by report) or the user an action was
-- taken against (filed by the platform, by action) contests a case's decision within six months.
-- A back-office aggregate kept through JPA (version: optimistic locking); owned by `appeals`.
CREATE TABLE appeals (
    id               uuid          PRIMARY KEY,
    case_id          uuid          NOT NULL REFERENCES cases (id),
    report_id        uuid          REFERENCES reports (id),
    action_id        uuid,
    appellant        varchar(256)  NOT NULL,
    statement        varchar(2000) NOT NULL,
    -- the decision contested, and who made it (four eyes: someone else decides the appeal)
    contested        varchar(16)   NOT NULL,
    contested_by     varchar(64)   NOT NULL,
    contested_at     timestamptz   NOT NULL,
    filed_at         timestamptz   NOT NULL,
    status           varchar(16)   NOT NULL CHECK (status IN ('open', 'upheld', 'reversed')),
    decided_by       varchar(64),
    decided_at       timestamptz,
    reason           varchar(1000),
    version          bigint        NOT NULL,
    CHECK ((report_id IS NULL) <> (action_id IS NULL)),
    CHECK ((status = 'open') = (decided_at IS NULL))
);
-- at most one open appeal per report and per action (409 appeal_open)
CREATE UNIQUE INDEX appeals_open_report ON appeals (report_id) WHERE status = 'open' AND report_id IS NOT NULL;
CREATE UNIQUE INDEX appeals_open_action ON appeals (action_id) WHERE status = 'open' AND action_id IS NOT NULL;
CREATE INDEX appeals_open ON appeals (filed_at) WHERE status = 'open';
CREATE INDEX appeals_case ON appeals (case_id);
