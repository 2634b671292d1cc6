package dev.franking.service.cases;

import static org.assertj.core.api.Assertions.assertThat;

import dev.franking.evidence.EvidenceInput;
import dev.franking.review.model.ReviewPorts;
import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Role;
import dev.franking.review.model.Views;
import dev.franking.service.Api;
import dev.franking.service.Messenger;
import dev.franking.service.ServiceTestBase;
import dev.franking.service.TestTokens;
import dev.franking.service.audit.AuditLog;
import java.io.StringWriter;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * One pseudonymisation policy (issue 11 item 5): the reported account by its real id, reporters and
 * everyone else by pseudonyms of 128 bits, stable across cases; no real reporter id on the case
 * page's model or in the audit CSV.
 */
class PseudonymPolicyTest extends ServiceTestBase {
    static final Reviewer MOD = new Reviewer("mod-pseudo", EnumSet.of(Role.MODERATOR));

    @Autowired Pseudonyms pseudonyms;
    @Autowired ReviewPorts.Cases cases;
    @Autowired AuditLog audit;

    @Test
    void aPseudonymIs128BitsStableAndKeyed() {
        String p = pseudonyms.of("bob");
        assertThat(p).matches("P-[0-9A-F]{32}");
        assertThat(EvidenceInput.isPseudonym(p)).isTrue();
        assertThat(pseudonyms.of("bob")).isEqualTo(p);
        assertThat(pseudonyms.of("bob ")).isNotEqualTo(p);
        // keyed: not a plain hash of the id
        assertThat(p.substring(2))
                .isNotEqualToIgnoringCase(
                        java.util.HexFormat.of()
                                .formatHex(sha256("bob"))
                                .substring(0, 2 * Pseudonyms.BYTES));
        // 128 bits spread: no two of 2,000 ids share even their first 32 bits, as shown on pages
        Set<String> shown = new HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            shown.add(Views.Party.shortPseudonym(pseudonyms.of("user-" + i)));
        }
        assertThat(shown).hasSize(2_000);
        assertThat(pseudonyms.party("alice", "alice")).isEqualTo("alice");
        assertThat(pseudonyms.party("bob", "alice")).isEqualTo(p);
    }

    @Test
    void theCasePageAndTheCsvNeverNameTheReporter() throws Exception {
        String alice = unique("alice"), bob = unique("bob"), conv = unique("c");
        var threat =
                messenger
                        .send(
                                messenger.compose(unique("m"), alice, conv, "or else", List.of()),
                                bob)
                        .get(0);
        var reply =
                messenger
                        .send(messenger.compose(unique("m"), bob, conv, "stop", List.of()), alice)
                        .get(0);
        UUID caseId = report(bob, threat, reply);

        Views.CaseView view = cases.find(caseId, MOD).orElseThrow();
        cases.reveal(caseId, view.evidence().get(0).id(), MOD); // an audit row for the CSV
        assertThat(view.toString()).contains(alice).doesNotContain(bob);
        Views.ReportRow row = view.reports().get(0);
        assertThat(row.reporterPseudonym()).isEqualTo(pseudonyms.of(bob));
        Views.TranscriptLine mine =
                row.transcript().stream().filter(l -> l.index() == 1).findFirst().orElseThrow();
        assertThat(mine.byReporter()).isTrue();
        assertThat(mine.sender()).isEqualTo(Views.Party.pseudonymous(pseudonyms.of(bob)));
        assertThat(mine.sender().shown()).hasSize(Views.Party.SHOWN + 1).endsWith("…");
        Views.TranscriptLine reported =
                row.transcript().stream().filter(l -> l.index() == 0).findFirst().orElseThrow();
        assertThat(reported.sender()).isEqualTo(Views.Party.account(alice));
        assertThat(reported.byReporter()).isFalse();
        // the reply names alice, the reported account, by id; the threat names bob by pseudonym
        assertThat(view.evidence())
                .flatExtracting(Views.EvidenceRow::proofs)
                .extracting(Views.Proof::recipient)
                .containsExactlyInAnyOrder(
                        Views.Party.pseudonymous(pseudonyms.of(bob)), Views.Party.account(alice));

        StringWriter csv = new StringWriter();
        audit.exportCsv(new Views.AuditFilter(null, null, caseId, null, null), csv);
        assertThat(csv.toString()).contains("evidence.viewed").doesNotContain(bob);
    }

    /**
     * bob reports alice's message with his own reply as context. The one place that speaks the
     * report API's wire version: when the service moves to v2, only this changes.
     */
    private UUID report(String reporter, Messenger.Held reported, Messenger.Held context) {
        String token = TestTokens.token(reporter, "report");
        Api.Response r =
                api.post(
                        "/api/v2/reports",
                        token,
                        Messenger.reportJson("harassment", reported, context));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return jdbc.queryForObject(
                "SELECT case_id FROM reports WHERE id = ?::uuid",
                UUID.class,
                r.json().get("reportId").asString());
    }

    private static byte[] sha256(String s) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
