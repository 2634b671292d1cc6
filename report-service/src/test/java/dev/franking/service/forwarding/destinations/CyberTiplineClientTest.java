package dev.franking.service.forwarding.destinations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.franking.service.forwarding.destinations.CyberTiplineReport.Account;
import dev.franking.service.forwarding.destinations.CyberTiplineReport.ChatIncident;
import dev.franking.service.forwarding.destinations.CyberTiplineReport.IncidentType;
import dev.franking.service.forwarding.destinations.CyberTiplineReport.Person;
import dev.franking.service.forwarding.destinations.CyberTiplineReport.ReportedUser;
import dev.franking.service.forwarding.destinations.CyberTiplineReport.Reporter;
import dev.franking.service.forwarding.destinations.DestinationException.Kind;
import dev.franking.service.forwarding.destinations.FakeCyberTipline.Failure;
import dev.franking.service.forwarding.destinations.FakeCyberTipline.StoredReport;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The CyberTipline flow against a local double of NCMEC's ISPWS: order, elements, failures,
 * resuming.
 */
class CyberTiplineClientTest {
    static final String USER = "esp-franking";
    static final String PASSWORD = "correct horse battery staple";
    static final String SECRET_NOTE = "the reported text must never show up in an error message";

    FakeCyberTipline ncmec;
    InMemoryProgressStore progress;

    @BeforeEach
    void start() throws Exception {
        ncmec = new FakeCyberTipline(USER, PASSWORD);
        progress = new InMemoryProgressStore();
    }

    @AfterEach
    void stop() {
        ncmec.close();
    }

    CyberTiplineClient client() {
        return new CyberTiplineClient(ncmec.baseUri(), USER, PASSWORD);
    }

    static CyberTiplineReport report() {
        return new CyberTiplineReport(
                IncidentType.UNSOLICITED_OBSCENE_MATERIAL_TO_CHILD,
                "Example Messenger",
                null,
                Instant.parse("2025-03-01T12:34:56.789Z"),
                null,
                new ChatIncident("Example Messenger", null),
                new Reporter(
                        new Person("Trust", "Safety", "+1 555 0100", "csam-reports@example.org"),
                        null,
                        "Legal process: legal@example.org",
                        null,
                        "https://example.org/legal"),
                new ReportedUser(
                        "user-4711",
                        "Example Messenger",
                        "sender_name",
                        List.of("Sender Display"),
                        null,
                        "Sender of the reported messages; verified by message franking"),
                List.of(new Account("user-0815", "Example Messenger", "recipient_name", List.of())),
                SECRET_NOTE);
    }

    static List<FileToUpload> files() {
        return List.of(
                FileToUpload.of(
                        "message-1.txt",
                        "first reported message".getBytes(StandardCharsets.UTF_8),
                        null),
                FileToUpload.of(
                        "photo.jpg",
                        new byte[] {(byte) 0xff, (byte) 0xd8, 1, 2, 3, 4},
                        Instant.parse("2025-03-02T09:00:00Z")),
                FileToUpload.of(
                        "evidence-package.zip",
                        "PK signed package".getBytes(StandardCharsets.UTF_8),
                        null));
    }

    /** How many times each file arrived at the fake, by SHA-256. */
    Map<String, Long> uploadsBySha256() {
        return ncmec.reports().stream()
                .flatMap(r -> r.files.stream())
                .collect(
                        Collectors.groupingBy(
                                FakeCyberTipline.StoredFile::sha256, Collectors.counting()));
    }

    void assertDeliveredExactlyOnce(String reportId) {
        assertThat(ncmec.violations()).isEmpty();
        assertThat(ncmec.duplicateSubmits()).isZero();
        assertThat(ncmec.reports()).hasSize(1);
        StoredReport stored = ncmec.reports().get(0);
        assertThat(stored.reportId).isEqualTo(reportId);
        assertThat(stored.finishCount).isEqualTo(1);
        assertThat(uploadsBySha256())
                .isEqualTo(
                        files().stream().collect(Collectors.toMap(FileToUpload::sha256, f -> 1L)));
        assertThat(stored.fileDetails).hasSize(3);
        assertThat(ncmec.acceptedPaths())
                .containsExactly(
                        "/submit",
                        "/upload",
                        "/upload",
                        "/upload",
                        "/fileinfo",
                        "/fileinfo",
                        "/fileinfo",
                        "/finish");
        assertThat(progress.finished()).isTrue();
    }

