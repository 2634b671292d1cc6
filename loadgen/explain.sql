-- The statements behind the moderator pages, as the service runs them (CaseQueue.queueQuery,
-- the dashboard's rollup reads, AuditLog.search), with EXPLAIN (ANALYZE, BUFFERS): what each reads
-- does not depend on how loaded the machine is, its time does. psql -v assignee=... -f explain.sql
\pset pager off
\timing off
\echo == queue, unfiltered (admin)
EXPLAIN (ANALYZE, BUFFERS) SELECT id, reported_sender_id, top_category, severity, distinct_reporters, report_count, opened_at, assigned_to, escalated_at, closed_at FROM cases WHERE closed_at IS NULL ORDER BY severity, -distinct_reporters, opened_at, id LIMIT 51;
\echo == queue, moderator (no child safety)
EXPLAIN (ANALYZE, BUFFERS) SELECT id, reported_sender_id, top_category, severity, distinct_reporters, report_count, opened_at, assigned_to, escalated_at, closed_at FROM cases WHERE closed_at IS NULL AND severity <> 0 AND escalated_at IS NULL ORDER BY severity, -distinct_reporters, opened_at, id LIMIT 51;
\echo == queue, category=other (the least severe: walked most of cases_queue before V23), moderator
EXPLAIN (ANALYZE, BUFFERS) SELECT id, reported_sender_id, top_category, severity, distinct_reporters, report_count, opened_at, assigned_to, escalated_at, closed_at FROM cases WHERE closed_at IS NULL AND top_category = 'other' AND severity <> 0 AND escalated_at IS NULL ORDER BY severity, -distinct_reporters, opened_at, id LIMIT 51;
\echo == queue, category=terrorism (rarest), admin
EXPLAIN (ANALYZE, BUFFERS) SELECT id, reported_sender_id, top_category, severity, distinct_reporters, report_count, opened_at, assigned_to, escalated_at, closed_at FROM cases WHERE closed_at IS NULL AND top_category = 'terrorism' ORDER BY severity, -distinct_reporters, opened_at, id LIMIT 51;
\echo == queue, assignee
EXPLAIN (ANALYZE, BUFFERS) SELECT id, reported_sender_id, top_category, severity, distinct_reporters, report_count, opened_at, assigned_to, escalated_at, closed_at FROM cases WHERE closed_at IS NULL AND assigned_to = :'assignee' ORDER BY severity, -distinct_reporters, opened_at, id LIMIT 51;
\echo == queue, status=claimed
EXPLAIN (ANALYZE, BUFFERS) SELECT id, reported_sender_id, top_category, severity, distinct_reporters, report_count, opened_at, assigned_to, escalated_at, closed_at FROM cases WHERE closed_at IS NULL AND assigned_to IS NOT NULL ORDER BY severity, -distinct_reporters, opened_at, id LIMIT 51;
\echo == queue, status=claimed, category=other, moderator
EXPLAIN (ANALYZE, BUFFERS) SELECT id, reported_sender_id, top_category, severity, distinct_reporters, report_count, opened_at, assigned_to, escalated_at, closed_at FROM cases WHERE closed_at IS NULL AND assigned_to IS NOT NULL AND top_category = 'other' AND severity <> 0 AND escalated_at IS NULL ORDER BY severity, -distinct_reporters, opened_at, id LIMIT 51;
\echo == queue, status=escalated
EXPLAIN (ANALYZE, BUFFERS) SELECT id, reported_sender_id, top_category, severity, distinct_reporters, report_count, opened_at, assigned_to, escalated_at, closed_at FROM cases WHERE closed_at IS NULL AND escalated_at IS NOT NULL ORDER BY severity, -distinct_reporters, opened_at, id LIMIT 51;
\echo == queue, status=closed
EXPLAIN (ANALYZE, BUFFERS) SELECT id, reported_sender_id, top_category, severity, distinct_reporters, report_count, opened_at, assigned_to, escalated_at, closed_at FROM cases WHERE closed_at IS NOT NULL ORDER BY severity, -distinct_reporters, opened_at, id LIMIT 51;
\echo == dashboard 365 days: reports per category, per day, cases by outcome, median buckets
EXPLAIN (ANALYZE, BUFFERS) SELECT category, sum(reports) FROM report_daily_counts WHERE day BETWEEN current_date - 365 AND current_date GROUP BY category ORDER BY sum(reports) DESC, category;
EXPLAIN (ANALYZE, BUFFERS) SELECT day, sum(reports) FROM report_daily_counts WHERE day BETWEEN current_date - 365 AND current_date GROUP BY day ORDER BY day;
EXPLAIN (ANALYZE, BUFFERS) SELECT outcome, sum(cases) FROM case_daily_outcomes WHERE day BETWEEN current_date - 365 AND current_date GROUP BY 1 HAVING sum(cases) > 0 ORDER BY 1;
EXPLAIN (ANALYZE, BUFFERS) SELECT bucket, sum(decisions) FROM decision_time_buckets WHERE day BETWEEN current_date - 365 AND current_date GROUP BY bucket HAVING sum(decisions) > 0 ORDER BY bucket;
\echo == the dashboard before V23, for comparison: reports per category over 365 days
EXPLAIN (ANALYZE, BUFFERS) SELECT category, count(*) FROM reports WHERE received_at >= now() - interval '365 days' AND received_at < now() GROUP BY category ORDER BY count(*) DESC;
\echo == audit, newest page; by actor; by event
EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM audit_log WHERE true ORDER BY seq DESC LIMIT 100;
EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM audit_log WHERE actor = :'assignee' ORDER BY seq DESC LIMIT 100;
EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM audit_log WHERE event = 'case.decided' ORDER BY seq DESC LIMIT 100;
