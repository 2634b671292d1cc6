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
