-- Issue 15: the dashboard's count of unassigned open cases past their target reads most of the open
-- cases (a million on a bad day: about half a second of a parallel scan), so it is a snapshot at
-- most a minute old. Every instance took it every 30 s; now one does: the latest count is kept
-- here, and an instance that finds it stale takes it again under a transaction-scoped advisory
-- lock, which the others skip (they read the row). Owner: cases.
CREATE TABLE dashboard_snapshots (
    name     varchar(64) PRIMARY KEY,
    taken_at timestamptz NOT NULL,
    value    bigint      NOT NULL CHECK (value >= 0)
);
