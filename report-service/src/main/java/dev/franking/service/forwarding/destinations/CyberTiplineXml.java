package dev.franking.service.forwarding.destinations;

import dev.franking.service.forwarding.destinations.CyberTiplineReport.Account;
import dev.franking.service.forwarding.destinations.CyberTiplineReport.Person;
import dev.franking.service.forwarding.destinations.CyberTiplineReport.ReportedUser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The XML of {@link CyberTiplineClient}: the documents it sends (written in NCMEC's schema order)
 * and the safe parsing of NCMEC's answers. Kept apart from the HTTP steps so the schema-order rules
 * can be read, and reviewed against the XSD, in one place.
 */
final class CyberTiplineXml {
    private static final DateTimeFormatter XS_DATE_TIME = DateTimeFormatter.ISO_INSTANT;

    private CyberTiplineXml() {}

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
     *                       groupIdentifier] accountTemporarilyDisabled? accountPermanentlyDisabled?
     *                       [estimatedLocation allEmailsReported associatedAccount*] additionalInfo?
     * intendedRecipient:    intendedRecipientPerson espIdentifier? espService? [compromisedAccount]
     *                       screenName? displayName* [profileUrl* ... ] additionalInfo*
     * reportAnnotations:    sextortion? csamSolicitation? minorToMinorInteraction? spam?
     *                       sadisticOnlineExploitation? (empty presence flags)
     * fileDetails:          reportId fileId fileName? originalFileName? uploadedToEspTimestamp?
     *                       [locationOfFile] fileViewedByEsp? [exifViewedByEsp] publiclyAvailable?
     *                       fileRelevance? [potentialMeme fileAnnotations industryClassification]
     *                       originalFileHash* [ipCaptureEvent deviceId* details*] additionalInfo*
     */

    /** The {@code <report>} document for {@code /submit}, children in schema order. */
    static byte[] reportXml(CyberTiplineReport r) {
        return xml(
                w -> {
                    w.writeStartElement("report");

                    w.writeStartElement("incidentSummary");
                    leaf(w, "incidentType", r.incidentType().xml());
                    leaf(w, "platform", r.platform());
                    leaf(w, "escalateToHighPriority", r.escalateToHighPriority());
                    if (!r.annotations().isEmpty()) {
                        w.writeStartElement("reportAnnotations");
                        for (CyberTiplineReport.Annotation a :
                                CyberTiplineReport.Annotation.values()) {
                            if (r.annotations().contains(a)) {
                                w.writeEmptyElement(a.xml()); // a presence flag
                            }
                        }
                        w.writeEndElement();
                    }
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
                        if (u.disabled() != null) {
                            w.writeStartElement(
                                    u.disabled().permanently()
                                            ? "accountPermanentlyDisabled"
                                            : "accountTemporarilyDisabled");
                            w.writeAttribute("disabledDate", dateTime(u.disabled().at()));
                            w.writeCharacters("true");
                            w.writeEndElement();
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
                        leaf(w, "additionalInfo", a.additionalInfo());
                        w.writeEndElement();
                    }

                    leaf(w, "additionalInfo", r.additionalInfo());
                    w.writeEndElement();
                });
    }

    /** The {@code <fileDetails>} document for {@code /fileinfo}, children in schema order. */
    static byte[] fileDetailsXml(String reportId, String fileId, FileToUpload f) {
        return xml(
                w -> {
                    w.writeStartElement("fileDetails");
                    leaf(w, "reportId", reportId);
                    leaf(w, "fileId", fileId);
                    // our name for the file; the user's own only when known (never invented)
                    leaf(w, "fileName", f.name());
                    leaf(w, "originalFileName", f.originalFileName());
                    leaf(
                            w,
                            "uploadedToEspTimestamp",
                            f.uploadedToEsp() == null ? null : dateTime(f.uploadedToEsp()));
                    leaf(w, "fileViewedByEsp", Boolean.toString(f.viewedByPlatform()));
                    leaf(w, "publiclyAvailable", Boolean.toString(f.publiclyAvailable()));
                    leaf(w, "fileRelevance", f.relevance().xml());
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
    static String text(Document d, String name) {
        Element root = d.getDocumentElement();
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.ELEMENT_NODE && name.equals(n.getNodeName())) {
                return n.getTextContent().trim();
            }
        }
        return null;
    }
}
