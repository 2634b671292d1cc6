-- Issue 13: what a CyberTipline report says about the incident is chosen by the child-safety
-- moderator who requests the forwarding, kept with the request, and shown to the approver.
-- Rows from before this version have none: delivery then uses the default derived from the
-- package (child pornography only when the reported account sent imagery).
ALTER TABLE forwardings
    -- NCMEC's incidentType, by the service's enum name (CyberTiplineReport.IncidentType)
    ADD COLUMN incident_type varchar(48),
    -- the reason for escalateToHighPriority (immediate risk to a child); null: not escalated
    ADD COLUMN escalation    varchar(1000),
    -- NCMEC's reportAnnotations, enum names separated by commas; empty: none
    ADD COLUMN annotations   varchar(200) NOT NULL DEFAULT '';