    @Test
    void submitsUploadsDescribesAndFinishesInOrderWithElementsInSchemaOrder() {
        String reportId = client().submit(report(), files(), progress);

        assertThat(ncmec.requests())
                .extracting(FakeCyberTipline.Request::path)
                .containsExactly(
                        "/submit",
                        "/upload",
                        "/upload",
                        "/upload",
                        "/fileinfo",
                        "/fileinfo",
                        "/fileinfo",
                        "/finish");
        assertThat(ncmec.requests()).allMatch(FakeCyberTipline.Request::authorized);
        assertDeliveredExactlyOnce(reportId);

        // The report, element by element, in the schema's order.
        Element report = ncmec.reports().get(0).document().getDocumentElement();
        assertThat(FakeCyberTipline.validate(report, "report")).isEmpty();
        assertThat(FakeCyberTipline.childNames(report))
                .containsExactly(
                        "incidentSummary",
                        "internetDetails",
                        "reporter",
                        "personOrUserReported",
                        "intendedRecipient",
                        "additionalInfo");
        Element summary = FakeCyberTipline.children(report, "incidentSummary").get(0);
        assertThat(FakeCyberTipline.childNames(summary))
                .containsExactly("incidentType", "platform", "incidentDateTime");
        assertThat(FakeCyberTipline.childText(summary, "incidentType"))
                .isEqualTo("Unsolicited Obscene Material Sent to a Child");
        assertThat(FakeCyberTipline.childText(summary, "incidentDateTime"))
                .isEqualTo("2025-03-01T12:34:56Z");
        Element internet = FakeCyberTipline.children(report, "internetDetails").get(0);
        assertThat(FakeCyberTipline.childNames(internet)).containsExactly("chatImIncident");
        Element reporter = FakeCyberTipline.children(report, "reporter").get(0);
        assertThat(FakeCyberTipline.childNames(reporter))
                .containsExactly("reportingPerson", "companyTemplate", "legalURL");
        assertThat(
                        FakeCyberTipline.childNames(
                                FakeCyberTipline.children(reporter, "reportingPerson").get(0)))
                .containsExactly("firstName", "lastName", "phone", "email");
        Element reported = FakeCyberTipline.children(report, "personOrUserReported").get(0);
        assertThat(FakeCyberTipline.childNames(reported))
                .containsExactly(
                        "espIdentifier",
                        "espService",
                        "screenName",
                        "displayName",
                        "additionalInfo");
        assertThat(FakeCyberTipline.childText(reported, "espIdentifier")).isEqualTo("user-4711");
        Element recipient = FakeCyberTipline.children(report, "intendedRecipient").get(0);
        assertThat(FakeCyberTipline.childNames(recipient))
                .containsExactly(
                        "intendedRecipientPerson", "espIdentifier", "espService", "screenName");

        // Each file's details: right ids, hashes of what was uploaded, viewed only where the audit
        // says so.
        StoredReport stored = ncmec.reports().get(0);
        Map<String, Document> details = stored.fileDetails;
        Map<String, FakeCyberTipline.StoredFile> byName =
                stored.files.stream()
                        .collect(
                                Collectors.toMap(
                                        FakeCyberTipline.StoredFile::fileName,
                                        Function.identity()));
        for (FileToUpload f : files()) {
            FakeCyberTipline.StoredFile sf = byName.get(f.name());
            Element d = details.get(sf.fileId()).getDocumentElement();
            assertThat(FakeCyberTipline.childNames(d))
                    .startsWith(
                            "reportId",
                            "fileId",
                            "fileName",
                            "fileViewedByEsp",
                            "publiclyAvailable",
                            "fileRelevance",
                            "originalFileHash",
                            "originalFileHash");
            assertThat(FakeCyberTipline.childText(d, "reportId")).isEqualTo(reportId);
            // our name for the file; the user's own name is unknown, so never claimed
            assertThat(FakeCyberTipline.childText(d, "fileName")).isEqualTo(f.name());
            assertThat(FakeCyberTipline.children(d, "originalFileName")).isEmpty();
            assertThat(FakeCyberTipline.childText(d, "fileRelevance")).isEqualTo("Reported");
            assertThat(FakeCyberTipline.childText(d, "fileViewedByEsp"))
                    .isEqualTo(Boolean.toString(f.viewedByPlatform()));
            assertThat(FakeCyberTipline.childText(d, "publiclyAvailable")).isEqualTo("false");
            assertThat(sf.sha256()).isEqualTo(f.sha256());
            assertThat(progress.fileId(f.key())).contains(sf.fileId());
        }
        Element viewed = details.get(byName.get("photo.jpg").fileId()).getDocumentElement();
        assertThat(FakeCyberTipline.childText(viewed, "additionalInfo"))
                .contains("2025-03-02T09:00:00Z");
    }

