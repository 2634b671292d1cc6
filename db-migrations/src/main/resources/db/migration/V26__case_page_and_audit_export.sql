-- Issue 15: the case page of a case with 20,001 reports read every report, transcript line and
-- stamp of it (it did not render in 60 s). It now shows one page of reports at a time, in the order
-- they arrived, with the case's counts by category beside them.

-- A page of a case's reports is a range of this index after a (received_at, id) cursor, LIMIT the
-- page: no sort, whatever the size of the case. The category breakdown (reports, upheld, dismissed
-- per category) is an index-only scan of the same entries, never a read of the reports' rows:
-- hence category and verdict included. Intake maintains one index more per report; a verdict
-- changes the included column, but verdicts are one moderator click per report.
CREATE INDEX reports_by_case_received ON reports (case_id, received_at, id) INCLUDE (category, verdict);

-- "Reported by N" of a message: how many reports name it as their reported message (idx 0; under
-- protocol v2 one report per reporter and message, the repeat rule). With idx in the key that
-- count is an index-only range instead of a visit of every report holding the message as context.
-- It replaces the index on evidence_item_id alone (every lookup by item is served as before), so
-- intake maintains no more indexes on report_messages than before.
CREATE INDEX report_messages_by_item_idx ON report_messages (evidence_item_id, idx);
DROP INDEX report_messages_by_item;
