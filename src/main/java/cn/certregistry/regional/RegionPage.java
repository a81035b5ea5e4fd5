package cn.certregistry.regional;

import java.time.LocalDate;
import java.util.ArrayList;
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
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.RawString;
import io.quarkus.qute.TemplateInstance;

import cn.certregistry.common.CostlyRequests;
import cn.certregistry.common.Page;
import cn.certregistry.common.ProblemException;
import cn.certregistry.common.QueryParameters;
import cn.certregistry.common.RegisterClock;
import cn.certregistry.region.Region;
import cn.certregistry.region.RegionService;
import cn.certregistry.register.AtomFeeds;
import cn.certregistry.register.CertificateQueries;
import cn.certregistry.register.ChangeLabels;
import cn.certregistry.register.CertificateSearch;
import cn.certregistry.register.CertificateService;
import cn.certregistry.register.CertificateViews;
import cn.certregistry.register.RegisterReferenceData;
import cn.certregistry.register.Status;
import cn.certregistry.scheme.Scheme;
import cn.certregistry.scheme.SchemeCatalogue;
import cn.certregistry.web.BarChart;
import cn.certregistry.web.ColumnChart;
import cn.certregistry.web.Language;
import cn.certregistry.web.Messages;
import cn.certregistry.web.WebPages;

/** A regulator's view of a province, city or district: figures, the filtered list, changes in a period, exports. */
@Path("/regions/{code}")
public class RegionPage {

    private static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    static final Set<String> FIELDS = Set.of("q", "scheme", "grade", "status", "validOn", "page", "from", "to", "lang");
    /** The statuses a certificate can have today, in the order the page counts and offers them. */
    private static final List<Status> STATUSES = List.of(Status.VALID, Status.SUSPENDED, Status.WITHDRAWN,
            Status.CANCELLED, Status.EXPIRED);
    private static final Map<String, String> STATUS_COLOURS = Map.of("VALID", "#146c2e", "SUSPENDED", "#8a5300", "WITHDRAWN",
            "#a4161a", "CANCELLED", "#6b0f12", "EXPIRED", "#555555");

    @Inject
    WebPages pages;
    @Inject
    RegionService regions;
    @Inject
    CertificateQueries statistics;
    @Inject
    CertificateService certificates;
    @Inject
    CertificateExport export;
    @Inject
    CostlyRequests costly;
    @Inject
    RegisterReferenceData referenceData;
    @Inject
    SchemeCatalogue schemes;
    @Inject
    RegisterClock clock;
    @Inject
    AtomFeeds feeds;
    @Inject
    ChinaPage china;
    @Inject
    ExportSignatures signatures;
    @Inject
    RegionFigures figures;

    @CheckedTemplate(basePath = "regional")
    static class Templates {
        static native TemplateInstance region(Language lang, Region region, String path, List<Region> children, long total,
                RawString statusChart, RawString schemeChart, List<SchemeChart> gradeCharts, Map<String, String> values,
                List<Scheme> schemes, List<Status> statuses, String exportQuery, Page<CertificateViews.Summary> list,
                LocalDate from, LocalDate to, CertificateQueries.Changes changes, Map<String, String> changeLabels,
                int trendMonths, List<TrendChart> trendCharts, RawString provinceMap, String figuresAsOf);
    }

    /** How many months the trend charts and their CSV cover, ending with the current one. */
    static final int TREND_MONTHS = RegionFigures.TREND_MONTHS;
    private static final java.time.format.DateTimeFormatter HOURS_MINUTES = java.time.format.DateTimeFormatter.ofPattern("HH:mm");

    /** One kind of change per month, charted. */
    public record TrendChart(String kind, String label, RawString chart) {
    }

