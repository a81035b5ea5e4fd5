package cn.certregistry.directory;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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
import jakarta.ws.rs.core.UriInfo;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.RawString;
import io.quarkus.qute.TemplateInstance;

import cn.certregistry.common.CostlyRequests;
import cn.certregistry.common.Page;
import cn.certregistry.common.ProblemException;
import cn.certregistry.common.QueryParameters;
import cn.certregistry.region.RegionService;
import cn.certregistry.register.AtomFeeds;
import cn.certregistry.register.CertificateQueries;
import cn.certregistry.register.ChangeLabels;
import cn.certregistry.register.FormChoices;
import cn.certregistry.scheme.Scheme;
import cn.certregistry.scheme.SchemeCatalogue;
import cn.certregistry.web.BarChart;
import cn.certregistry.web.ChoiceOption;
import cn.certregistry.web.ColumnChart;
import cn.certregistry.web.Language;
import cn.certregistry.web.Messages;
import cn.certregistry.web.WebPages;

/** The directory of approved certification bodies (认证机构名录): the list with its filters, and each body's page. */
@Path("/bodies")
public class DirectoryPage {

    /** The form's fields: the API's, with province, city and district standing for its region. */
    private static final Set<String> FORM = Set.of("q", "province", "city", "district", "scheme", "page", "lang");
    static final Set<String> FIELDS = Stream.concat(FORM.stream(), Directory.PARAMETERS.stream())
            .collect(Collectors.toUnmodifiableSet());

    @Inject
    WebPages pages;
    @Inject
    Directory directory;
    @Inject
    RegionService regions;
    @Inject
    SchemeCatalogue schemes;
    @Inject
    CostlyRequests costly;
    @Inject
    AtomFeeds feeds;

    @CheckedTemplate(basePath = "directory")
    static class Templates {
        static native TemplateInstance bodies(Language lang, Map<String, String> values, Page<DirectoryViews.Entry> results,
                boolean noApprovedMatch, List<ChoiceOption> schemes, List<ChoiceOption> provinces, List<ChoiceOption> cities,
                List<ChoiceOption> districts, Map<String, Scheme> schemeByCode);

        static native TemplateInstance body(Language lang, DirectoryViews.Detail body, Map<String, Scheme> schemeByCode,
                String certificatesLink, int changeMonths, List<TrendChart> trendCharts, List<GradeChart> gradeCharts);
    }

    /** One kind of change per month, charted. */
    public record TrendChart(String kind, String label, RawString chart) {
    }

    /** A scheme's grades: the body's certificates in force beside the register's. */
    public record GradeChart(String code, String name, DirectoryViews.SchemeGrades grades, RawString chart) {
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response list(@Context UriInfo uri, @Context HttpHeaders headers) {
        Language language = pages.language(uri, headers.getCookies());
        MultivaluedMap<String, String> form = uri.getQueryParameters();
        QueryParameters.of(form, FIELDS);
        Map<String, String> values = WebPages.formValues(form, FIELDS);
        QueryParameters parameters = QueryParameters.of(apiParameters(values), Directory.PARAMETERS);
        Directory.Filters filters = directory.filters(parameters);
        Page.PageRequest request = Page.PageRequest.from(parameters);
        Directory.Listing listing = directory.list(filters, request);
        Page<DirectoryViews.Entry> results = Page.of(listing.items(), listing.total(), request, uri);
        FormChoices.Regions places = FormChoices.regions(regions, values);
        return pages.html(200, Templates.bodies(language, values, results,
                filters.name().isPresent() && !listing.anyApproved(),
                FormChoices.schemes(schemes, values.get("scheme"), language.code()), places.provinces(), places.cities(),
                places.districts(), schemeByCode()), language, uri);
    }

    @GET
    @Path("{code}")
    @Produces(MediaType.TEXT_HTML)
    public Response show(@PathParam("code") String code, @Context UriInfo uri, @Context HttpHeaders headers) {
        Language language = pages.language(uri, headers.getCookies());
        QueryParameters.of(uri.getQueryParameters(), Set.of("lang"));
        DirectoryViews.Detail body = costly.run(() -> directory.detail(code))
                .orElseThrow(() -> ProblemException.notFound("No certification body has the code '" + code + "'."));
        Messages words = pages.words(language.code());
        // the search page filters by body: its certificates, every status
        String link = "/?body=" + URLEncoder.encode(body.code(), StandardCharsets.UTF_8) + (language.english() ? "&lang=en" : "");
        return pages.html(200, Templates.body(language, body, schemeByCode(), link, Directory.CHANGE_MONTHS,
                trendCharts(body, words), gradeCharts(body, language.code(), words)), language, uri);
    }

    /** The body's Atom feed (the register's), under the body's page. */
    @GET
    @Path("{code}/feed.atom")
    @Produces(AtomFeeds.ATOM)
    public Response feed(@PathParam("code") String code, @Context UriInfo uri, @Context jakarta.ws.rs.core.Request request) {
        return feeds.body(code, uri, request);
    }

    /** The form's fields as the API's parameters: the smallest region chosen stands for the region. */
    private static MultivaluedMap<String, String> apiParameters(Map<String, String> values) {
        MultivaluedMap<String, String> api = WebPages.filledIn(values, List.of("q", "scheme", "page", "size"));
        FormChoices.chosenRegion(values).ifPresent(region -> api.putSingle("region", region));
        return api;
    }

    private Map<String, Scheme> schemeByCode() {
        Map<String, Scheme> byCode = new LinkedHashMap<>();
        schemes.all().forEach(s -> byCode.put(s.code(), s));
        return byCode;
    }

    private static List<TrendChart> trendCharts(DirectoryViews.Detail body, Messages words) {
        Map<String, String> labels = ChangeLabels.of(words);
        return CertificateQueries.CHANGE_KINDS.stream().map(kind -> new TrendChart(kind, labels.get(kind), new RawString(
                ColumnChart.svg(labels.get(kind), body.changesPerMonth().stream().map(month -> new ColumnChart.Column(month.month(),
                        month.counts().get(kind))).toList(), "#0b4f9c")))).toList();
    }

    /** Each scheme's grades: the body's share beside the register's, as percentages (the counts are in the table). */
    private static List<GradeChart> gradeCharts(DirectoryViews.Detail body, String language, Messages words) {
        List<GradeChart> charts = new ArrayList<>();
        for (DirectoryViews.SchemeGrades scheme : body.grades()) {
            List<BarChart.Bar> bars = new ArrayList<>();
            for (DirectoryViews.GradeShare grade : scheme.grades()) {
                String name = grade.name().get(language);
                bars.add(new BarChart.Bar(name + " · " + words.directoryThisBody() + " %", Math.round(100 * grade.share()), "#0b4f9c"));
                bars.add(new BarChart.Bar(name + " · " + words.directoryRegister() + " %", Math.round(100 * grade.registerShare()),
                        "#8a8a8a"));
            }
            String name = scheme.name().get(language);
            charts.add(new GradeChart(scheme.scheme(), name, scheme,
                    new RawString(BarChart.svg(words.directoryGrades() + " · " + name, bars))));
        }
        return charts;
    }
}
