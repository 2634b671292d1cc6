-- Issue 14: account view and search, strikes, per-moderator dashboard figures.

-- Every decision ever taken on a case, kept when the case is reopened (cases keeps only the
-- current one) and marked when it is reversed (reopening, an upheld appeal): strikes and the
-- action in force are derived from here. Written only by the cases package (CaseActions,
-- ActionReversals). category, opened_at and target_at are copied at decision time so that the
-- dashboard's "decided after target" needs no join. facts_enc is sealed under the case's data key
-- like cases.reasons_facts, and goes with it when the case is shredded.
CREATE TABLE case_decisions (
    id           uuid         PRIMARY KEY,
    case_id      uuid         NOT NULL REFERENCES cases (id),
    account      varchar(256) NOT NULL,
    decision     varchar(16)  NOT NULL CHECK (decision IN ('dismiss', 'warn', 'restrict', 'suspend')),
    decided_by   varchar(64)  NOT NULL,
    decided_at   timestamptz  NOT NULL,
    ground       varchar(200) NOT NULL,
    facts_enc    bytea,
    automated    boolean      NOT NULL,
    category     varchar(32),
    opened_at    timestamptz  NOT NULL,
    target_at    timestamptz  NOT NULL,
    reversed_at  timestamptz,
    reversed_why varchar(16)  CHECK (reversed_why IN ('reopened', 'appeal')),
    CHECK ((reversed_at IS NULL) = (reversed_why IS NULL))
);
-- the account page and strikes: one account's decisions, newest first
CREATE INDEX case_decisions_by_account ON case_decisions (account, decided_at DESC);
-- a reversal finds the case's standing decision
CREATE INDEX case_decisions_by_case ON case_decisions (case_id, decided_at DESC);
-- the dashboard: decisions of a period, per moderator (index-only for the counts)
CREATE INDEX case_decisions_by_time ON case_decisions (decided_at, decided_by, target_at);

-- Decisions taken before this version: the ones cases still holds (a decision undone by a reopen
-- before now is only in the audit log). Targets as CategoryPolicy has them.
INSERT INTO case_decisions (id, case_id, account, decision, decided_by, decided_at, ground,
                            facts_enc, automated, category, opened_at, target_at)
SELECT md5('case_decisions:' || id::text)::uuid, id, reported_sender_id, decision, coalesce(decided_by, 'unknown'),
       decided_at, coalesce(reasons_ground, ''), reasons_facts, coalesce(reasons_automated, false),
       top_category, opened_at,
       opened_at + CASE top_category
                       WHEN 'child_safety' THEN interval '1 hour'
                       WHEN 'sexual_exploitation' THEN interval '4 hours'
                       WHEN 'violent_threat' THEN interval '4 hours'
                       WHEN 'terrorism' THEN interval '4 hours'
                       WHEN 'self_harm' THEN interval '4 hours'
                       WHEN 'harassment' THEN interval '24 hours'
                       WHEN 'hate' THEN interval '24 hours'
                       WHEN 'fraud' THEN interval '48 hours'
                       ELSE interval '72 hours'
                   END
FROM cases WHERE decision IS NOT NULL AND decided_at IS NOT NULL;

-- Cases by account: the account page's keyset (opened_at, id) and the search by identifier.
-- varchar_pattern_ops serves both an exact match and a prefix (LIKE 'x%') whatever the database's
-- collation; the old index on reported_sender_id covers open cases only.
CREATE INDEX cases_by_account ON cases (reported_sender_id varchar_pattern_ops, opened_at DESC, id DESC);

-- Viewing an account's page reveals its history: audited.
DO $$
DECLARE
    known text[];
BEGIN
    SELECT array_agg(DISTINCT m[1]) INTO known
        FROM pg_constraint c,
             regexp_matches(pg_get_constraintdef(c.oid), '''([a-z_]+\.[a-z_]+)''', 'g') AS m
        WHERE c.conname = 'audit_log_event';
    known := known || ARRAY['account.viewed'];
    ALTER TABLE audit_log DROP CONSTRAINT audit_log_event;
    EXECUTE format('ALTER TABLE audit_log ADD CONSTRAINT audit_log_event CHECK (event IN (%s))',
                   (SELECT string_agg(DISTINCT quote_literal(k), ', ') FROM unnest(known) AS k));
END
$$;
