-- Outbox leases (issue 12 item 6): an entry is claimed in a short transaction that sets a lease
-- (lease_owner: the claim's own id; lease_until: when another instance may take it over), the call
-- runs with no transaction open, and its result is recorded only while lease_owner still matches.
-- A crashed instance's leases simply expire.
ALTER TABLE outbox ADD COLUMN lease_owner uuid;
ALTER TABLE outbox ADD COLUMN lease_until timestamptz;
-- An entry that will not be retried (a permanent refusal, or retries exhausted); last_error says why.
ALTER TABLE outbox ADD COLUMN failed_at timestamptz;
ALTER TABLE outbox ADD CONSTRAINT outbox_leased_together
    CHECK ((lease_owner IS NULL) = (lease_until IS NULL));
ALTER TABLE outbox ADD CONSTRAINT outbox_delivered_or_failed
    CHECK (delivered_at IS NULL OR failed_at IS NULL);

-- Entries abandoned before this version waited at next_attempt_at = 'infinity': they are failed.
UPDATE outbox SET failed_at = now()
    WHERE delivered_at IS NULL AND next_attempt_at = 'infinity';

-- What a poll asks for: undelivered, unfailed entries of one kind by due time.
DROP INDEX outbox_due;
CREATE INDEX outbox_due ON outbox (kind, next_attempt_at)
    WHERE delivered_at IS NULL AND failed_at IS NULL;
-- What operators count (franking_outbox_entries{state="failed"}).
CREATE INDEX outbox_failed ON outbox (kind) WHERE failed_at IS NOT NULL;
