package cn.certregistry.web;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;

import io.quarkus.qute.Location;
import io.quarkus.qute.RawString;
import io.quarkus.qute.Template;

import cn.certregistry.common.Page;
import cn.certregistry.common.ProblemException;
import cn.certregistry.common.QueryParameters;
import cn.certregistry.common.RegisterClock;
import cn.certregistry.region.Region;
import cn.certregistry.region.RegionService;
import cn.certregistry.register.CertificateQueries;
import cn.certregistry.register.CertificateSearch;
import cn.certregistry.register.CertificateService;
import cn.certregistry.register.RegisterReferenceData;
import cn.certregistry.register.Status;
import cn.certregistry.scheme.Scheme;
import cn.certregistry.scheme.SchemeCatalogue;

/** A regulator's view of a province, city or district: figures, the filtered list, changes in a period, exports. */
@Path("/regions/{code}")
public class RegionPage {

    private static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    static final Set<String> FIELDS = Set.of("q", "scheme", "grade", "status", "validOn", "page", "from", "to", "lang");
    private static final Map<String, String> STATUS_COLOURS = Map.of("VALID", "#146c2e", "SUSPENDED", "#8a5300", "WITHDRAWN",
            "#a4161a", "CANCELLED", "#6b0f12", "EXPIRED", "#555555");

    @Inject
    WebPages pages;
    @Inject
    Texts texts;
    @Inject
    RegionService regions;
    @Inject
    CertificateQueries statistics;
    @Inject
    CertificateService certificates;
    @Inject
    CertificateExport export;
    @Inject
    RegisterReferenceData referenceData;
    @Inject
    SchemeCatalogue schemes;
    @Inject
    RegisterClock clock;
    @Location("web/region.html")
    Template template;
    @Location("web/error.html")
    Template errorPage;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response show(@PathParam("code") String code, @Context UriInfo uri, @Context HttpHeaders headers) {
        String language = pages.language(uri, headers);
        Region region;
        try {
            region = region(code);
        } catch (ProblemException e) {
            return pages.html(e.type().status(), pages.prepare(errorPage.instance(), language, uri)
                    .data("title", texts.of(language).get("not_found_title")).data("message", e.getMessage()), language, uri);
        }
        LocalDate today = clock.today();
        Map<String, String> values = values(uri.getQueryParameters());
        String error = null;
        Page<?> list = null;
        CertificateQueries.Changes changes = null;
        LocalDate from = today.minusDays(30);
        LocalDate to = today;
        try {
            QueryParameters parameters = QueryParameters.of(uri.getQueryParameters(), FIELDS);
            from = parameters.date("from").orElse(from);
            to = parameters.date("to").orElse(to);
            QueryParameters.requireOrdered("from", java.util.Optional.of(from), "to", java.util.Optional.of(to));
            CertificateSearch search = search(region, values);
            CertificateService.Results results = certificates.search(search, CertificateSearch.Scope.EVERYTHING);
            list = Page.of(results.items(), results.total(), search.page(), uri);
            changes = statistics.changes(region.codeRange(), from, to);
        } catch (ProblemException e) {
            error = e.getMessage();
        }
        List<CertificateQueries.Count> counts = statistics.countsByRegion(region.codeRange());
        String exportQuery = exportQuery(values);
        var page = pages.prepare(template.instance(), language, uri)
                .data("region", region).data("path", regions.reference(region.code).path())
                .data("title", texts.format(language, "region_title", regions.reference(region.code).path()))
                .data("children", regions.children(region.code))
                .data("total", counts.stream().mapToLong(CertificateQueries.Count::count).sum())
                .data("schemeChart", new RawString(schemeChart(counts, language)))
                .data("statusChart", new RawString(statusChart(counts, language)))
                .data("gradeChart", new RawString(gradeChart(counts, language)))
                .data("overdue", statistics.surveillanceOverdue(region.codeRange()))
                .data("values", values).data("error", error).data("list", list)
                .data("pageOf", list == null ? null : texts.format(language, "page_of", list.page(), list.totalPages()))
                .data("count", list == null ? null : texts.format(language, "results_count", list.total()))
                .data("from", from).data("to", to).data("changes", changes)
                .data("changeLabels", changeLabels(language))
                .data("schemes", schemes.all()).data("statuses", List.of(Status.VALID, Status.SUSPENDED, Status.WITHDRAWN,
                        Status.CANCELLED, Status.EXPIRED))
                .data("exportQuery", exportQuery);
        return pages.html(error == null ? 200 : 400, page, language, uri);
    }

    @GET
    @Path("export.csv")
    @Produces("text/csv")
    public Response csv(@PathParam("code") String code, @Context UriInfo uri, @Context HttpHeaders headers) {
        return export(code, uri, headers, "text/csv; charset=UTF-8", "csv", export::csv);
    }

