package dev.franking.service.forwarding.destinations;

import dev.franking.service.OutboundHttp;
import dev.franking.service.forwarding.destinations.CyberTiplineReport.Account;
import dev.franking.service.forwarding.destinations.CyberTiplineReport.Person;
import dev.franking.service.forwarding.destinations.CyberTiplineReport.ReportedUser;
import dev.franking.service.forwarding.destinations.DestinationException.Kind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.util.StreamUtils;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * A client of NCMEC's CyberTipline reporting web service (ISPWS): {@code POST /submit} the {@code
 * <report>} XML (answered with a {@code reportId}), {@code POST /upload} each file as multipart
 * form data ({@code id} = the report id, {@code file} = the bytes; answered with a {@code fileId}),
 * {@code POST /fileinfo} each file's {@code <fileDetails>} XML, and last {@code POST /finish}
 * ({@code id} = the report id), which makes the report final. Every call uses HTTP Basic
 * authentication; every answer is XML, {@code <reportResponse>} (or {@code <reportDoneResponse>}
 * for finish) with a {@code responseCode} that is 0 on success.
 *
 * <p>The endpoints and form fields are those used by the open implementations Boostport/ncmec-go
 * ({@code cybertipline/client.go}) and roostorg/coop ({@code
 * server/services/ncmecService/ncmecReporting.ts}).
 *
 * <p><b>Resumable and idempotent.</b> {@link #submit} records every result in a {@link
 * ProgressStore} as it goes and skips what is recorded, so calling it again with the same report,
 * files and store, after any failure or in a new process, continues where it stopped: the report is
 * submitted once, each file uploaded once, and finish comes last. A request that creates something
 * (the submit, an upload) and goes unanswered is never repeated automatically (see {@link
 * ProgressStore}).
 *
 * <p>Exception messages name the step and NCMEC's HTTP status or response code, never the report's
 * content. Thread-safe; one instance per set of credentials.
 */
public final class CyberTiplineClient {
    public static final URI PRODUCTION = URI.create("https://report.cybertip.org/ispws");
    public static final URI TESTING = URI.create("https://exttest.cybertip.org/ispws");

    /**
     * The response code with which NCMEC rejects a document that fails schema validation, e.g.
     * elements out of order (roostorg/coop, ncmecReporting.ts). Repeating the same document cannot
     * help.
     */
    public static final int SCHEMA_VALIDATION_FAILED = 4100;

    private static final DateTimeFormatter XS_DATE_TIME = DateTimeFormatter.ISO_INSTANT;
    private static final MediaType XML = MediaType.parseMediaType("text/xml; charset=utf-8");

    private final String base;
    private final String authorization;
    private final RestClient http;

    /** A client with an HTTP client of its own (tests, tools); the service passes its bean. */
    public CyberTiplineClient(URI base, String username, String password) {
        this(base, username, password, OutboundHttp.standalone());
    }

    /**
     * @param http the service's outbound client (its timeouts: {@code reports.http.*})
     */
    public CyberTiplineClient(URI base, String username, String password, RestClient http) {
        String b = Objects.requireNonNull(base, "base").toString();
        this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
        CyberTiplineReport.requireText(username, "username");
        Objects.requireNonNull(password, "password");
        this.authorization =
                "Basic "
                        + Base64.getEncoder()
                                .encodeToString(
                                        (username + ":" + password)
                                                .getBytes(StandardCharsets.UTF_8));
        this.http = Objects.requireNonNull(http, "http");
    }

    /**
     * Delivers the report with its files, continuing from what {@code progress} records; returns
     * NCMEC's report id. Order: submit, upload each file, send each file's details, finish.
     *
     * @throws DestinationException when a step fails; its kind says whether to retry
     * @throws IllegalArgumentException when two files have the same {@link FileToUpload#key()}
     */
    public String submit(
            CyberTiplineReport report, List<FileToUpload> files, ProgressStore progress) {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(progress, "progress");
        Set<String> keys = new HashSet<>();
        for (FileToUpload f : files) {
            if (!keys.add(f.key())) {
                throw new IllegalArgumentException(
                        "the same file is listed twice (sha256 " + f.sha256() + ")");
            }
        }
        if (progress.finished()) {
            return progress.reportId()
                    .orElseThrow(
                            () ->
                                    new IllegalStateException(
                                            "progress says finished but has no report id"));
        }

        String reportId = progress.reportId().orElse(null);
        if (reportId == null) {
            reportId = submitReport(report, progress);
        }
        for (FileToUpload f : files) {
            if (progress.fileId(f.key()).isEmpty()) {
                upload(reportId, f, progress);
            }
        }
        for (FileToUpload f : files) {
            if (!progress.fileDetailsSent(f.key())) {
                String fileId = progress.fileId(f.key()).orElseThrow();
                Document answer =
                        post("/fileinfo", XML, fileDetailsXml(reportId, fileId, f), null, progress);
                checkResponseCode("/fileinfo", answer);
                progress.markFileDetailsSent(f.key());
            }
        }
        finish(reportId, files, progress);
        return reportId;
    }

