-- Contracts (issue 10): every width agrees with its constant in ReviewLimits, and every status,
-- kind and audit event is checked against the list of its enum in the report service
-- (ColumnLimitsTest and StatesTest in report-service compare them with this schema).

-- A destination's URL may be as long as the form and the service take (2,000); varchar(500) made a
-- longer one fail in the INSERT.
ALTER TABLE destinations ALTER COLUMN url TYPE varchar(2000);

-- A rejected forwarding keeps its reason (at most ReviewLimits.REASON_MAX) here; delivery errors
-- stay cut at 500.
ALTER TABLE forwardings ALTER COLUMN last_error TYPE varchar(1000);

-- reports.status: ReportStatus; reports.outcome: ReportOutcome.
ALTER TABLE reports ADD CONSTRAINT reports_status
    CHECK (status IN ('received', 'in_review', 'decided'));
ALTER TABLE reports ADD CONSTRAINT reports_outcome
    CHECK (outcome IN ('no_action', 'action_taken'));

-- Category (most severe first).
ALTER TABLE reports ADD CONSTRAINT reports_category
    CHECK (category IN ('child_safety', 'sexual_exploitation', 'violent_threat', 'terrorism',
                        'harassment', 'hate', 'self_harm', 'fraud', 'spam', 'other'));
ALTER TABLE cases ADD CONSTRAINT cases_top_category
    CHECK (top_category IN ('child_safety', 'sexual_exploitation', 'violent_threat', 'terrorism',
                            'harassment', 'hate', 'self_harm', 'fraud', 'spam', 'other'));

-- Views.Decision of the review UI.
ALTER TABLE cases ADD CONSTRAINT cases_decision
    CHECK (decision IN ('dismiss', 'warn', 'restrict', 'suspend'));

-- OutboxKind.
ALTER TABLE outbox ADD CONSTRAINT outbox_kind
    CHECK (kind IN ('platform_action', 'forward'));

-- AuditEvent. A new event needs a migration: the audit trail's vocabulary is a contract with the
-- people who read it.
ALTER TABLE audit_log ADD CONSTRAINT audit_log_event
    CHECK (event IN (
        'evidence.viewed', 'attachment.viewed', 'comment.viewed',
        'case.claimed', 'case.released', 'case.reassigned', 'case.note_added', 'case.decided',
        'case.escalated', 'case.reopened', 'case.hold_placed', 'case.hold_lifted', 'case.shredded',
        'platform_action.queued',
        'moderator.created', 'moderator.password_reset',
        'destination.added',
        'evidence.packaged', 'evidence.package_downloaded',
        'forwarding.requested', 'forwarding.approved', 'forwarding.rejected',
        'forwarding.acknowledged', 'forwarding.failed'));