    @GET
    @Path("export.xlsx")
    @Produces(XLSX)
    public Response xlsx(@PathParam("code") String code, @Context UriInfo uri, @Context HttpHeaders headers) {
        return export(code, uri, headers, XLSX, "xlsx", export::xlsx);
    }

    /** How an export writes the filtered list. */
    interface Writer {
        void write(CertificateSearch.Filters filters, String language, java.io.OutputStream out);
    }

    private Response export(String code, UriInfo uri, HttpHeaders headers, String type, String extension, Writer writer) {
        Region region = region(code);
        String language = pages.language(uri, headers);
        CertificateSearch search = search(region, checkedValues(uri));
        StreamingOutput body = out -> writer.write(search.filters(), language, out);
        return Response.ok(body, type)
                .header("Content-Disposition", "attachment; filename=\"certificates-" + region.code + "." + extension + "\"").build();
    }

    private Region region(String code) {
        if (!code.matches("[0-9]{2}|[0-9]{4}|[0-9]{6}")) {
            throw ProblemException.notFound("'" + code + "' is not a GB/T 2260 code.");
        }
        return regions.find((code + "0000").substring(0, 6))
                .orElseThrow(() -> ProblemException.notFound("No administrative division has the code '" + code + "'."));
    }

    private Map<String, String> checkedValues(UriInfo uri) {
        QueryParameters.of(uri.getQueryParameters(), FIELDS);
        return values(uri.getQueryParameters());
    }

    private static Map<String, String> values(MultivaluedMap<String, String> form) {
        Map<String, String> values = new LinkedHashMap<>();
        FIELDS.forEach(field -> values.put(field, form.getFirst(field) == null ? "" : form.getFirst(field).strip()));
        return values;
    }

    private CertificateSearch search(Region region, Map<String, String> values) {
        MultivaluedMap<String, String> api = new MultivaluedHashMap<>();
        api.putSingle("region", region.code);
        for (String field : List.of("q", "scheme", "grade", "status", "validOn", "page")) {
            if (!values.get(field).isEmpty()) {
                api.putSingle(field, values.get(field));
            }
        }
        return CertificateSearch.parse(QueryParameters.of(api, CertificateSearch.PARAMETERS), referenceData);
    }

    private static String exportQuery(Map<String, String> values) {
        List<String> parts = new ArrayList<>();
        for (String field : List.of("q", "scheme", "grade", "status", "validOn", "lang")) {
            if (!values.get(field).isEmpty()) {
                parts.add(field + "=" + java.net.URLEncoder.encode(values.get(field), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return parts.isEmpty() ? "" : "?" + String.join("&", parts);
    }

    private Map<String, String> changeLabels(String language) {
        Map<String, String> labels = new LinkedHashMap<>();
        Map<String, String> words = texts.of(language);
        labels.put("ISSUED", words.get("change_new"));
        labels.put("SUSPENDED", words.get("change_suspended"));
        labels.put("WITHDRAWN", words.get("change_withdrawn"));
        labels.put("CANCELLED", words.get("change_cancelled"));
        labels.put("EXPIRED", words.get("change_expired"));
        return labels;
    }

    private String schemeChart(List<CertificateQueries.Count> counts, String language) {
        List<BarChart.Bar> bars = new ArrayList<>();
        for (Scheme scheme : schemes.all()) {
            bars.add(new BarChart.Bar(scheme.name().get(language),
                    counts.stream().filter(c -> c.scheme().equals(scheme.code())).mapToLong(CertificateQueries.Count::count).sum(),
                    "#0b4f9c"));
        }
        return BarChart.svg(texts.of(language).get("region_counts_scheme"), bars);
    }

    private String gradeChart(List<CertificateQueries.Count> counts, String language) {
        List<BarChart.Bar> bars = new ArrayList<>();
        for (Scheme scheme : schemes.all()) {
            for (Scheme.Grade grade : scheme.grades()) {
                bars.add(new BarChart.Bar(grade.name().get(language), counts.stream()
                        .filter(c -> c.scheme().equals(scheme.code()) && c.grade().equals(grade.code()))
                        .mapToLong(CertificateQueries.Count::count).sum(), "#3b6ea5"));
            }
        }
        return BarChart.svg(texts.of(language).get("region_counts_grade"), bars);
    }

    private String statusChart(List<CertificateQueries.Count> counts, String language) {
        List<BarChart.Bar> bars = new ArrayList<>();
        for (Status status : List.of(Status.VALID, Status.SUSPENDED, Status.WITHDRAWN, Status.CANCELLED, Status.EXPIRED)) {
            bars.add(new BarChart.Bar(status.label.get(language), counts.stream().filter(c -> c.status().equals(status.name()))
                    .mapToLong(CertificateQueries.Count::count).sum(), STATUS_COLOURS.get(status.name())));
        }
        return BarChart.svg(texts.of(language).get("region_counts_status"), bars);
    }
}
