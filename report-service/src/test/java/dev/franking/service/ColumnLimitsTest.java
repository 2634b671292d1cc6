package dev.franking.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.franking.review.model.Role;
import dev.franking.review.web.ReviewLimits;
import dev.franking.review.web.TemplatesController;
import dev.franking.service.reports.Category;
import dev.franking.v2.Limits;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every text a person types or the service stores has one limit, and the column that stores it is
 * exactly that wide: a form that takes more than its column fails in the INSERT, a column wider
 * than its form hides the limit. Compares each constant with {@code information_schema.columns} of
 * a freshly migrated database; a new character column must be listed here, with its constant or
 * with the reason it has none.
 */
class ColumnLimitsTest {
    /** The columns that store a limited text, to the constant that limits it. */
    static final Map<String, Integer> LIMITED = new LinkedHashMap<>();

    static {
        for (String c :
                new String[] {
                    "moderators.username",
                    "cases.assigned_to",
                    "cases.escalated_by",
                    "cases.decided_by",
                    "case_notes.author",
                    "legal_holds.placed_by",
                    "legal_holds.lifted_by",
                    "destinations.created_by",
                    "evidence_packages.created_by",
                    "forwardings.requested_by",
                    "forwardings.decided_by",
                    "cases.rerouted_from",
                    "decision_templates.created_by",
                    "decision_templates.updated_by",
                    "appeals.contested_by",
                    "appeals.decided_by",
                    // V20: who upheld or dismissed a report
                    "reports.verdict_by",
                    "moderator_settings.username"
                }) {
            LIMITED.put(c, ReviewLimits.USERNAME_MAX);
        }
        LIMITED.put("cases.escalated_from_category", ReviewLimits.CATEGORY_MAX);
        LIMITED.put("decision_templates.name", TemplatesController.NAME_MAX);
        LIMITED.put("decision_templates.ground", ReviewLimits.GROUND_MAX);
        LIMITED.put("decision_templates.facts", ReviewLimits.FACTS_MAX);
        LIMITED.put("moderators.roles", ReviewLimits.ROLES_MAX);
        LIMITED.put("cases.reasons_ground", ReviewLimits.GROUND_MAX);
        LIMITED.put("forwardings.request_reason", ReviewLimits.REASON_MAX);
        LIMITED.put("forwardings.last_error", ReviewLimits.REASON_MAX);
        LIMITED.put("forwardings.escalation", ReviewLimits.REASON_MAX);
        LIMITED.put("legal_holds.reason", ReviewLimits.REASON_MAX);
        LIMITED.put("legal_holds.lift_reason", ReviewLimits.REASON_MAX);
        LIMITED.put("destinations.name", ReviewLimits.DESTINATION_NAME_MAX);
        LIMITED.put("destinations.url", ReviewLimits.DESTINATION_URL_MAX);
        LIMITED.put("destinations.username", ReviewLimits.DESTINATION_USERNAME_MAX);
        LIMITED.put("reports.category", ReviewLimits.CATEGORY_MAX);
        LIMITED.put("cases.top_category", ReviewLimits.CATEGORY_MAX);
        LIMITED.put("report_daily_counts.category", ReviewLimits.CATEGORY_MAX);
        LIMITED.put("audit_log.detail", ReviewLimits.AUDIT_DETAIL_MAX);
        // passkeys (issue 14): the owner's name for it, cut to this by PasskeyStore
        LIMITED.put("user_credentials.label", ReviewLimits.PASSKEY_LABEL_MAX);
        LIMITED.put("user_entities.name", ReviewLimits.USERNAME_MAX);
        LIMITED.put("outbox.last_error", ReviewLimits.ERROR_MAX);
        // the protocol's limits (dev.franking.v2.Limits), checked by the library before anything is
        // stored
        for (String c :
                new String[] {
                    "cases.reported_sender_id",
                    "reports.reporter_id",
                    "report_rejections.reporter_id",
                    "evidence_items.message_id",
                    "evidence_items.sender_id",
                    "evidence_items.conversation_id",
                    "report_messages.recipient_id",
                    "evidence_attachments.uploaded_by",
                    "appeals.appellant"
                }) {
            LIMITED.put(c, Limits.MAX_ID_BYTES);
        }
        LIMITED.put("stamp_keys.kid", Limits.MAX_KID_CHARS);
        LIMITED.put("report_messages.kid", Limits.MAX_KID_CHARS);
        LIMITED.put("evidence_items.content_type", Limits.MAX_CONTENT_TYPE_BYTES);
        LIMITED.put("evidence_attachments.content_type", Limits.MAX_CONTENT_TYPE_BYTES);
        // V19 (issue 14): every decision of an account, as cases holds the current one
        LIMITED.put("case_decisions.account", Limits.MAX_ID_BYTES);
        LIMITED.put("case_decisions.decided_by", ReviewLimits.USERNAME_MAX);
        LIMITED.put("case_decisions.ground", ReviewLimits.GROUND_MAX);
        LIMITED.put("case_decisions.category", ReviewLimits.CATEGORY_MAX);
    }

