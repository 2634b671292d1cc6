-- PROTOCOL.md v2 (issue 11). V6 is left free on purpose.

-- §1: every message commits to the conversation's heads its sender had seen (0..8 commitments of
-- 32 bytes, concatenated in their committed order). Messages stored under v1 had none.
ALTER TABLE evidence_items ADD COLUMN prev bytea NOT NULL DEFAULT ''::bytea;
ALTER TABLE evidence_items ADD CONSTRAINT evidence_items_prev_length
    CHECK (octet_length(prev) % 32 = 0 AND octet_length(prev) <= 8 * 32);

-- §3: the stamp covers a salted route digest; the salt (16 bytes) is what lets anyone holding the
-- opening recompute the route. NULL only for messages verified under v1.
ALTER TABLE report_messages ADD COLUMN route_salt bytea;
ALTER TABLE report_messages ADD CONSTRAINT report_messages_route_salt_length
    CHECK (route_salt IS NULL OR octet_length(route_salt) = 16);

-- §5 step 5, the transcript: each message's position in the causal order (0-based), how many of
-- its prev entries name messages the report left out, and whether the reporter wrote it.
ALTER TABLE report_messages ADD COLUMN transcript_pos int;
ALTER TABLE report_messages ADD COLUMN gap_count int NOT NULL DEFAULT 0 CHECK (gap_count BETWEEN 0 AND 8);
ALTER TABLE report_messages ADD COLUMN by_reporter boolean NOT NULL DEFAULT false;
-- v1 reports had no causal order: their submitted order stands in for it
UPDATE report_messages SET transcript_pos = idx;
UPDATE report_messages rm SET by_reporter = true FROM reports r, evidence_items e
    WHERE r.id = rm.report_id AND e.id = rm.evidence_item_id AND e.sender_id = r.reporter_id;
ALTER TABLE report_messages ALTER COLUMN transcript_pos SET NOT NULL;
ALTER TABLE report_messages ADD CONSTRAINT report_messages_transcript_pos
    CHECK (transcript_pos BETWEEN 0 AND 29);
ALTER TABLE report_messages ADD CONSTRAINT report_messages_one_per_position
    UNIQUE (report_id, transcript_pos);

-- The report's total of gaps (§7 transcript.gaps).
ALTER TABLE reports ADD COLUMN gap_count int NOT NULL DEFAULT 0 CHECK (gap_count BETWEEN 0 AND 240);

-- §5: rejected reports (422) count against their reporter for an hour. Only the count is kept:
-- who and when, nothing of what was submitted.
CREATE TABLE report_rejections (
    reporter_id varchar(256) NOT NULL,
    rejected_at timestamptz  NOT NULL
);
CREATE INDEX report_rejections_by_reporter_time ON report_rejections (reporter_id, rejected_at);