    /** A scheme's grades, charted on their own: grades of different schemes that share a name are different grades. */
    public record SchemeChart(String code, String name, RawString chart) {
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response show(@PathParam("code") String code, @Context UriInfo uri, @Context HttpHeaders headers) {
        Language language = pages.language(uri, headers.getCookies());
        Region region = region(code);
        LocalDate today = clock.today();
        Map<String, String> values = WebPages.formValues(uri.getQueryParameters(), FIELDS);
        QueryParameters parameters = QueryParameters.of(uri.getQueryParameters(), FIELDS);
        LocalDate from = parameters.date("from").orElse(today.minusDays(30));
        LocalDate to = parameters.date("to").orElse(today);
        QueryParameters.requireOrdered("from", java.util.Optional.of(from), "to", java.util.Optional.of(to));
        CertificateSearch search = search(region, values);
        // the list (a deep page of it) and the changes of a long period are costly; the figures are counted ahead
        return costly.run(() -> {
            CertificateService.Results results = certificates.search(search, CertificateSearch.Scope.EVERYTHING);
            Page<CertificateViews.Summary> list = Page.of(results.items(), results.total(), search.page(), results.after(), uri);
            CertificateQueries.Changes changes = statistics.changes(region.codeRange(), from, to);
            RegionFigures.Figures counted = figures.of(region.codeRange());
            return page(language, region, values, list, from, to, changes, counted, uri);
        });
    }

    private Response page(Language language, Region region, Map<String, String> values, Page<CertificateViews.Summary> list,
            LocalDate from, LocalDate to, CertificateQueries.Changes changes, RegionFigures.Figures counted, UriInfo uri) {
        List<CertificateQueries.Count> counts = counted.counts();
        List<CertificateQueries.Month> trends = counted.months();
        Messages words = pages.words(language.code());
        return pages.html(200, Templates.region(language, region, regions.reference(region.code).path(),
                regions.children(region.code), counts.stream().mapToLong(CertificateQueries.Count::count).sum(),
                new RawString(statusChart(counts, language.code(), words)),
                new RawString(schemeChart(counts, language.code(), words)), gradeCharts(counts, language.code(), words),
                values, schemes.all(), STATUSES, exportQuery(values), list, from, to, changes, ChangeLabels.of(words),
                TREND_MONTHS, trendCharts(trends, words),
                region.level == 1 ? new RawString(china.provinceMap(region.code, words)) : null,
                counted.takenAt().map(at -> at.atZoneSameInstant(clock.zone()).format(HOURS_MINUTES)).orElse("–")), language, uri);
    }

    /** The region's changes per month (the trend charts' figures), a row per month, oldest first. */
    @GET
    @Path("trends.csv")
    @Produces("text/csv")
    public Response trends(@PathParam("code") String code, @Context UriInfo uri) {
        QueryParameters.of(uri.getQueryParameters(), Set.of());
        Region region = region(code);
        // counted ahead, as the page's charts: the same figures
        List<CertificateQueries.Month> months = figures.of(region.codeRange()).months();
        StringBuilder csv = new StringBuilder("month");
        CertificateQueries.CHANGE_KINDS.forEach(kind -> csv.append(',').append(kind));
        csv.append("\r\n");
        for (CertificateQueries.Month month : months) {
            csv.append(month.month());
            CertificateQueries.CHANGE_KINDS.forEach(kind -> csv.append(',').append(month.counts().get(kind)));
            csv.append("\r\n");
        }
        return Response.ok(csv.toString(), "text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"trends-" + region.code + ".csv\"")
                .header("Cache-Control", "public, max-age=60").build();
    }

    private static List<TrendChart> trendCharts(List<CertificateQueries.Month> trends, Messages words) {
        Map<String, String> labels = ChangeLabels.of(words);
        return CertificateQueries.CHANGE_KINDS.stream().map(kind -> new TrendChart(kind, labels.get(kind), new RawString(
                ColumnChart.svg(labels.get(kind), trends.stream().map(month -> new ColumnChart.Column(month.month().toString(),
                        month.counts().get(kind))).toList(), STATUS_COLOURS.getOrDefault(kind, "#0b4f9c"))))).toList();
    }