    private String submitReport(CyberTiplineReport report, ProgressStore progress) {
        refuseIfUnanswered(ProgressStore.SUBMIT_STEP, "/submit", progress);
        Document answer =
                post("/submit", XML, reportXml(report), ProgressStore.SUBMIT_STEP, progress);
        checkResponseCode("/submit", answer, ProgressStore.SUBMIT_STEP, progress);
        String reportId = text(answer, "reportId");
        if (reportId == null || reportId.isBlank()) {
            throw new DestinationException(
                    Kind.OUTCOME_UNKNOWN,
                    "CyberTipline /submit answered success without a reportId");
        }
        progress.reportSubmitted(reportId);
        return reportId;
    }

    private void upload(String reportId, FileToUpload f, ProgressStore progress) {
        String step = ProgressStore.uploadStep(f.key());
        refuseIfUnanswered(step, "/upload", progress);
        String fileName = quotedFileName(f.name());
        HttpHeaders fileHeaders = new HttpHeaders();
        fileHeaders.setContentType(MediaType.APPLICATION_OCTET_STREAM);
        MultiValueMap<String, Object> body = new LinkedMultiValueMap<>();
        body.add("id", reportId);
        body.add(
                "file",
                new HttpEntity<>(
                        new ByteArrayResource(f.bytes()) {
                            @Override
                            public String getFilename() {
                                return fileName;
                            }
                        },
                        fileHeaders));
        Document answer = post("/upload", MediaType.MULTIPART_FORM_DATA, body, step, progress);
        checkResponseCode("/upload", answer, step, progress);
        String fileId = text(answer, "fileId");
        if (fileId == null || fileId.isBlank()) {
            throw new DestinationException(
                    Kind.OUTCOME_UNKNOWN, "CyberTipline /upload answered success without a fileId");
        }
        String hash = text(answer, "hash");
        if (hash != null && !hash.isBlank() && !hash.equalsIgnoreCase(f.md5())) {
            // NCMEC answers with the MD5 of what it received; a mismatch means the file was damaged
            // on the
            // way. The damaged copy is not recorded, so a retry uploads the file again.
            progress.clearInFlight(step);
            throw new DestinationException(
                    Kind.PERMANENT,
                    "CyberTipline /upload: the MD5 NCMEC computed for file "
                            + fileId
                            + " differs from ours (sha256 "
                            + f.sha256()
                            + ")");
        }
        progress.fileUploaded(f.key(), fileId);
    }

