package cn.certregistry.register;

import java.io.StringWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import cn.certregistry.common.Hashes;
import cn.certregistry.common.Label;
import cn.certregistry.common.ProblemException;
import cn.certregistry.common.QueryParameters;
import cn.certregistry.common.RegistryConfig;
import cn.certregistry.log.LogEntries;
import cn.certregistry.log.TransparencyLog;
import cn.certregistry.region.Region;
import cn.certregistry.region.RegionService;
import cn.certregistry.web.Messages;
import cn.certregistry.web.WebPages;

/**
 * Atom feeds (RFC 4287) of the log's latest entries about a region's certificates or a body, for people
 * with a feed reader: each entry is one change, its id the log index, so a reader never shows one twice.
 */
@ApplicationScoped
public class AtomFeeds {

    public static final String ATOM = "application/atom+xml";
    public static final int ENTRIES = 50;
    /** Labels of the log's kinds that are not a certificate's events. */
    private static final Map<String, Label> OTHER_KINDS = Map.of(
            "BODY_REGISTERED", new Label("认证机构登记", "certification body registered"),
            "BODY_CHANGED", new Label("认证机构信息变更", "certification body changed"),
            "NUMBER_PREFIX_REGISTERED", new Label("证书编号前缀登记", "number prefix registered"));

    @Inject
    TransparencyLog log;
    @Inject
    RegionService regions;
    @Inject
    CertificateQueries queries;
    @Inject
    RegistryConfig config;
    @Inject
    WebPages pages;

    /** {@code /regions/{code}/feed.atom}, served by regional.RegionPage, whose path it is under. */
    public Response region(@PathParam("code") String code, @Context UriInfo uri, @Context Request request) {
        QueryParameters.of(uri, Set.of());
        if (!code.matches("[0-9]{2}|[0-9]{4}|[0-9]{6}")) {
            throw ProblemException.notFound("'" + code + "' is not a GB/T 2260 code.");
        }
        Region region = regions.find((code + "0000").substring(0, 6))
                .orElseThrow(() -> ProblemException.notFound("No administrative division has the code '" + code + "'."));
        Region.CodeRange range = region.codeRange();
        int common = 0;
        while (common < range.first().length() && range.first().charAt(common) == range.last().charAt(common)) {
            common++;
        }
        List<TransparencyLog.FeedItem> items = log.regionFeed(range.first().substring(0, common), ENTRIES);
        String name = regions.reference(region.code).path();
        return feed(request, "regions/" + code, "/regions/" + code, name, items);
    }

    /** {@code /bodies/{code}/feed.atom}, served by directory.DirectoryPage, whose path it is under. */
    public Response body(@PathParam("code") String code, @Context UriInfo uri, @Context Request request) {
        QueryParameters.of(uri, Set.of());
        String name = queries.bodyName(code).orElseThrow(() -> ProblemException.notFound("No certification body has the code '" + code + "'."));
        return feed(request, "bodies/" + code, "/?body=" + URLEncoder.encode(code, StandardCharsets.UTF_8), name,
                log.bodyFeed(code, ENTRIES));
    }

    private Response feed(Request request, String path, String page, String name, List<TransparencyLog.FeedItem> items) {
        String base = config.publicBaseUrl().replaceAll("/+$", "");
        String atom = atom(base, path, page, name, items);
        EntityTag tag = new EntityTag(HexFormat.of().formatHex(Hashes.sha256(atom), 0, 16));
        byte[] xml = atom.getBytes(StandardCharsets.UTF_8);
        Response.ResponseBuilder unchanged = request.evaluatePreconditions(tag);
        Response.ResponseBuilder answer = unchanged != null ? unchanged : Response.ok(xml, ATOM + "; charset=UTF-8");
        return answer.tag(tag).header("Cache-Control", "public, max-age=60").build();
    }

    String atom(String base, String path, String page, String name, List<TransparencyLog.FeedItem> items) {
        Messages zh = pages.words(WebPages.CHINESE);
        Messages en = pages.words(WebPages.ENGLISH);
        String tagPrefix = "tag:" + URI.create(base).getHost() + ",2026:";
        try {
            StringWriter out = new StringWriter();
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeStartElement("feed");
            xml.writeDefaultNamespace("http://www.w3.org/2005/Atom");
            text(xml, "id", tagPrefix + path);
            text(xml, "title", zh.feedTitle(name) + " · " + en.feedTitle(name));
            text(xml, "subtitle", zh.siteName());
            link(xml, "self", base + "/" + path + "/feed.atom", ATOM);
            link(xml, "alternate", base + page, "text/html");
            text(xml, "updated", items.isEmpty() ? time(OffsetDateTime.now(ZoneOffset.UTC)) : updated(items.get(0)));
            xml.writeStartElement("author");
            text(xml, "name", zh.siteName());
            text(xml, "uri", base + "/");
            xml.writeEndElement();
            for (TransparencyLog.FeedItem item : items) {
                entry(xml, base, tagPrefix, item);
            }
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
            return out.toString();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void entry(XMLStreamWriter xml, String base, String tagPrefix, TransparencyLog.FeedItem item)
            throws XMLStreamException {
        Map<String, Object> change = new TreeMap<>(LogEntries.decode(item.entry()));
        String kind = String.valueOf(change.get("kind"));
        Label label = label(kind);
        String about = item.certificateNumber() != null
                ? item.certificateNumber() + (item.holderName() == null ? "" : " " + item.holderName())
                : String.valueOf(change.getOrDefault("body", ""));
        xml.writeStartElement("entry");
        text(xml, "id", tagPrefix + "log/" + item.index());
        text(xml, "title", label.zh() + " " + capitalised(label.en()) + ": " + about);
        text(xml, "updated", updated(item));
        link(xml, "alternate", item.certificateNumber() != null
                ? base + "/certificates/" + URLEncoder.encode(item.certificateNumber(), StandardCharsets.UTF_8).replace("+", "%20")
                : base + "/?body=" + URLEncoder.encode(String.valueOf(change.get("body")), StandardCharsets.UTF_8), "text/html");
        link(xml, "related", base + "/log/proof/entry/" + item.index(), "text/plain");
        StringBuilder content = new StringBuilder();
        change.forEach((field, value) -> content.append(field).append(": ").append(value).append('\n'));
        content.append("log index: ").append(item.index()).append('\n');
        xml.writeStartElement("content");
        xml.writeAttribute("type", "text");
        xml.writeCharacters(content.toString());
        xml.writeEndElement();
        xml.writeEndElement();
    }

    private static Label label(String kind) {
        try {
            return EventKind.valueOf(kind).label;
        } catch (IllegalArgumentException notAnEvent) {
            return OTHER_KINDS.getOrDefault(kind, new Label(kind, kind));
        }
    }

    /** When the register recorded the change (every entry has it), else when the log took it in. */
    private static String updated(TransparencyLog.FeedItem item) {
        Object recorded = LogEntries.decode(item.entry()).get("recordedAt");
        return recorded instanceof String text ? text : time(item.integratedAt());
    }

    private static String time(OffsetDateTime time) {
        return time.withOffsetSameInstant(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    private static String capitalised(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private static void text(XMLStreamWriter xml, String element, String value) throws XMLStreamException {
        xml.writeStartElement(element);
        xml.writeCharacters(value);
        xml.writeEndElement();
    }

    private static void link(XMLStreamWriter xml, String rel, String href, String type) throws XMLStreamException {
        xml.writeEmptyElement("link");
        xml.writeAttribute("rel", rel);
        xml.writeAttribute("type", type);
        xml.writeAttribute("href", href);
    }
}