    @Test
    void theFakeCatchesElementsOutOfOrder() {
        // Not vacuous: the same validator flags a report whose reporter comes before
        // incidentSummary.
        String xml =
                "<report><reporter><reportingPerson><email>a@b</email></reportingPerson></reporter>"
                    + "<incidentSummary><incidentDateTime>2025-01-01T00:00:00Z</incidentDateTime><incidentType>Child"
                    + " Sex Tourism</incidentType></incidentSummary>"
                    + "<internetDetails><chatImIncident/></internetDetails></report>";
        List<String> problems =
                FakeCyberTipline.validate(
                        FakeCyberTipline.parse(xml.getBytes(StandardCharsets.UTF_8))
                                .getDocumentElement(),
                        "report");
        assertThat(problems)
                .contains(
                        "report: incidentSummary must come before reporter",
                        "incidentSummary: incidentType must come before incidentDateTime");
    }

    @Test
    void aFailedUploadIsRetriedWithTheSameProgressAndNothingIsSentTwice() {
        ncmec.fail("/upload", 2, 1, Failure.HTTP_503);

        DestinationException first =
                catchThrowableOfType(
                        () -> client().submit(report(), files(), progress),
                        DestinationException.class);
        assertThat(first.kind()).isEqualTo(Kind.RETRYABLE);
        assertThat(first.getMessage())
                .isEqualTo("CyberTipline /upload failed: HTTP 503")
                .doesNotContain(SECRET_NOTE);
        assertThat(progress.reportId()).isPresent();
        assertThat(progress.fileId(files().get(0).key())).isPresent();
        assertThat(progress.fileId(files().get(1).key())).isEmpty();
        assertThat(progress.inFlight(ProgressStore.uploadStep(files().get(1).key()))).isFalse();

        String reportId = client().submit(report(), files(), progress);

        assertDeliveredExactlyOnce(reportId);
        assertThat(ncmec.count("/submit")).isEqualTo(1);
        assertThat(ncmec.count("/upload"))
                .isEqualTo(4); // three files, one of them twice because the first try failed
        assertThat(ncmec.count("/finish")).isEqualTo(1);
    }

    @Test
    void aRestartedClientContinuesFromTheStoredProgress() {
        ncmec.fail("/fileinfo", 2, 1, Failure.RESPONSE_CODE);
        DestinationException failure =
                catchThrowableOfType(
                        () -> client().submit(report(), files(), progress),
                        DestinationException.class);
        assertThat(failure.getMessage())
                .isEqualTo("CyberTipline /fileinfo failed: responseCode 1000");
        assertThat(failure.retryable()).isTrue();

        // "Restart": a new client, and a store holding what the database would hold.
        progress = progress.copy();
        String reportId =
                new CyberTiplineClient(ncmec.baseUri(), USER, PASSWORD)
                        .submit(report(), files(), progress);

        assertDeliveredExactlyOnce(reportId);
        assertThat(ncmec.count("/submit")).isEqualTo(1);
        assertThat(ncmec.count("/upload")).isEqualTo(3);
        assertThat(ncmec.count("/fileinfo")).isEqualTo(4);
    }

    @Test
    void finishFailingTwiceIsRetriedUntilItSucceedsAndCalledLast() {
        ncmec.fail("/finish", 1, 2, Failure.HTTP_503);
        CyberTiplineClient client = client();
        for (int attempt = 0; attempt < 2; attempt++) {
            assertThatThrownBy(() -> client.submit(report(), files(), progress))
                    .isInstanceOf(DestinationException.class)
                    .hasMessage("CyberTipline /finish failed: HTTP 503");
        }
        String reportId = client.submit(report(), files(), progress);

        assertDeliveredExactlyOnce(reportId);
        assertThat(ncmec.count("/finish")).isEqualTo(3);
        // Once finished, calling again sends nothing.
        int before = ncmec.requests().size();
        assertThat(client.submit(report(), files(), progress)).isEqualTo(reportId);
        assertThat(ncmec.requests()).hasSize(before);
    }