    private void finish(String reportId, List<FileToUpload> files, ProgressStore progress) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("id", reportId);
        Document answer =
                post("/finish", MediaType.APPLICATION_FORM_URLENCODED, form, null, progress);
        checkResponseCode("/finish", answer);
        progress.markFinished();
        NodeList listed = answer.getElementsByTagName("fileId");
        if (listed.getLength() > 0) {
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < listed.getLength(); i++) {
                ids.add(listed.item(i).getTextContent().trim());
            }
            List<String> missing = new ArrayList<>();
            for (FileToUpload f : files) {
                String id = progress.fileId(f.key()).orElseThrow();
                if (!ids.contains(id)) {
                    missing.add(id);
                }
            }
            if (!missing.isEmpty()) {
                throw new DestinationException(
                        Kind.PERMANENT,
                        "CyberTipline /finish: report "
                                + reportId
                                + " was finished without files "
                                + missing);
            }
        }
    }

    private static void refuseIfUnanswered(String step, String path, ProgressStore progress) {
        if (progress.inFlight(step)) {
            throw new DestinationException(
                    Kind.OUTCOME_UNKNOWN,
                    "CyberTipline "
                            + path
                            + " was sent before and never answered; it is not repeated"
                            + " automatically, as that could create a duplicate: check with NCMEC,"
                            + " then record the result or clear the in-flight marker '"
                            + step
                            + "'");
        }
    }

    /**
     * Sends one request and parses the XML answer. {@code creatingStep} names a request that
     * creates something at NCMEC: it is marked in flight before sending and stays marked unless an
     * answer shows it failed.
     */
    private Document post(
            String path,
            MediaType contentType,
            Object body,
            String creatingStep,
            ProgressStore progress) {
        String what = "CyberTipline " + path;
        if (creatingStep != null) {
            progress.markInFlight(creatingStep);
        }
        Answer response;
        try {
            response =
                    http.post()
                            .uri(URI.create(base + path))
                            .header(HttpHeaders.AUTHORIZATION, authorization)
                            .contentType(contentType)
                            .body(body)
                            .exchange(
                                    (request, answer) ->
                                            new Answer(
                                                    answer.getStatusCode().value(),
                                                    StreamUtils.copyToByteArray(answer.getBody())));
        } catch (ResourceAccessException e) {
            Throwable notConnected = neverConnected(e);
            if (notConnected != null) {
                // Never connected, so nothing was sent.
                clear(creatingStep, progress);
                throw new DestinationException(
                        Kind.RETRYABLE,
                        what
                                + ": could not connect ("
                                + notConnected.getClass().getSimpleName()
                                + ")",
                        e);
            }
            String why =
                    Thread.currentThread().isInterrupted()
                            ? "interrupted"
                            : (e.getCause() == null ? e : e.getCause()).getClass().getSimpleName();
            throw unanswered(what, creatingStep, why, e);
        }

        int status = response.status();
        if (status == 401 || status == 403) {
            clear(creatingStep, progress);
            throw new DestinationException(
                    Kind.PERMANENT,
                    what
                            + ": authentication failed (HTTP "
                            + status
                            + "): check the CyberTipline username and password");
        }
        if (status == 408 || status == 429 || status >= 500) {
            clear(creatingStep, progress);
            throw new DestinationException(Kind.RETRYABLE, what + " failed: HTTP " + status);
        }
        if (status / 100 != 2) {
            clear(creatingStep, progress);
            throw new DestinationException(Kind.PERMANENT, what + " was refused: HTTP " + status);
        }
        try {
            return parse(response.body());
        } catch (Exception e) {
            // A success status with an unreadable body: whatever was asked may have been done.
            throw unanswered(what, creatingStep, "unreadable answer", e);
        }
    }

    /** A status and the whole body, read before the connection is given back. */
    private record Answer(int status, byte[] body) {}

    /** The cause that shows the request never left: no connection was made. */
    private static Throwable neverConnected(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof HttpConnectTimeoutException) {
                return t;
            }
        }
        return null;
    }

    private static DestinationException unanswered(
            String what, String creatingStep, String why, Exception cause) {
        if (creatingStep == null) {
            return new DestinationException(
                    Kind.RETRYABLE, what + ": no usable answer (" + why + ")", cause);
        }
        return new DestinationException(
                Kind.OUTCOME_UNKNOWN,
                what
                        + ": no usable answer ("
                        + why
                        + "); it may have been processed,"
                        + " so it is not repeated automatically",
                cause);
    }

    private static void clear(String creatingStep, ProgressStore progress) {
        if (creatingStep != null) {
            progress.clearInFlight(creatingStep);
        }
    }

    private static void checkResponseCode(String path, Document answer) {
        checkResponseCode(path, answer, null, null);
    }

    private static void checkResponseCode(
            String path, Document answer, String creatingStep, ProgressStore progress) {
        String code = text(answer, "responseCode");
        if (code == null) {
            if (creatingStep != null) {
                throw new DestinationException(
                        Kind.OUTCOME_UNKNOWN,
                        "CyberTipline " + path + " answered without a responseCode");
            }
            throw new DestinationException(
                    Kind.RETRYABLE, "CyberTipline " + path + " answered without a responseCode");
        }
        int n;
        try {
            n = Integer.parseInt(code.trim());
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n == 0) {
            return;
        }
        if (creatingStep != null) {
            progress.clearInFlight(creatingStep);
        }
        // The description is left out of the message: NCMEC may echo part of the document in it.
        Kind kind = n == SCHEMA_VALIDATION_FAILED ? Kind.PERMANENT : Kind.RETRYABLE;
        throw new DestinationException(
                kind,
                "CyberTipline "
                        + path
                        + " failed: responseCode "
                        + (n == -1 ? "(not a number)" : n));
    }

    // ---------------------------------------------------------------- XML

    /*
     * ELEMENT ORDER. NCMEC's schema (https://report.cybertip.org/ispws/xsd) declares each element's
     * children as an xs:sequence, and /submit rejects children out of order (responseCode 4100, per
     * roostorg/coop's ncmecReporting.ts). The orders below are those of Boostport/ncmec-go's
     * cybertipline/types.go, which is generated from that XSD and keeps its sequence order; they
     * agree with roostorg/coop's server/services/ncmecService/ncmecReporting.ts ("Key insertion
     * order must match the NCMEC XSD sequence", Appendix B and C) for every element both list.
     * (coop's TypeScript NCMECPerson type lists phone and email before the names, but coop only ever
     * sets email there; the XSD-generated order is firstName, lastName, phone, email, address.)
     * Elements we never send are listed in brackets, so the position of the ones we do is visible.
     *
     * report:               [batchedReport] incidentSummary internetDetails* [lawEnforcement] reporter
     *                       personOrUserReported? intendedRecipient* [victim*] additionalInfo?
     * incidentSummary:      incidentType platform? escalateToHighPriority? [reportAnnotations]
     *                       incidentDateTime incidentDateTimeDescription?
     * internetDetails:      one of webPageIncident, emailIncident, newsgroupIncident, chatImIncident, ...
     * chatImIncident:       chatClient? chatRoomName? [content] [additionalInfo]
     * reporter:             reportingPerson contactPerson? companyTemplate? termsOfService? legalURL?
     * person:               firstName? lastName? phone* email* [address*] [age] [dateOfBirth]
     * personOrUserReported: personOrUserReportedPerson? [vehicleDescription] espIdentifier? espService?
     *                       [compromisedAccount] screenName? displayName* [profileUrl* profileBio
     *                       ipCaptureEvent* deviceId* thirdPartyUserReported priorCTReports*
     *                       groupIdentifier accountTemporarilyDisabled accountPermanentlyDisabled
     *                       estimatedLocation allEmailsReported associatedAccount*] additionalInfo?
     * intendedRecipient:    intendedRecipientPerson espIdentifier? espService? [compromisedAccount]
     *                       screenName? displayName* [profileUrl* ... ] [additionalInfo*]
     * fileDetails:          reportId fileId [fileName] originalFileName? [uploadedToEspTimestamp
     *                       locationOfFile] fileViewedByEsp? [exifViewedByEsp] publiclyAvailable?
     *                       fileRelevance? [potentialMeme fileAnnotations industryClassification]
     *                       originalFileHash* [ipCaptureEvent deviceId* details*] additionalInfo*
     */

    /** The {@code <report>} document for {@code /submit}, children in schema order. */
    public static byte[] reportXml(CyberTiplineReport r) {
        return xml(
                w -> {
                    w.writeStartElement("report");

                    w.writeStartElement("incidentSummary");
                    leaf(w, "incidentType", r.incidentType().xml());
                    leaf(w, "platform", r.platform());
                    leaf(w, "escalateToHighPriority", r.escalateToHighPriority());
                    leaf(w, "incidentDateTime", dateTime(r.incidentDateTime()));
                    leaf(w, "incidentDateTimeDescription", r.incidentDateTimeDescription());
                    w.writeEndElement();

                    w.writeStartElement("internetDetails");
                    w.writeStartElement("chatImIncident");
                    leaf(w, "chatClient", r.chat().chatClient());
                    leaf(w, "chatRoomName", r.chat().chatRoomName());
                    w.writeEndElement();
                    w.writeEndElement();

                    w.writeStartElement("reporter");
                    person(w, "reportingPerson", r.reporter().reportingPerson(), true);
                    person(w, "contactPerson", r.reporter().contactPerson(), false);
                    leaf(w, "companyTemplate", r.reporter().companyTemplate());
                    leaf(w, "termsOfService", r.reporter().termsOfService());
                    leaf(w, "legalURL", r.reporter().legalUrl());
                    w.writeEndElement();

                    ReportedUser u = r.reportedUser();
                    if (u != null) {
                        w.writeStartElement("personOrUserReported");
                        person(
                                w,
                                "personOrUserReportedPerson",
                                u.email() == null ? null : Person.ofEmail(u.email()),
                                false);
                        leaf(w, "espIdentifier", u.espIdentifier());
                        leaf(w, "espService", u.espService());
                        leaf(w, "screenName", u.screenName());
                        for (String d : u.displayNames()) {
                            leaf(w, "displayName", d);
                        }
                        leaf(w, "additionalInfo", u.additionalInfo());
                        w.writeEndElement();
                    }

                    for (Account a : r.intendedRecipients()) {
                        w.writeStartElement("intendedRecipient");
                        person(
                                w,
                                "intendedRecipientPerson",
                                new Person(null, null, null, null),
                                true);
                        leaf(w, "espIdentifier", a.espIdentifier());
                        leaf(w, "espService", a.espService());
                        leaf(w, "screenName", a.screenName());
                        for (String d : a.displayNames()) {
                            leaf(w, "displayName", d);
                        }
                        w.writeEndElement();
                    }

                    leaf(w, "additionalInfo", r.additionalInfo());
                    w.writeEndElement();
                });
    }

    /** The {@code <fileDetails>} document for {@code /fileinfo}, children in schema order. */
    public static byte[] fileDetailsXml(String reportId, String fileId, FileToUpload f) {
        return xml(
                w -> {
                    w.writeStartElement("fileDetails");
                    leaf(w, "reportId", reportId);
                    leaf(w, "fileId", fileId);
                    leaf(w, "originalFileName", f.name());
                    leaf(w, "fileViewedByEsp", Boolean.toString(f.viewedByPlatform()));
                    leaf(w, "publiclyAvailable", Boolean.toString(f.publiclyAvailable()));
                    leaf(w, "fileRelevance", "Reported");
                    w.writeStartElement("originalFileHash");
                    w.writeAttribute("hashType", "SHA256");
                    w.writeCharacters(f.sha256());
                    w.writeEndElement();
                    w.writeStartElement("originalFileHash");
                    w.writeAttribute("hashType", "MD5");
                    w.writeCharacters(f.md5());
                    w.writeEndElement();
                    if (f.viewedByPlatform()) {
                        leaf(
                                w,
                                "additionalInfo",
                                "Viewed by a person at the reporting company at "
                                        + dateTime(f.viewedAt()));
                    }
                    w.writeEndElement();
                });
    }

    private static void person(XMLStreamWriter w, String name, Person p, boolean always)
            throws XMLStreamException {
        if (p == null || (p.isEmpty() && !always)) {
            return;
        }
        w.writeStartElement(name);
        leaf(w, "firstName", p.firstName());
        leaf(w, "lastName", p.lastName());
        leaf(w, "phone", p.phone());
        leaf(w, "email", p.email());
        w.writeEndElement();
    }

    private static void leaf(XMLStreamWriter w, String name, String value)
            throws XMLStreamException {
        if (value == null) {
            return;
        }
        w.writeStartElement(name);
        w.writeCharacters(value);
        w.writeEndElement();
    }

    private static String dateTime(Instant t) {
        return XS_DATE_TIME.format(t.truncatedTo(ChronoUnit.SECONDS));
    }

    private interface Body {
        void write(XMLStreamWriter w) throws XMLStreamException;
    }

    private static byte[] xml(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            w.writeStartDocument("UTF-8", "1.0");
            body.write(w);
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("could not write XML", e);
        }
        return out.toByteArray();
    }

    /**
     * Parses an answer with DTDs and external entities off (no XXE from a compromised or spoofed
     * server).
     */
    static Document parse(byte[] xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        f.setNamespaceAware(false);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }

    /** The text of the first child of the root element with this name, or null. */
    private static String text(Document d, String name) {
        Element root = d.getDocumentElement();
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.ELEMENT_NODE && name.equals(n.getNodeName())) {
                return n.getTextContent().trim();
            }
        }
        return null;
    }

    /**
     * A file name inside a quoted Content-Disposition parameter: no quotes, backslashes or line
     * breaks.
     */
    private static String quotedFileName(String name) {
        return name.replace("\\", "_").replace("\"", "_").replace("\r", "_").replace("\n", "_");
    }

    @Override
    public String toString() {
        return "CyberTiplineClient[" + base + ", credentials=[REDACTED]]";
    }
}
