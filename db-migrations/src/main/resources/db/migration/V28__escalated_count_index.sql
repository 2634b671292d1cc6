-- Issue 15: the navigation's count of escalated cases, on every page of child-safety staff and
-- admins (open escalated cases unassigned or assigned to the reader). With cases_queue_escalated as
-- it was, the count visited every escalated case's heap row (about 2,000 rows and 420 pages with a
-- million open cases, 1.3 ms a page view). The same index with the assignee as an included column
-- answers it from the index alone (an index-only scan), and still gives the escalated queue its
-- order without a sort. A separate, smaller index on the assignee alone was tried first: the
-- planner then read the escalated queue from it and sorted (LargeQueueTest).
CREATE INDEX cases_queue_escalated_v28 ON cases (severity, (-distinct_reporters), opened_at, id)
    INCLUDE (assigned_to) WHERE closed_at IS NULL AND escalated_at IS NOT NULL;
DROP INDEX cases_queue_escalated;
ALTER INDEX cases_queue_escalated_v28 RENAME TO cases_queue_escalated;