    @GET
    @Path("feed.atom")
    @Produces(AtomFeeds.ATOM)
    public Response feed(@PathParam("code") String code, @Context UriInfo uri, @Context jakarta.ws.rs.core.Request request) {
        return feeds.region(code, uri, request);
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

    private Response export(String code, UriInfo uri, HttpHeaders headers, String type, String extension,
            CertificateExport.Format format) {
        Region region = region(code);
        String language = pages.language(uri, headers.getCookies()).code();
        CertificateSearch search = search(region, checkedValues(uri));
        String query = uri.getRequestUri().getRawQuery();
        ExportSignatures.Snapshot snapshot = signatures.begin(uri.getRequestUri().getRawPath() + (query == null ? "" : "?" + query));
        export.admit();
        StreamingOutput body = out -> {
            try {
                export.stream(format, search.filters(), language, snapshot, out);
            } finally {
                export.release();
            }
        };
        return Response.ok(body, type)
                .header("Content-Disposition", "attachment; filename=\"certificates-" + region.code + "." + extension + "\"")
                .header("Link", "<" + signatures.signatureUrl(snapshot) + ">; rel=\"signature\"").build();
    }

    /** The signed note of an export, by the id its last line and its Link header give. */
    @GET
    @Path("{file:export\\.(csv|xlsx)\\.sig}")
    @Produces("text/plain")
    public Response signature(@PathParam("code") String code, @Context UriInfo uri) {
        QueryParameters parameters = QueryParameters.of(uri.getQueryParameters(), Set.of("export"));
        region(code);
        String id = parameters.text("export", 40).orElseThrow(() -> ProblemException.invalidParameter("export",
                "'export' is required: the id in the export's last line."));
        String address = "\naddress " + uri.getRequestUri().getRawPath().replaceFirst("\\.sig$", "");
        String note = signatures.find(id).filter(found -> found.contains(address + "\n") || found.contains(address + "?"))
                .orElseThrow(() -> ProblemException.notFound("No export of this address has the id '" + id + "'."));
        return Response.ok(note, "text/plain; charset=utf-8").header("Cache-Control", "public, max-age=31536000, immutable").build();
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
        return WebPages.formValues(uri.getQueryParameters(), FIELDS);
    }

    private CertificateSearch search(Region region, Map<String, String> values) {
        MultivaluedMap<String, String> api = WebPages.filledIn(values, List.of("q", "scheme", "grade", "status", "validOn", "page"));
        api.putSingle("region", region.code);
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


    private String schemeChart(List<CertificateQueries.Count> counts, String language, Messages words) {
        List<BarChart.Bar> bars = new ArrayList<>();
        for (Scheme scheme : schemes.all()) {
            bars.add(new BarChart.Bar(scheme.name().get(language),
                    counts.stream().filter(c -> c.scheme().equals(scheme.code())).mapToLong(CertificateQueries.Count::count).sum(),
                    "#0b4f9c"));
        }
        return BarChart.svg(words.regionCountsScheme(), bars);
    }

    private List<SchemeChart> gradeCharts(List<CertificateQueries.Count> counts, String language, Messages words) {
        List<SchemeChart> charts = new ArrayList<>();
        for (Scheme scheme : schemes.all()) {
            List<BarChart.Bar> bars = new ArrayList<>();
            for (Scheme.Grade grade : scheme.grades()) {
                bars.add(new BarChart.Bar(grade.name().get(language), counts.stream()
                        .filter(c -> c.scheme().equals(scheme.code()) && c.grade().equals(grade.code()))
                        .mapToLong(CertificateQueries.Count::count).sum(), "#3b6ea5"));
            }
            String name = scheme.name().get(language);
            charts.add(new SchemeChart(scheme.code(), name, new RawString(BarChart.svg(words.regionCountsGrade() + " · " + name, bars))));
        }
        return charts;
    }

    private String statusChart(List<CertificateQueries.Count> counts, String language, Messages words) {
        List<BarChart.Bar> bars = new ArrayList<>();
        for (Status status : STATUSES) {
            bars.add(new BarChart.Bar(status.label.get(language), counts.stream().filter(c -> c.status() == status)
                    .mapToLong(CertificateQueries.Count::count).sum(), STATUS_COLOURS.get(status.name())));
        }
        return BarChart.svg(words.regionCountsStatus(), bars);
    }
}
