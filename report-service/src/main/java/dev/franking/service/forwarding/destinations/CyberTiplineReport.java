package dev.franking.service.forwarding.destinations;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a CyberTipline report says about an incident, in the shape of NCMEC's {@code <report>}
 * element, reduced to what an end-to-end encrypted messenger knows. The evidence itself (the
 * reported messages, the attachments, the signed package) goes as uploaded files, never in here.
 *
 * <p>{@link CyberTiplineClient#reportXml} writes it in schema order.
 *
 * @param incidentType {@code incidentSummary/incidentType}
 * @param platform {@code incidentSummary/platform}: the application where it happened (optional)
 * @param escalateToHighPriority {@code incidentSummary/escalateToHighPriority}: only when a child
 *     is at immediate risk, with the reason (optional)
 * @param annotations {@code incidentSummary/reportAnnotations}: NCMEC's tags for the incident
 *     (empty: none sent)
 * @param incidentDateTime {@code incidentSummary/incidentDateTime}: when it happened, not in the
 *     future
 * @param incidentDateTimeDescription optional text about that time
 * @param chat {@code internetDetails/chatImIncident}: the messenger (required: NCMEC wants at least
 *     one internetDetails)
 * @param reporter {@code reporter}: the platform
 * @param reportedUser {@code personOrUserReported}: the sender of the reported messages (optional)
 * @param intendedRecipients {@code intendedRecipient}: who the messages were sent to, when relevant
 * @param additionalInfo {@code additionalInfo} (optional)
 */
public record CyberTiplineReport(
        IncidentType incidentType,
        String platform,
        String escalateToHighPriority,
        Set<Annotation> annotations,
        Instant incidentDateTime,
        String incidentDateTimeDescription,
        ChatIncident chat,
        Reporter reporter,
        ReportedUser reportedUser,
        List<Account> intendedRecipients,
        String additionalInfo) {

    /**
     * A free-text field's limit that NCMEC enforces on escalateToHighPriority and additionalInfo
     * (as roostorg/coop validates).
     */
    public static final int MAX_FREE_TEXT = 3000;

    public CyberTiplineReport {
        Objects.requireNonNull(incidentType, "incidentType");
        Objects.requireNonNull(incidentDateTime, "incidentDateTime");
        Objects.requireNonNull(chat, "chat");
        Objects.requireNonNull(reporter, "reporter");
        intendedRecipients =
                intendedRecipients == null ? List.of() : List.copyOf(intendedRecipients);
        annotations =
                annotations == null || annotations.isEmpty()
                        ? Set.of()
                        : Set.copyOf(EnumSet.copyOf(annotations));
        checkFreeText("escalateToHighPriority", escalateToHighPriority);
        checkFreeText("additionalInfo", additionalInfo);
    }

    /** A report without annotations. */
    public CyberTiplineReport(
            IncidentType incidentType,
            String platform,
            String escalateToHighPriority,
            Instant incidentDateTime,
            String incidentDateTimeDescription,
            ChatIncident chat,
            Reporter reporter,
            ReportedUser reportedUser,
            List<Account> intendedRecipients,
            String additionalInfo) {
        this(
                incidentType,
                platform,
                escalateToHighPriority,
                Set.of(),
                incidentDateTime,
                incidentDateTimeDescription,
                chat,
                reporter,
                reportedUser,
                intendedRecipients,
                additionalInfo);
    }

    /**
     * NCMEC's {@code reportAnnotations} tags (presence flags, written in the schema's order, which
     * is this enum's).
     */
    public enum Annotation {
        SEXTORTION("sextortion"),
        CSAM_SOLICITATION("csamSolicitation"),
        MINOR_TO_MINOR_INTERACTION("minorToMinorInteraction"),
        SPAM("spam"),
        SADISTIC_ONLINE_EXPLOITATION("sadisticOnlineExploitation");

        private final String xml;

        Annotation(String xml) {
            this.xml = xml;
        }

        public String xml() {
            return xml;
        }
    }

    private static void checkFreeText(String name, String value) {
        if (value != null && (value.isBlank() || value.length() > MAX_FREE_TEXT)) {
            throw new IllegalArgumentException(
                    name
                            + " must be non-blank and at most "
                            + MAX_FREE_TEXT
                            + " characters when given");
        }
    }

    /** NCMEC's incidentType enumeration (the values are the exact strings the schema allows). */
    public enum IncidentType {
        CHILD_PORNOGRAPHY("Child Pornography (possession, manufacture, and distribution)"),
        CHILD_SEX_TRAFFICKING("Child Sex Trafficking"),
        CHILD_SEX_TOURISM("Child Sex Tourism"),
        CHILD_SEXUAL_MOLESTATION("Child Sexual Molestation"),
        MISLEADING_DOMAIN_NAME("Misleading Domain Name"),
        MISLEADING_WORDS_OR_DIGITAL_IMAGES("Misleading Words or Digital Images on the Internet"),
        ONLINE_ENTICEMENT("Online Enticement of Children for Sexual Acts"),
        UNSOLICITED_OBSCENE_MATERIAL_TO_CHILD("Unsolicited Obscene Material Sent to a Child");

        private final String xml;

        IncidentType(String xml) {
            this.xml = xml;
        }

        public String xml() {
            return xml;
        }
    }

    /**
     * {@code chatImIncident}: the messenger's name and, for a group, the group's name. No chat
     * content.
     */
    public record ChatIncident(String chatClient, String chatRoomName) {
        public ChatIncident {
            requireText(chatClient, "chatClient");
        }
    }

    /** A person record: NCMEC's {@code firstName, lastName, phone, email} (all optional). */
    public record Person(String firstName, String lastName, String phone, String email) {
        public static Person ofEmail(String email) {
            return new Person(null, null, null, email);
        }

        boolean isEmpty() {
            return firstName == null && lastName == null && phone == null && email == null;
        }
    }

    /**
     * {@code reporter}: the platform. NCMEC needs a way to reach it, so the reporting person's
     * email is required.
     */
    public record Reporter(
            Person reportingPerson,
            Person contactPerson,
            String companyTemplate,
            String termsOfService,
            String legalUrl) {
        public Reporter {
            Objects.requireNonNull(reportingPerson, "reportingPerson");
            requireText(reportingPerson.email(), "reportingPerson.email");
        }
    }

    /**
     * {@code personOrUserReported}: the account that sent the reported messages.
     *
     * @param espIdentifier the account's id on the platform
     * @param espService the platform's product name
     * @param email goes to {@code personOrUserReportedPerson/email} when known
     * @param disabled {@code accountTemporarilyDisabled} or {@code accountPermanentlyDisabled}: the
     *     platform disabled the account (null: it did not)
     */
    public record ReportedUser(
            String espIdentifier,
            String espService,
            String screenName,
            List<String> displayNames,
            String email,
            Disabled disabled,
            String additionalInfo) {
        public ReportedUser {
            requireText(espIdentifier, "espIdentifier");
            displayNames = displayNames == null ? List.of() : List.copyOf(displayNames);
        }

        /** A reported user whose account the platform has not disabled. */
        public ReportedUser(
                String espIdentifier,
                String espService,
                String screenName,
                List<String> displayNames,
                String email,
                String additionalInfo) {
            this(espIdentifier, espService, screenName, displayNames, email, null, additionalInfo);
        }
    }

    /**
     * The account was disabled by the platform, for good or not, and when.
     *
     * @param permanently {@code accountPermanentlyDisabled} rather than {@code
     *     accountTemporarilyDisabled}
     * @param at the {@code disabledDate} attribute
     */
    public record Disabled(boolean permanently, Instant at) {
        public Disabled {
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * {@code intendedRecipient}: an account the reported messages were sent to. The platform may
     * know the recipient only by a pseudonym (no {@code espIdentifier}); then {@code
     * additionalInfo} says so.
     */
    public record Account(
            String espIdentifier,
            String espService,
            String screenName,
            List<String> displayNames,
            String additionalInfo) {
        public Account {
            if (espIdentifier == null && additionalInfo == null) {
                throw new IllegalArgumentException("espIdentifier or additionalInfo is required");
            }
            if (espIdentifier != null) {
                requireText(espIdentifier, "espIdentifier");
            }
            displayNames = displayNames == null ? List.of() : List.copyOf(displayNames);
        }

        public Account(
                String espIdentifier,
                String espService,
                String screenName,
                List<String> displayNames) {
            this(espIdentifier, espService, screenName, displayNames, null);
            requireText(espIdentifier, "espIdentifier");
        }
    }

    static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
    }
}
