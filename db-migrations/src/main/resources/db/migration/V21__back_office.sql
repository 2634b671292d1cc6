-- Issue 14, back office: moderator accounts, destinations and legal holds become Hibernate
-- entities edited by admins. Each gets the optimistic lock's version (an edit names the version it
-- read; a stale one is refused), and the new admin actions get their audit events.

ALTER TABLE moderators   ADD COLUMN version bigint NOT NULL DEFAULT 0;
ALTER TABLE destinations ADD COLUMN version bigint NOT NULL DEFAULT 0;
ALTER TABLE legal_holds  ADD COLUMN version bigint NOT NULL DEFAULT 0;

-- The list of all holds, newest first.
CREATE INDEX legal_holds_placed_at ON legal_holds (placed_at DESC);

-- New audit events. The constraint is rebuilt from its own current list plus these (as V12 and
-- V15 do), so that other migrations adding events keep theirs whatever the merge order.
DO $$
DECLARE
    known text[];
BEGIN
    SELECT array_agg(DISTINCT m[1]) INTO known
        FROM pg_constraint c,
             regexp_matches(pg_get_constraintdef(c.oid), '''([a-z_]+\.[a-z_]+)''', 'g') AS m
        WHERE c.conname = 'audit_log_event';
    known := known || ARRAY['moderator.disabled', 'moderator.enabled', 'moderator.roles_changed',
                            'destination.updated', 'destination.deleted'];
    ALTER TABLE audit_log DROP CONSTRAINT audit_log_event;
    EXECUTE format('ALTER TABLE audit_log ADD CONSTRAINT audit_log_event CHECK (event IN (%s))',
                   (SELECT string_agg(DISTINCT quote_literal(k), ', ') FROM unnest(known) AS k));
END
$$;
