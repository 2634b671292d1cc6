-- Issue 13 item 4 (custody from the moment a report is received): the rows the service writes by
-- itself. Other migrations of this release add events of their own, so the list is extended from
-- the constraint as it stands rather than written out again (a full list here would drop theirs).
DO $$
DECLARE
    existing text[];
    wanted   text[];
BEGIN
    SELECT array_agg(m[1]) INTO existing
      FROM pg_constraint c,
           regexp_matches(pg_get_constraintdef(c.oid), '''([a-z_]+\.[a-z_]+)''', 'g') AS m
     WHERE c.conname = 'audit_log_event' AND c.conrelid = 'audit_log'::regclass;
    SELECT array_agg(DISTINCT e ORDER BY e) INTO wanted
      FROM unnest(existing || ARRAY['report.received', 'case.opened',
                                    'attachment.uploaded']) AS e;
    ALTER TABLE audit_log DROP CONSTRAINT audit_log_event;
    EXECUTE format('ALTER TABLE audit_log ADD CONSTRAINT audit_log_event CHECK (event IN (%s))',
                   (SELECT string_agg(quote_literal(e), ', ') FROM unnest(wanted) AS e));
END
$$;