    @Test
    void aDroppedFinishIsRetried() {
        ncmec.fail("/finish", 1, 1, Failure.DROP_BEFORE);
        DestinationException e =
                catchThrowableOfType(
                        () -> client().submit(report(), files(), progress),
                        DestinationException.class);
        assertThat(e.kind()).isEqualTo(Kind.RETRYABLE);
        assertThat(e.getMessage()).startsWith("CyberTipline /finish: no usable answer");

        assertDeliveredExactlyOnce(client().submit(report(), files(), progress));
    }

    @Test
    void anUnansweredSubmitIsNeverRepeatedAutomatically() {
        ncmec.fail("/submit", 1, 1, Failure.DROP_AFTER);

        DestinationException first =
                catchThrowableOfType(
                        () -> client().submit(report(), files(), progress),
                        DestinationException.class);
        assertThat(first.kind()).isEqualTo(Kind.OUTCOME_UNKNOWN);
        assertThat(progress.inFlight(ProgressStore.SUBMIT_STEP)).isTrue();
        // NCMEC did create the report; the client cannot know that.
        assertThat(ncmec.reports()).hasSize(1);

        DestinationException again =
                catchThrowableOfType(
                        () -> client().submit(report(), files(), progress.copy()),
                        DestinationException.class);
        assertThat(again.kind()).isEqualTo(Kind.OUTCOME_UNKNOWN);
        assertThat(again.getMessage()).contains("never answered").doesNotContain("marker");
        assertThat(ncmec.count("/submit")).isEqualTo(1);

        // A person looks the report up at NCMEC and records its id; the delivery then completes.
        progress.reportSubmitted(ncmec.reports().get(0).reportId);
        assertDeliveredExactlyOnce(client().submit(report(), files(), progress));
    }

    /** One finished report holding each file once with its details; every other one retracted. */
    void assertOneFinishedNoneOpen(String reportId) {
        assertThat(ncmec.violations()).isEmpty();
        assertThat(ncmec.duplicateSubmits()).isZero();
        List<StoredReport> finished =
                ncmec.reports().stream().filter(r -> r.finishCount > 0).toList();
        assertThat(finished)
                .singleElement()
                .satisfies(r -> assertThat(r.reportId).isEqualTo(reportId));
        assertThat(ncmec.reports()).noneMatch(StoredReport::open);
        assertThat(ncmec.reports())
                .filteredOn(r -> r.finishCount == 0)
                .allSatisfy(r -> assertThat(r.retracted).isTrue());
        StoredReport done = finished.get(0);
        assertThat(done.finishCount).isEqualTo(1);
        assertThat(done.files.stream().map(FakeCyberTipline.StoredFile::sha256))
                .containsExactlyInAnyOrderElementsOf(
                        files().stream().map(FileToUpload::sha256).toList());
        assertThat(done.fileInfoCount.values()).hasSize(3).containsOnly(1);
        assertThat(progress.finished()).isTrue();
    }

    @Test
    void anUnansweredUploadRetractsThatReportAndStartsAgain() {
        ncmec.fail("/upload", 2, 1, Failure.DROP_AFTER);
        DestinationException first =
                catchThrowableOfType(
                        () -> client().submit(report(), files(), progress),
                        DestinationException.class);
        assertThat(first.kind()).isEqualTo(Kind.RETRYABLE);
        assertThat(first.getMessage()).contains("retracts this report");
        String abandoned = progress.reportId().orElseThrow();

        progress = progress.copy(); // a restart
        String reportId = client().submit(report(), files(), progress);

        assertThat(reportId).isNotEqualTo(abandoned);
        assertThat(progress.retracted()).containsExactly(abandoned);
        assertOneFinishedNoneOpen(reportId);
        // the file whose answer was lost went to the retracted report, never twice to one report
        assertThat(ncmec.reports().get(0).files).hasSize(2);
    }

    @Test
    void fileDetailsGoOncePerFileEvenWhenTheirAnswerIsLost() {
        ncmec.fail("/fileinfo", 2, 1, Failure.DROP_AFTER);
        assertThat(
                        catchThrowableOfType(
                                        () -> client().submit(report(), files(), progress),
                                        DestinationException.class)
                                .kind())
                .isEqualTo(Kind.RETRYABLE);
        String abandoned = progress.reportId().orElseThrow();
        assertThat(progress.inFlight(ProgressStore.fileInfoStep(files().get(1).key()))).isTrue();

        progress = progress.copy();
        String reportId = client().submit(report(), files(), progress);

        assertOneFinishedNoneOpen(reportId);
        assertThat(progress.retracted()).containsExactly(abandoned);
        // the lost /fileinfo was never sent again to its report
        assertThat(ncmec.reports().get(0).fileInfoCount.values()).containsOnly(1);
    }

