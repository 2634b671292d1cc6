-- Issue 13 item 3 (truthful "viewed") and issue 14 (wellness).

-- New audit events. 'attachment.viewed' keeps its old meaning for the rows that have it (the file
-- was sent to a browser that showed it blurred): it never meant a person saw the file, and names are
-- never reused with another meaning. From now on:
--   attachment.previewed        the server made a blurred preview of the file (not a view);
--   attachment.original_viewed  a person asked to see the file unobscured ("view original"), or
--                               downloaded an evidence package holding it: a view of that file.
-- The constraint is rebuilt from its own current list plus these (as V12 and V15 do), so that other
-- migrations adding events keep theirs whatever the merge order.
DO $$
DECLARE
    known text[];
BEGIN
    SELECT array_agg(DISTINCT m[1]) INTO known
        FROM pg_constraint c,
             regexp_matches(pg_get_constraintdef(c.oid), '''([a-z_]+\.[a-z_]+)''', 'g') AS m
        WHERE c.conname = 'audit_log_event';
    known := known || ARRAY['attachment.previewed', 'attachment.original_viewed',
                            'moderator.settings_changed'];
    ALTER TABLE audit_log DROP CONSTRAINT audit_log_event;
    EXECUTE format('ALTER TABLE audit_log ADD CONSTRAINT audit_log_event CHECK (event IN (%s))',
                   (SELECT string_agg(DISTINCT quote_literal(k), ', ') FROM unnest(known) AS k));
END
$$;

-- Each moderator's daily count of content views reads the audit log by actor and time for the
-- events that show content; a partial index keeps that a short range scan.
CREATE INDEX audit_log_content_views ON audit_log (actor, at)
    WHERE event IN ('evidence.viewed', 'comment.viewed', 'attachment.original_viewed',
                    'evidence.package_downloaded');

-- A moderator's display settings (issue 14 wellness): a back-office aggregate kept through JPA
-- with optimistic locking (version). One row per moderator who ever saved; without a row the
-- defaults apply (strong blur, greyscale, no autoplay).
CREATE TABLE moderator_settings (
    username      varchar(64) PRIMARY KEY,
    blur_strength smallint    NOT NULL CHECK (blur_strength BETWEEN 1 AND 5),
    greyscale     boolean     NOT NULL,
    autoplay      boolean     NOT NULL,
    version       bigint      NOT NULL,
    updated_at    timestamptz NOT NULL
);
