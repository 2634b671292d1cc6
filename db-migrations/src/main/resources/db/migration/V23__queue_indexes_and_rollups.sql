-- Issue 15: every moderator page under 50 ms with a million open cases and ten million reports.

-- Queue filters. The queue orders by (severity, -distinct_reporters, opened_at, id); cases_queue
-- serves the unfiltered queue and the unselective filters (unassigned, open). A selective filter
-- walked that index until it had found a page: a low-severity category walked most of it. Each
-- selective filter gets an index that starts with its equality (or is partial on it) and then has
-- the queue's order, so its pages are range scans without a sort too.
CREATE INDEX cases_queue_by_category ON cases
    (top_category, severity, (-distinct_reporters), opened_at, id) WHERE closed_at IS NULL;
-- claimed cases are few: a small partial index in queue order (status=claimed, and any category
-- within it)
CREATE INDEX cases_queue_claimed ON cases (severity, (-distinct_reporters), opened_at, id)
    WHERE closed_at IS NULL AND assigned_to IS NOT NULL;
CREATE INDEX cases_queue_claimed_by_category ON cases
    (top_category, severity, (-distinct_reporters), opened_at, id)
    WHERE closed_at IS NULL AND assigned_to IS NOT NULL;
-- one assignee's cases; it also answers what cases_by_assignee did (who has open cases), so that
-- index goes and intake's case updates maintain no more full-size indexes than before
CREATE INDEX cases_queue_by_assignee ON cases
    (assigned_to, severity, (-distinct_reporters), opened_at, id)
    WHERE closed_at IS NULL AND assigned_to IS NOT NULL;
DROP INDEX cases_by_assignee;
-- escalated (status=escalated, and the "Escalated to me" view and its count): few, queue order;
-- it replaces cases_escalated_open (same rows, by escalated_at), with which the planner sorted
CREATE INDEX cases_queue_escalated ON cases (severity, (-distinct_reporters), opened_at, id)
    WHERE closed_at IS NULL AND escalated_at IS NOT NULL;
DROP INDEX cases_escalated_open;
-- closed cases (status=closed): all of history, but intake never updates a closed case, so this
-- index costs nothing on the report path
CREATE INDEX cases_queue_closed ON cases (severity, (-distinct_reporters), opened_at, id)
    WHERE closed_at IS NOT NULL;

-- The dashboard's figures as rollups kept in the transactions that change them, so that a page
-- view reads at most a few thousand small rows whatever the size of reports and cases.
-- Reports received per UTC day and category (owner: reports; intake adds a batch's counts in one
-- statement of the batch's pipeline).
CREATE TABLE report_daily_counts (
    day      date        NOT NULL,
    category varchar(32) NOT NULL,
    reports  bigint      NOT NULL CHECK (reports >= 0),
    PRIMARY KEY (day, category)
);
-- Cases by the UTC day they were opened and their outcome ('open' until decided; owner: cases).
CREATE TABLE case_daily_outcomes (
    day     date        NOT NULL,
    outcome varchar(16) NOT NULL CHECK (outcome IN ('open', 'dismiss', 'warn', 'restrict', 'suspend')),
    cases   bigint      NOT NULL CHECK (cases >= 0),
    PRIMARY KEY (day, outcome)
);
-- Decisions by UTC day decided and time-to-decision bucket (bucket b holds seconds s with
-- floor(ln(1 + s) * 10) = b, about 10% wide: a
-- year of decisions is some 30,000 rows, whatever their number), for the median (owner: cases).
CREATE TABLE decision_time_buckets (
    day       date NOT NULL,
    bucket    int  NOT NULL CHECK (bucket >= 0),
    decisions bigint NOT NULL CHECK (decisions >= 0),
    PRIMARY KEY (day, bucket)
);

INSERT INTO report_daily_counts (day, category, reports)
    SELECT (received_at AT TIME ZONE 'UTC')::date, category, count(*) FROM reports GROUP BY 1, 2;
INSERT INTO case_daily_outcomes (day, outcome, cases)
    SELECT (opened_at AT TIME ZONE 'UTC')::date, coalesce(decision, 'open'), count(*) FROM cases
    GROUP BY 1, 2;
INSERT INTO decision_time_buckets (day, bucket, decisions)
    SELECT (decided_at AT TIME ZONE 'UTC')::date,
           floor(ln(1 + greatest(0, extract(epoch FROM decided_at - opened_at))) * 10)::int,
           count(*)
    FROM cases WHERE decided_at IS NOT NULL GROUP BY 1, 2;

-- The audit page filtered by a rare event walked the whole log backwards (ORDER BY seq DESC with a
-- filter); actor and case had their indexes already. Appends are one per moderator action, so one
-- index more costs little.
CREATE INDEX audit_log_by_event ON audit_log (event, seq);
