-- Issue 15 item 3's "without": the intake benchmark on the same build with issue 15's write-side
-- costs taken away in the database (PRE_SQL=loadgen/without-issue15.sql loadgen/run.sh):
-- the queue indexes of V23, V26 and V28 dropped, and the rollup inserts (the per-batch report
-- counts and the case-opening outcome row) skipped by a BEFORE INSERT trigger that returns NULL
-- (for INSERT ... ON CONFLICT too: the row is dropped before the conflict check). The trigger's
-- own call stays, so "without" is a little too expensive, never too cheap. (report_messages_by_item,
-- which V26 widened with idx, stays in its V26 form: intake writes one either way.)
DROP INDEX IF EXISTS cases_queue_by_category, cases_queue_claimed, cases_queue_claimed_by_category,
  cases_queue_by_assignee, cases_queue_escalated, cases_queue_escalated_v28, cases_queue_closed,
  audit_log_by_event, reports_by_case_received;
CREATE FUNCTION bench_skip_row() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
CREATE TRIGGER bench_skip BEFORE INSERT ON report_daily_counts FOR EACH ROW EXECUTE FUNCTION bench_skip_row();
CREATE TRIGGER bench_skip BEFORE INSERT ON case_daily_outcomes FOR EACH ROW EXECUTE FUNCTION bench_skip_row();
-- and the two small indexes V23 replaced, as they were before it
CREATE INDEX cases_by_assignee ON cases (assigned_to) WHERE closed_at IS NULL;
CREATE INDEX cases_escalated_open ON cases (escalated_at) WHERE escalated_at IS NOT NULL AND closed_at IS NULL;