    /** Character columns that hold no typed text, and why. */
    static final Set<String> NOT_TYPED =
            Set.of(
                    // one of an enum's values, checked by a CHECK constraint (StatesTest)
                    "reports.status",
                    "reports.outcome",
                    "reports.verdict",
                    "cases.decision",
                    "cases.rerouted_why",
                    "appeals.status",
                    "appeals.contested",
                    "case_decisions.decision",
                    "case_decisions.reversed_why",
                    // the dashboard rollup's outcome: 'open' or one of cases.decision's values
                    "case_daily_outcomes.outcome",
                    // a dashboard snapshot's name: a constant of DashboardService (V27)
                    "dashboard_snapshots.name",
                    "destinations.kind",
                    "forwardings.status",
                    "outbox.kind",
                    "audit_log.event",
                    // written by the service itself: a moderator, a reporter or "system"
                    "cases.closed_by",
                    "audit_log.actor",
                    "audit_log.subject",
                    // generated or received, never typed
                    "moderators.password_hash",
                    "outbox.payload",
                    "service_secrets.name",
                    "stamp_keys.epoch",
                    "cases.data_key_epoch",
                    "forwardings.reference",
                    "delivery_progress.step",
                    "delivery_progress.value",
                    // passkeys (issue 14): made by Spring Security's WebAuthn support or received
                    // from the authenticator, never typed
                    "user_entities.id",
                    "user_entities.display_name",
                    "user_credentials.credential_id",
                    "user_credentials.user_entity_user_id",
                    "user_credentials.authenticator_transports",
                    "user_credentials.public_key_credential_type",
                    // NCMEC's incident type and annotations, by the service's enum names (the
                    // form offers only those; ForwardingService refuses anything else)
                    "forwardings.incident_type",
                    "forwardings.annotations");

    @Test
    void everyLimitIsTheWidthOfItsColumn() {
        Map<String, Integer> columns = MigratedSchema.characterColumns();
        Map<String, String> mismatches = new TreeMap<>();
        LIMITED.forEach(
                (column, limit) -> {
                    Integer width = columns.get(column);
                    if (!columns.containsKey(column)) {
                        mismatches.put(column, "no such column");
                    } else if (width == null || width.intValue() != limit) {
                        mismatches.put(column, "limit " + limit + " but column width " + width);
                    }
                });
        assertThat(mismatches).as("limits that disagree with their columns").isEmpty();
    }

    @Test
    void everyCharacterColumnIsAccountedFor() {
        Set<String> unaccounted =
                MigratedSchema.characterColumns().keySet().stream()
                        .filter(c -> !LIMITED.containsKey(c) && !NOT_TYPED.contains(c))
                        .collect(Collectors.toCollection(java.util.TreeSet::new));
        assertThat(unaccounted)
                .as("new character columns: give each its limit constant here")
                .isEmpty();
        assertThat(MigratedSchema.characterColumns().keySet())
                .as("columns listed here exist")
                .containsAll(NOT_TYPED);
    }

    @Test
    void everyCategoryAndEveryRoleSetFits() {
        assertThat(Arrays.stream(Category.values()).map(Category::wire))
                .allSatisfy(
                        w -> assertThat(w.length()).isLessThanOrEqualTo(ReviewLimits.CATEGORY_MAX));
        String allRoles =
                Arrays.stream(Role.values()).map(Role::wire).collect(Collectors.joining(","));
        assertThat(allRoles.length()).isLessThanOrEqualTo(ReviewLimits.ROLES_MAX);
    }
}
