-- Issue 14: routing that never strands work, and decision templates.

-- Whether the assignee could see child-safety work when the case was assigned to them: intake
-- (CaseStatements) cannot ask the moderators table, and must know whether a case that turns child
-- safety has to leave its assignee. Existing claims count as not able (the safe side: such a case
-- goes back to the child-safety queue and its assignee is told).
ALTER TABLE cases
    ADD COLUMN assignee_child_safety boolean NOT NULL DEFAULT false,
    -- who a case was taken from when it became child safety (a child-safety report joined it, or
    -- someone else escalated it), when and why: the notice on their queue and case page
    ADD COLUMN rerouted_from varchar(64),
    ADD COLUMN rerouted_at   timestamptz,
    ADD COLUMN rerouted_why  varchar(32) CHECK (rerouted_why IN ('child_safety_report', 'escalated')),
    -- the category a case had before escalation made it child safety (the history says it too)
    ADD COLUMN escalated_from_category varchar(32);
CREATE INDEX cases_rerouted_from ON cases (rerouted_from, rerouted_at) WHERE rerouted_from IS NOT NULL;
CREATE INDEX cases_escalated_open ON cases (escalated_at) WHERE escalated_at IS NOT NULL AND closed_at IS NULL;

-- Escalated cases that are still open take child-safety priority and target (they kept their
-- category and sorted below other child-safety work before this version).
UPDATE cases SET escalated_from_category = top_category, top_category = 'child_safety', severity = 0
    WHERE escalated_at IS NOT NULL AND closed_at IS NULL AND coalesce(severity, 1) <> 0;

-- Decision templates (ground and facts), managed by admins; the first back-office aggregate kept
-- through JPA with optimistic locking (version).
CREATE TABLE decision_templates (
    id         uuid          PRIMARY KEY,
    name       varchar(80)   NOT NULL,
    ground     varchar(200)  NOT NULL,
    facts      varchar(4000) NOT NULL,
    version    bigint        NOT NULL,
    created_by varchar(64)   NOT NULL,
    created_at timestamptz   NOT NULL,
    updated_by varchar(64)   NOT NULL,
    updated_at timestamptz   NOT NULL
);
CREATE UNIQUE INDEX decision_templates_name ON decision_templates (lower(name));

-- New audit events. The constraint is rebuilt from its own current list plus these, rather than
-- restated whole, so that other migrations adding events (in whatever order they are merged) keep
-- theirs.
DO $$
DECLARE
    known text[];
BEGIN
    SELECT array_agg(DISTINCT m[1]) INTO known
        FROM pg_constraint c,
             regexp_matches(pg_get_constraintdef(c.oid), '''([a-z_]+\.[a-z_]+)''', 'g') AS m
        WHERE c.conname = 'audit_log_event';
    known := known || ARRAY['template.created', 'template.updated', 'template.deleted',
                            'case.action_refused'];
    ALTER TABLE audit_log DROP CONSTRAINT audit_log_event;
    EXECUTE format('ALTER TABLE audit_log ADD CONSTRAINT audit_log_event CHECK (event IN (%s))',
                   (SELECT string_agg(DISTINCT quote_literal(k), ', ') FROM unnest(known) AS k));
END
$$;
