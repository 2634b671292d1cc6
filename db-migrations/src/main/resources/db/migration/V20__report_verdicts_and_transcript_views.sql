-- Issue 14, "whole context in one pass".

-- A mixed case (several reports, several categories, one account) is decided once for the
-- account, but each report is upheld or dismissed on its own: that verdict is the report's, a
-- timestamp and an actor like every state. It decides what its reporter is told (§7 GET: a
-- dismissed report is "no_action" even when the account was acted on for other reports).
ALTER TABLE reports ADD COLUMN verdict varchar(16);
ALTER TABLE reports ADD COLUMN verdict_by varchar(64);
ALTER TABLE reports ADD COLUMN verdict_at timestamptz;
ALTER TABLE reports ADD CONSTRAINT reports_verdict CHECK (verdict IN ('upheld', 'dismissed'));
ALTER TABLE reports ADD CONSTRAINT reports_verdict_actor
    CHECK ((verdict IS NULL) = (verdict_by IS NULL) AND (verdict IS NULL) = (verdict_at IS NULL));

-- New audit events: a report's whole transcript shown in one action (one row naming the report
-- and every message shown), and the per-report verdicts. The constraint is rebuilt from its own
-- current list plus these (as V12 and V15 do), so that other migrations adding events keep theirs
-- whatever the merge order.
DO $$
DECLARE
    known text[];
BEGIN
    SELECT array_agg(DISTINCT m[1]) INTO known
        FROM pg_constraint c,
             regexp_matches(pg_get_constraintdef(c.oid), '''([a-z_]+\.[a-z_]+)''', 'g') AS m
        WHERE c.conname = 'audit_log_event';
    known := known || ARRAY['transcript.viewed', 'report.upheld', 'report.dismissed'];
    ALTER TABLE audit_log DROP CONSTRAINT audit_log_event;
    EXECUTE format('ALTER TABLE audit_log ADD CONSTRAINT audit_log_event CHECK (event IN (%s))',
                   (SELECT string_agg(DISTINCT quote_literal(k), ', ') FROM unnest(known) AS k));
END
$$;