    @Test
    void aFinishWhoseAnswerWasLostIsFinishedWhenNcmecSaysAlreadyFinished() {
        ncmec.fail("/finish", 1, 1, Failure.DROP_AFTER);
        DestinationException e =
                catchThrowableOfType(
                        () -> client().submit(report(), files(), progress),
                        DestinationException.class);
        assertThat(e.kind()).isEqualTo(Kind.RETRYABLE);
        assertThat(progress.finished()).isFalse();

        progress = progress.copy();
        String reportId = client().submit(report(), files(), progress);

        assertDeliveredExactlyOnce(reportId);
        assertThat(ncmec.requests())
                .filteredOn(r -> r.path().equals("/finish"))
                .extracting(FakeCyberTipline.Request::outcome)
                .containsExactly("ok,dropped", "already-finished");
    }

    @Test
    void retractWithdrawsAnOpenReportAndSaysWhenOneIsAlreadyFinished() {
        ncmec.fail("/finish", 1, 1, Failure.HTTP_503);
        catchThrowableOfType(
                () -> client().submit(report(), files(), progress), DestinationException.class);
        String open = progress.reportId().orElseThrow();

        assertThat(client().retract(open)).isEqualTo(CyberTiplineClient.Retraction.RETRACTED);
        assertThat(ncmec.reports().get(0).retracted).isTrue();
        // a retraction whose answer was lost is simply sent again
        assertThat(client().retract(open)).isEqualTo(CyberTiplineClient.Retraction.RETRACTED);

        InMemoryProgressStore other = new InMemoryProgressStore();
        String finished = client().submit(report(), List.of(files().get(0)), other);
        assertThat(client().retract(finished))
                .isEqualTo(CyberTiplineClient.Retraction.ALREADY_FINISHED);
    }

    @Test
    void statusChecksTheConnectionAndTheCredentials() {
        client().status();
        assertThat(ncmec.count("/status")).isEqualTo(1);
        DestinationException wrong =
                catchThrowableOfType(
                        () -> new CyberTiplineClient(ncmec.baseUri(), USER, "nope").status(),
                        DestinationException.class);
        assertThat(wrong.kind()).isEqualTo(Kind.PERMANENT);
        assertThat(wrong.getMessage()).contains("/status").contains("authentication failed");
        ncmec.fail("/status", 3, 1, Failure.HTTP_503);
        assertThat(
                        catchThrowableOfType(() -> client().status(), DestinationException.class)
                                .getMessage())
                .isEqualTo("CyberTipline /status failed: HTTP 503");
    }

