-- Reopening a case or deciding an appeal asks for the platform action still in force for a case,
-- and whether a reversal already names it (Outbox.actionInForce). Both read the payload's JSON;
-- without these indexes each reopen parsed every platform_action entry ever queued.
CREATE INDEX outbox_action_by_case ON outbox (((payload::jsonb) ->> 'caseId'), created_at)
    WHERE kind = 'platform_action';
CREATE INDEX outbox_action_by_action_id ON outbox (((payload::jsonb) ->> 'actionId'))
    WHERE kind = 'platform_action';
