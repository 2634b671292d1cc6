-- A batch of reports joining a case asks, per reporter, whether they have reported in that case
-- before (the case's distinct_reporters count is kept incrementally). This index answers that
-- without reading the case's other reports, and serves every lookup by case_id as before.
CREATE INDEX reports_by_case_reporter ON reports (case_id, reporter_id);
DROP INDEX reports_by_case;