    /**
     * Every answer in turn is lost (the request processed, the connection closed), and every
     * attempt runs in a "restarted" client on a copy of the stored progress: each run ends in
     * exactly one finished report, with every file uploaded and described once, and nothing open. A
     * lost submit answer needs the person who records NCMEC's id; nothing else does.
     */
    @Test
    void losingEachAnswerInTurnStillEndsInExactlyOneFinishedReport() {
        List<String[]> cases = new java.util.ArrayList<>();
        for (String path : List.of("/submit", "/upload", "/fileinfo", "/finish")) {
            int calls = path.equals("/submit") || path.equals("/finish") ? 1 : 3;
            for (int call = 1; call <= calls; call++) {
                cases.add(new String[] {path, Integer.toString(call)});
            }
        }
        for (String[] c : cases) {
            for (Failure failure : List.of(Failure.DROP_AFTER, Failure.DROP_BEFORE)) {
                ncmec.close();
                try {
                    ncmec = new FakeCyberTipline(USER, PASSWORD);
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
                ncmec.fail(c[0], Integer.parseInt(c[1]), 1, failure);
                progress = new InMemoryProgressStore();
                String reportId = null;
                for (int attempt = 0; attempt < 6 && reportId == null; attempt++) {
                    progress = progress.copy(); // every attempt after a restart
                    try {
                        reportId = client().submit(report(), files(), progress);
                    } catch (DestinationException e) {
                        if (e.kind() == Kind.OUTCOME_UNKNOWN) {
                            // the person asks NCMEC and records the id it gave
                            assertThat(c[0]).as(e.getMessage()).isEqualTo("/submit");
                            List<StoredReport> open =
                                    ncmec.reports().stream().filter(StoredReport::open).toList();
                            if (open.isEmpty()) {
                                progress.clearInFlight(ProgressStore.SUBMIT_STEP); // nothing came
                            } else {
                                progress.reportSubmitted(open.get(0).reportId);
                            }
                        } else {
                            assertThat(e.kind()).as(e.getMessage()).isEqualTo(Kind.RETRYABLE);
                        }
                    }
                }
                assertThat(reportId).as(c[0] + " #" + c[1] + " " + failure).isNotNull();
                String id = reportId;
                org.assertj.core.api.SoftAssertions.assertSoftly(
                        soft ->
                                soft.assertThatCode(() -> assertOneFinishedNoneOpen(id))
                                        .as(c[0] + " #" + c[1] + " " + failure)
                                        .doesNotThrowAnyException());
            }
        }
    }

    @Test
    void theFakeDetectsASecondSubmissionOfTheSameReport() {
        client().submit(report(), files(), progress);
        // A client that lost its progress would submit again: the fake refuses, and the test sees
        // it.
        DestinationException e =
                catchThrowableOfType(
                        () -> client().submit(report(), files(), new InMemoryProgressStore()),
                        DestinationException.class);
        assertThat(e.getMessage()).isEqualTo("CyberTipline /submit failed: responseCode 1111");
        assertThat(ncmec.duplicateSubmits()).isEqualTo(1);
    }

    @Test
    void wrongCredentialsAreReportedClearlyAndLeaveNothingBehind() {
        CyberTiplineClient wrong = new CyberTiplineClient(ncmec.baseUri(), USER, "wrong password");
        DestinationException e =
                catchThrowableOfType(
                        () -> wrong.submit(report(), files(), progress),
                        DestinationException.class);

        assertThat(e.kind()).isEqualTo(Kind.PERMANENT);
        assertThat(e.getMessage())
                .isEqualTo(
                        "CyberTipline /submit: authentication failed (HTTP 401): check the"
                                + " CyberTipline username and password");
        assertThat(ncmec.requests())
                .singleElement()
                .satisfies(r -> assertThat(r.authorized()).isFalse());
        assertThat(ncmec.reports()).isEmpty();
        assertThat(progress.reportId()).isEmpty();
        assertThat(progress.inFlight(ProgressStore.SUBMIT_STEP)).isFalse();
        assertThat(wrong.toString()).doesNotContain("wrong password").contains("[REDACTED]");
    }

    @Test
    void anUnreachableServiceIsRetryableAndLeavesNoMarker() throws Exception {
        URI base = ncmec.baseUri();
        ncmec.close();
        DestinationException e =
                catchThrowableOfType(
                        () ->
                                new CyberTiplineClient(base, USER, PASSWORD)
                                        .submit(report(), files(), progress),
                        DestinationException.class);
        assertThat(e.kind()).isEqualTo(Kind.RETRYABLE);
        assertThat(progress.inFlight(ProgressStore.SUBMIT_STEP)).isFalse();
    }

    @Test
    void inputIsChecked() {
        byte[] bytes = "x".getBytes(StandardCharsets.UTF_8);
        FileToUpload ok = FileToUpload.of("a.txt", bytes, null);
        assertThatThrownBy(
                        () ->
                                new FileToUpload(
                                        "a.txt",
                                        bytes,
                                        ok.sha256().replace('a', 'b').replace('0', '1'),
                                        ok.md5(),
                                        false,
                                        null,
                                        false,
                                        null,
                                        null,
                                        FileToUpload.Relevance.REPORTED))
                .hasMessage("sha256 does not match the file's bytes");
        assertThatThrownBy(
                        () ->
                                new FileToUpload(
                                        "a.txt",
                                        bytes,
                                        ok.sha256(),
                                        ok.md5(),
                                        true,
                                        null,
                                        false,
                                        null,
                                        null,
                                        FileToUpload.Relevance.REPORTED))
                .hasMessageContaining("viewedAt");
        assertThatThrownBy(() -> client().submit(report(), List.of(ok, ok), progress))
                .hasMessageContaining("listed twice");
        assertThatThrownBy(() -> new Reporter(Person.ofEmail(" "), null, null, null, null))
                .hasMessage("reportingPerson.email is required");
        assertThatThrownBy(
                        () ->
                                new CyberTiplineReport(
                                        IncidentType.CHILD_SEX_TOURISM,
                                        null,
                                        null,
                                        Instant.EPOCH,
                                        null,
                                        new ChatIncident("m", null),
                                        report().reporter(),
                                        null,
                                        List.of(),
                                        "x".repeat(3001)))
                .hasMessageContaining("additionalInfo");
        assertThat(ncmec.requests()).isEmpty();
    }
}
