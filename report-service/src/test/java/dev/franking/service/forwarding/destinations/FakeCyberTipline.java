package dev.franking.service.forwarding.destinations;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * A local stand-in for NCMEC's CyberTipline reporting web service (ISPWS) on 127.0.0.1: {@code GET
 * /ispws/status} and {@code POST /submit}, {@code /upload}, {@code /fileinfo}, {@code /finish},
 * {@code /retract}, with Basic authentication. A repeated finish is answered 5102 ("already
 * finished", as NCMEC's documentation lists it); retracting a finished report is answered the same;
 * retracting a retracted report again is answered 0 (this double assumes a retraction is safe to
 * repeat). It checks every document against the schema's element order (written out here
 * independently of the client, from Boostport/ncmec-go's XSD-generated cybertipline/types.go),
 * records every request in order and every violation, assigns report and file ids, fails on demand,
 * and refuses a second submit of the same report (the same document), so a double submission is
 * visible.
 */
public final class FakeCyberTipline implements AutoCloseable {

    /** How a request is made to fail. */
    public enum Failure {
        /** HTTP 503, nothing processed. */
        HTTP_503,
        /** HTTP 400, nothing processed: a refusal that repeating cannot change. */
        HTTP_400,
        /** HTTP 200 with responseCode 1000, nothing processed. */
        RESPONSE_CODE,
        /** The connection is closed without an answer, before anything is processed. */
        DROP_BEFORE,
        /** The request is processed, then the connection is closed without an answer. */
        DROP_AFTER
    }

    /** One request as received: its path, whether its credentials were right, and what happened. */
    public record Request(String path, boolean authorized, String outcome) {}

    /** A file as the fake holds it. */
    public record StoredFile(String fileId, String fileName, String sha256, String md5) {}

    public static final class StoredReport {
        public final String reportId;
        public final byte[] xml;
        public final List<StoredFile> files = new ArrayList<>();
        public final Map<String, Document> fileDetails = new LinkedHashMap<>();
        public int finishCount;
        public boolean retracted;
        public final Map<String, Integer> fileInfoCount = new LinkedHashMap<>();

        /** Open: submitted, neither finished nor retracted (NCMEC would delete it after 24 h). */
        public boolean open() {
            return finishCount == 0 && !retracted;
        }

        StoredReport(String reportId, byte[] xml) {
            this.reportId = reportId;
            this.xml = xml;
        }

        Document document() {
            return parse(xml);
        }
    }

    // ------------------------------------------------ the schema's sequences (children in order)

    private static final List<String> PERSON =
            List.of("firstName", "lastName", "phone", "email", "address", "age", "dateOfBirth");
    static final Map<String, List<String>> SEQUENCES =
            Map.ofEntries(
                    Map.entry(
                            "report",
                            List.of(
                                    "batchedReport",
                                    "incidentSummary",
                                    "internetDetails",
                                    "lawEnforcement",
                                    "reporter",
                                    "personOrUserReported",
                                    "intendedRecipient",
                                    "victim",
                                    "additionalInfo")),
                    Map.entry(
                            "incidentSummary",
                            List.of(
                                    "incidentType",
                                    "platform",
                                    "escalateToHighPriority",
                                    "reportAnnotations",
                                    "incidentDateTime",
                                    "incidentDateTimeDescription")),
                    Map.entry(
                            "reportAnnotations",
                            List.of(
                                    "sextortion",
                                    "csamSolicitation",
                                    "minorToMinorInteraction",
                                    "spam",
                                    "sadisticOnlineExploitation")),
                    Map.entry(
                            "chatImIncident",
                            List.of("chatClient", "chatRoomName", "content", "additionalInfo")),
                    Map.entry(
                            "reporter",
                            List.of(
                                    "reportingPerson",
                                    "contactPerson",
                                    "companyTemplate",
                                    "termsOfService",
                                    "legalURL")),
                    Map.entry("reportingPerson", PERSON),
                    Map.entry("personOrUserReportedPerson", PERSON),
                    Map.entry("intendedRecipientPerson", PERSON),
                    Map.entry(
                            "contactPerson",
                            List.of("firstName", "lastName", "phone", "email", "address")),
                    Map.entry(
                            "personOrUserReported",
                            List.of(
                                    "personOrUserReportedPerson",
                                    "vehicleDescription",
                                    "espIdentifier",
                                    "espService",
                                    "compromisedAccount",
                                    "screenName",
                                    "displayName",
                                    "profileUrl",
                                    "profileBio",
                                    "ipCaptureEvent",
                                    "deviceId",
                                    "thirdPartyUserReported",
                                    "priorCTReports",
                                    "groupIdentifier",
                                    "accountTemporarilyDisabled",
                                    "accountPermanentlyDisabled",
                                    "estimatedLocation",
                                    "allEmailsReported",
                                    "associatedAccount",
                                    "additionalInfo")),
                    Map.entry(
                            "intendedRecipient",
                            List.of(
                                    "intendedRecipientPerson",
                                    "espIdentifier",
                                    "espService",
                                    "compromisedAccount",
                                    "screenName",
                                    "displayName",
                                    "profileUrl",
                                    "profileBio",
                                    "ipCaptureEvent",
                                    "deviceId",
                                    "priorCTReports",
                                    "groupIdentifier",
                                    "accountTemporarilyDisabled",
                                    "accountPermanentlyDisabled",
                                    "estimatedLocation",
                                    "allEmailsReported",
                                    "additionalInfo")),
                    Map.entry(
                            "fileDetails",
                            List.of(
                                    "reportId",
                                    "fileId",
                                    "fileName",
                                    "originalFileName",
                                    "uploadedToEspTimestamp",
                                    "locationOfFile",
                                    "fileViewedByEsp",
                                    "exifViewedByEsp",
                                    "publiclyAvailable",
                                    "fileRelevance",
                                    "potentialMeme",
                                    "fileAnnotations",
                                    "industryClassification",
                                    "originalFileHash",
                                    "ipCaptureEvent",
                                    "deviceId",
                                    "details",
                                    "additionalInfo")));

    /** Elements whose content is a choice of exactly one of these. */
    static final Map<String, Set<String>> CHOICES =
            Map.of(
                    "internetDetails",
                    Set.of(
                            "webPageIncident",
                            "emailIncident",
                            "newsgroupIncident",
                            "chatImIncident",
                            "onlineGamingIncident",
                            "cellPhoneIncident",
                            "nonInternetIncident",
                            "peer2peerIncident"));

    /** Children that must be present (the ones this fake insists on). */
    static final Map<String, List<String>> REQUIRED =
            Map.of(
                    "report", List.of("incidentSummary", "internetDetails", "reporter"),
                    "incidentSummary", List.of("incidentType", "incidentDateTime"),
                    "reporter", List.of("reportingPerson"),
                    "intendedRecipient", List.of("intendedRecipientPerson"),
                    "fileDetails", List.of("reportId", "fileId"));

    static final Set<String> BOOLEANS =
            Set.of(
                    "fileViewedByEsp",
                    "exifViewedByEsp",
                    "publiclyAvailable",
                    "compromisedAccount",
                    "thirdPartyUserReported",
                    "allEmailsReported",
                    "potentialMeme",
                    "accountTemporarilyDisabled",
                    "accountPermanentlyDisabled");

    /** NCMEC's fileRelevance enumeration. */
    static final Set<String> FILE_RELEVANCE = Set.of("Reported", "Supplemental Reported");

    /** reportAnnotations: presence flags, each an empty element, in this order. */
    static final List<String> REPORT_ANNOTATIONS = SEQUENCES.get("reportAnnotations");

    /** Elements of type xs:dateTime (with a zone). */
    static final Set<String> DATE_TIMES = Set.of("incidentDateTime", "uploadedToEspTimestamp");

    static final Set<String> INCIDENT_TYPES =
            Set.of(
                    "Child Pornography (possession, manufacture, and distribution)",
                    "Child Sex Trafficking",
                    "Child Sex Tourism",
                    "Child Sexual Molestation",
                    "Misleading Domain Name",
                    "Misleading Words or Digital Images on the Internet",
                    "Online Enticement of Children for Sexual Acts",
                    "Unsolicited Obscene Material Sent to a Child");

    // ------------------------------------------------ state

    private final HttpServer server;
    private final String expectedAuthorization;
    private final List<Request> requests = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private final Map<String, StoredReport> reports = new LinkedHashMap<>();
    private final Map<String, String> reportIdByDocumentHash = new LinkedHashMap<>();
    private final Map<String, Integer> callsByPath = new LinkedHashMap<>();
    private final List<FailureRule> rules = new ArrayList<>();
    private final AtomicLong nextReportId = new AtomicLong(90_000_001);
    private int duplicateSubmits;

    private record FailureRule(String path, int fromCall, int times, Failure failure) {}

    public FakeCyberTipline(String username, String password) throws IOException {
        this.expectedAuthorization =
                "Basic "
                        + Base64.getEncoder()
                                .encodeToString(
                                        (username + ":" + password)
                                                .getBytes(StandardCharsets.UTF_8));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ispws/", this::handle);
        server.start();
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/ispws");
    }

    /**
     * Calls number {@code fromCall} .. {@code fromCall + times - 1} (counting from 1, all calls to
     * this path) fail so.
     */
    public synchronized FakeCyberTipline fail(
            String path, int fromCall, int times, Failure failure) {
        rules.add(new FailureRule(path, fromCall, times, failure));
        return this;
    }

    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The paths of the requests that were processed successfully, in order. */
    public synchronized List<String> acceptedPaths() {
        return requests.stream()
                .filter(r -> r.outcome().startsWith("ok"))
                .map(Request::path)
                .toList();
    }

    public synchronized long count(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).count();
    }

    public synchronized List<String> violations() {
        return List.copyOf(violations);
    }

    public synchronized List<StoredReport> reports() {
        return List.copyOf(reports.values());
    }

    public synchronized int duplicateSubmits() {
        return duplicateSubmits;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    // ------------------------------------------------ handling

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath().substring("/ispws".length());
            byte[] body = ex.getRequestBody().readAllBytes();
            Failure failure;
            synchronized (this) {
                int call = callsByPath.merge(path, 1, Integer::sum);
                if (!expectedAuthorization.equals(
                        ex.getRequestHeaders().getFirst("Authorization"))) {
                    requests.add(new Request(path, false, "401"));
                    ex.sendResponseHeaders(401, -1);
                    return;
                }
                failure =
                        rules.stream()
                                .filter(
                                        r ->
                                                r.path().equals(path)
                                                        && call >= r.fromCall()
                                                        && call < r.fromCall() + r.times())
                                .map(FailureRule::failure)
                                .findFirst()
                                .orElse(null);
                if (failure == Failure.HTTP_503
                        || failure == Failure.HTTP_400
                        || failure == Failure.RESPONSE_CODE
                        || failure == Failure.DROP_BEFORE) {
                    requests.add(new Request(path, true, "failed:" + failure));
                }
            }
            if (failure == Failure.DROP_BEFORE) {
                throw new DroppedConnection();
            }
            if (failure == Failure.HTTP_503 || failure == Failure.HTTP_400) {
                ex.sendResponseHeaders(failure == Failure.HTTP_503 ? 503 : 400, -1);
                return;
            }
            if (failure == Failure.RESPONSE_CODE) {
                reply(ex, response(1000, "Server error", ""));
                return;
            }
            String answer;
            synchronized (this) {
                answer =
                        switch (path) {
                            case "/submit" -> submit(body);
                            case "/upload" ->
                                    upload(ex.getRequestHeaders().getFirst("Content-Type"), body);
                            case "/fileinfo" -> fileInfo(body);
                            case "/finish" -> finish(body);
                            case "/retract" -> retract(body);
                            case "/status" -> status();
                            default -> null;
                        };
                if (failure == Failure.DROP_AFTER) {
                    Request last = requests.get(requests.size() - 1);
                    requests.set(
                            requests.size() - 1,
                            new Request(path, true, last.outcome() + ",dropped"));
                }
            }
            if (answer == null) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            if (failure == Failure.DROP_AFTER) {
                throw new DroppedConnection();
            }
            reply(ex, answer);
        }
    }

    /** Thrown out of the handler: the JDK server then closes the connection without an answer. */
    private static final class DroppedConnection extends RuntimeException {
        DroppedConnection() {
            super("dropped on purpose", null, false, false);
        }
    }

    private static void reply(HttpExchange ex, String xml) throws IOException {
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/xml; charset=utf-8");
        ex.sendResponseHeaders(200, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    private static String response(int code, String description, String more) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><reportResponse><responseCode>"
                + code
                + "</responseCode><responseDescription>"
                + description
                + "</responseDescription>"
                + more
                + "</reportResponse>";
    }

    private String rejected(String path, int code, String description) {
        requests.add(new Request(path, true, "rejected:" + code));
        return response(code, description, "");
    }

    private String submit(byte[] body) {
        Document doc;
        try {
            doc = parseStrict(body);
        } catch (Exception e) {
            violations.add("/submit: not well-formed XML");
            return rejected("/submit", 4000, "Malformed XML");
        }
        List<String> problems = validate(doc.getDocumentElement(), "report");
        if (!problems.isEmpty()) {
            violations.addAll(problems.stream().map(p -> "/submit: " + p).toList());
            return rejected("/submit", 4100, "Schema validation failed");
        }
        String hash = sha256(body);
        if (reportIdByDocumentHash.containsKey(hash)
                && !reports.get(reportIdByDocumentHash.get(hash)).retracted) {
            duplicateSubmits++;
            violations.add(
                    "/submit: the same report was submitted again (already report "
                            + reportIdByDocumentHash.get(hash)
                            + ")");
            return rejected("/submit", 1111, "Duplicate report");
        }
        String reportId = Long.toString(nextReportId.getAndIncrement());
        reports.put(reportId, new StoredReport(reportId, body));
        reportIdByDocumentHash.put(hash, reportId);
        requests.add(new Request("/submit", true, "ok"));
        return response(0, "Success", "<reportId>" + reportId + "</reportId>");
    }

    private String upload(String contentType, byte[] body) {
        Map<String, Part> parts;
        try {
            parts = multipart(contentType, body);
        } catch (RuntimeException e) {
            violations.add("/upload: not multipart/form-data");
            return rejected("/upload", 4000, "Bad upload");
        }
        Part id = parts.get("id");
        Part file = parts.get("file");
        if (id == null || file == null || file.fileName() == null) {
            violations.add("/upload: needs the fields id and file (with a filename)");
            return rejected("/upload", 4000, "Bad upload");
        }
        StoredReport report = reports.get(new String(id.content(), StandardCharsets.UTF_8));
        if (report == null || !report.open()) {
            violations.add("/upload: to an unknown, finished or retracted report");
            return rejected("/upload", 4000, "Unknown report");
        }
        String fileId =
                HexFormat.of()
                        .formatHex(
                                sha256Bytes(
                                        (report.reportId + "/" + report.files.size())
                                                .getBytes(StandardCharsets.UTF_8)),
                                0,
                                16);
        String md5 = hex("MD5", file.content());
        report.files.add(new StoredFile(fileId, file.fileName(), sha256(file.content()), md5));
        requests.add(new Request("/upload", true, "ok"));
        return response(
                0,
                "Success",
                "<reportId>"
                        + report.reportId
                        + "</reportId><fileId>"
                        + fileId
                        + "</fileId><hash>"
                        + md5
                        + "</hash>");
    }

    private String fileInfo(byte[] body) {
        Document doc;
        try {
            doc = parseStrict(body);
        } catch (Exception e) {
            violations.add("/fileinfo: not well-formed XML");
            return rejected("/fileinfo", 4000, "Malformed XML");
        }
        List<String> problems = validate(doc.getDocumentElement(), "fileDetails");
        String reportId = childText(doc.getDocumentElement(), "reportId");
        String fileId = childText(doc.getDocumentElement(), "fileId");
        StoredReport report = reports.get(reportId);
        StoredFile file =
                report == null
                        ? null
                        : report.files.stream()
                                .filter(f -> f.fileId().equals(fileId))
                                .findFirst()
                                .orElse(null);
        if (file == null) {
            problems.add("fileDetails names a file that was not uploaded to that report");
        } else {
            for (Element h : children(doc.getDocumentElement(), "originalFileHash")) {
                String type = h.getAttribute("hashType");
                String expected =
                        switch (type) {
                            case "SHA256" -> file.sha256();
                            case "MD5" -> file.md5();
                            default -> null;
                        };
                if (expected == null || !expected.equalsIgnoreCase(h.getTextContent().trim())) {
                    problems.add("originalFileHash " + type + " does not match the uploaded file");
                }
            }
            if (!report.open()) {
                problems.add("fileDetails after finish or retraction");
            }
            if (report.fileInfoCount.getOrDefault(fileId, 0) > 0) {
                problems.add("fileDetails for file " + fileId + " sent a second time");
            }
        }
        if (!problems.isEmpty()) {
            violations.addAll(problems.stream().map(p -> "/fileinfo: " + p).toList());
            return rejected("/fileinfo", 4100, "Schema validation failed");
        }
        report.fileDetails.put(fileId, doc);
        report.fileInfoCount.merge(fileId, 1, Integer::sum);
        requests.add(new Request("/fileinfo", true, "ok"));
        return response(0, "Success", "<reportId>" + reportId + "</reportId>");
    }

    private String finish(byte[] body) {
        String reportId = formId(body);
        StoredReport report = reportId == null ? null : reports.get(reportId);
        if (report == null || report.retracted) {
            violations.add("/finish: unknown or retracted report");
            return rejected("/finish", 4000, "Unknown report");
        }
        if (report.finishCount > 0) {
            requests.add(new Request("/finish", true, "already-finished"));
            return response(5102, "Report has already been finished", "");
        }
        for (StoredFile f : report.files) {
            if (!report.fileDetails.containsKey(f.fileId())) {
                violations.add("/finish: file " + f.fileId() + " has no file details");
            }
        }
        report.finishCount++;
        requests.add(new Request("/finish", true, "ok"));
        StringBuilder files = new StringBuilder("<files>");
        report.files.forEach(f -> files.append("<fileId>").append(f.fileId()).append("</fileId>"));
        files.append("</files>");
        return "<?xml version=\"1.0\""
                   + " encoding=\"UTF-8\"?><reportDoneResponse><responseCode>0</responseCode><reportId>"
                + reportId
                + "</reportId>"
                + files
                + "</reportDoneResponse>";
    }

    private String retract(byte[] body) {
        String reportId = formId(body);
        StoredReport report = reportId == null ? null : reports.get(reportId);
        if (report == null) {
            violations.add("/retract: unknown report");
            return rejected("/retract", 4000, "Unknown report");
        }
        if (report.finishCount > 0) {
            requests.add(new Request("/retract", true, "already-finished"));
            return response(5102, "Report has already been finished", "");
        }
        report.retracted = true;
        requests.add(new Request("/retract", true, "ok"));
        return response(0, "Success", "<reportId>" + reportId + "</reportId>");
    }

    private String status() {
        requests.add(new Request("/status", true, "ok"));
        return response(0, "Remote User : test, Remote Ip Address : 127.0.0.1", "");
    }

    private static String formId(byte[] body) {
        String form = new String(body, StandardCharsets.UTF_8);
        String reportId = null;
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals("id")) {
                reportId = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return reportId;
    }

    // ------------------------------------------------ element order

    /**
     * Checks the element and, recursively, its children against the sequences above; returns the
     * problems.
     */
    public static List<String> validate(Element root, String expectedRoot) {
        List<String> problems = new ArrayList<>();
        if (!root.getNodeName().equals(expectedRoot)) {
            problems.add("root element is " + root.getNodeName() + ", expected " + expectedRoot);
            return problems;
        }
        check(root, problems);
        return problems;
    }

    private static void check(Element e, List<String> problems) {
        String name = e.getNodeName();
        List<Element> kids = children(e, null);
        List<String> sequence = SEQUENCES.get(name);
        if (sequence != null) {
            int last = -1;
            String lastName = null;
            for (Element k : kids) {
                int i = sequence.indexOf(k.getNodeName());
                if (i < 0) {
                    problems.add(name + ": unexpected element " + k.getNodeName());
                } else if (i < last) {
                    problems.add(name + ": " + k.getNodeName() + " must come before " + lastName);
                } else {
                    last = i;
                    lastName = k.getNodeName();
                }
            }
        }
        Set<String> choice = CHOICES.get(name);
        if (choice != null && (kids.size() != 1 || !choice.contains(kids.get(0).getNodeName()))) {
            problems.add(name + ": must hold exactly one of " + choice);
        }
        for (String required : REQUIRED.getOrDefault(name, List.of())) {
            if (children(e, required).isEmpty()) {
                problems.add(name + ": missing " + required);
            }
        }
        if (name.equals("incidentType") && !INCIDENT_TYPES.contains(e.getTextContent())) {
            problems.add("incidentType: not one of the schema's values");
        }
        if (DATE_TIMES.contains(name)) {
            try {
                OffsetDateTime.parse(e.getTextContent());
            } catch (RuntimeException x) {
                problems.add(name + ": not an xs:dateTime with a zone");
            }
        }
        if (name.equals("fileRelevance") && !FILE_RELEVANCE.contains(e.getTextContent())) {
            problems.add("fileRelevance: not one of the schema's values");
        }
        if (REPORT_ANNOTATIONS.contains(name)
                && e.getParentNode().getNodeName().equals("reportAnnotations")
                && (!kids.isEmpty() || !e.getTextContent().isEmpty())) {
            problems.add(name + ": a presence flag is empty");
        }
        if ((name.equals("accountTemporarilyDisabled") || name.equals("accountPermanentlyDisabled"))
                && e.hasAttribute("disabledDate")) {
            try {
                OffsetDateTime.parse(e.getAttribute("disabledDate"));
            } catch (RuntimeException x) {
                problems.add(name + ": disabledDate is not an xs:dateTime with a zone");
            }
        }
        if (name.equals("originalFileName") && e.getTextContent().isBlank()) {
            problems.add("originalFileName: empty");
        }
        if (BOOLEANS.contains(name) && !Set.of("true", "false").contains(e.getTextContent())) {
            problems.add(name + ": not a boolean");
        }
        for (Element k : kids) {
            check(k, problems);
        }
    }

    public static List<Element> children(Element e, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.ELEMENT_NODE
                    && (name == null || name.equals(n.getNodeName()))) {
                out.add((Element) n);
            }
        }
        return out;
    }

    public static String childText(Element e, String name) {
        List<Element> c = children(e, name);
        return c.isEmpty() ? null : c.get(0).getTextContent();
    }

    public static List<String> childNames(Element e) {
        return children(e, null).stream().map(Element::getNodeName).toList();
    }

    // ------------------------------------------------ plumbing

    record Part(String fileName, byte[] content) {}

    /** A small multipart/form-data parser: enough for the client's uploads. */
    static Map<String, Part> multipart(String contentType, byte[] body) {
        if (contentType == null || !contentType.startsWith("multipart/form-data")) {
            throw new IllegalArgumentException("not multipart");
        }
        String boundary =
                contentType
                        .substring(contentType.indexOf("boundary=") + "boundary=".length())
                        .trim();
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        Map<String, Part> parts = new LinkedHashMap<>();
        int pos = indexOf(body, delimiter, 0);
        if (pos < 0) {
            throw new IllegalArgumentException("no boundary");
        }
        while (true) {
            int start = pos + delimiter.length;
            if (start + 2 <= body.length && body[start] == '-' && body[start + 1] == '-') {
                return parts;
            }
            start += 2; // CRLF
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), start);
            String headers = new String(body, start, headersEnd - start, StandardCharsets.UTF_8);
            int next =
                    indexOf(
                            body,
                            ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1),
                            headersEnd + 4);
            byte[] content = java.util.Arrays.copyOfRange(body, headersEnd + 4, next);
            String name = param(headers, "name");
            parts.put(name, new Part(param(headers, "filename"), content));
            pos = next + 2;
        }
    }

    private static String param(String headers, String p) {
        String key = " " + p + "=\"";
        int i = headers.indexOf(key);
        if (i < 0) {
            key = ";" + p + "=\"";
            i = headers.indexOf(key);
        }
        if (i < 0) {
            return null;
        }
        int from = i + key.length();
        return headers.substring(from, headers.indexOf('"', from));
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("delimiter not found");
    }

    public static Document parse(byte[] xml) {
        try {
            return parseStrict(xml);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Document parseStrict(byte[] xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }

    static String sha256(byte[] b) {
        return HexFormat.of().formatHex(sha256Bytes(b));
    }

    private static byte[] sha256Bytes(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(String alg, byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(alg).digest(b));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
