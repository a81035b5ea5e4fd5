package cn.certregistry.register;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

import cn.certregistry.access.Caller;
import cn.certregistry.body.CertificationBody;
import cn.certregistry.common.Label;
import cn.certregistry.common.Page;
import cn.certregistry.common.QueryParameters;
import cn.certregistry.region.Region;
import cn.certregistry.region.RegionService;
import cn.certregistry.scheme.Scheme;
import cn.certregistry.scheme.SchemeCatalogue;
import cn.certregistry.web.ChoiceOption;
import cn.certregistry.web.Language;
import cn.certregistry.web.WebPages;

/** The search page: one box (name, credit code or number), filters, results with paging. */
@Path("/")
public class SearchPage {

    /** The form's own fields; the page also takes every parameter of the API's search, so that a link to it works here. */
    private static final Set<String> FORM = Set.of("q", "province", "city", "district", "lang");
    static final Set<String> FIELDS = Stream.concat(FORM.stream(), CertificateSearch.PARAMETERS.stream())
            .collect(Collectors.toUnmodifiableSet());
    /** API parameters the form has no field for: passed on as they are, and kept by the form in hidden fields. */
    static final List<String> PASSED_ON = List.of("creditCode", "number", "issuedFrom", "issuedTo", "expiresFrom", "expiresTo",
            "surveillanceOverdue", "sort", "size", "after");
    private static final Pattern CREDIT_CODE = Pattern.compile("[0-9A-Za-z]{18}");
    private static final Pattern NUMBER = Pattern.compile("[A-Za-z0-9]+(-[A-Za-z0-9]+)+");

    @Inject
    WebPages pages;
    @Inject
    CertificateService certificates;
    @Inject
    RegisterReferenceData referenceData;
    @Inject
    SchemeCatalogue schemes;
    @Inject
    RegionService regions;
    @Inject
    Caller caller;

    @CheckedTemplate(basePath = "register")
    static class Templates {
        static native TemplateInstance search(Language lang, Map<String, String> values, Page<CertificateViews.Summary> results,
                List<ChoiceOption> schemes, List<ChoiceOption> grades, List<ChoiceOption> statuses, List<ChoiceOption> provinces,
                List<ChoiceOption> cities, List<ChoiceOption> districts, List<ChoiceOption> bodies, Map<String, String> passedOn);
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response search(@Context UriInfo uri, @Context HttpHeaders headers) {
        Language language = pages.language(uri, headers.getCookies());
        MultivaluedMap<String, String> form = uri.getQueryParameters();
        QueryParameters.of(form, FIELDS);
        Map<String, String> values = WebPages.formValues(form, FIELDS);
        showRegionInChoices(values);
        Page<CertificateViews.Summary> results = null;
        if (!values.get("q").isEmpty() || form.keySet().stream().anyMatch(k -> !k.equals("lang"))) {
            CertificateSearch search = CertificateSearch.parse(QueryParameters.of(apiParameters(values),
                    CertificateSearch.PARAMETERS), referenceData);
            CertificateService.Results found = certificates.search(search, CertificateSearch.Scope.of(search, caller));
            results = Page.of(found.items(), found.total(), search.page(), found.after(), uri);
        }
        String code = language.code();
        FormChoices.Regions places = FormChoices.regions(regions, values);
        return pages.html(200, Templates.search(language, values, results, FormChoices.schemes(schemes, values.get("scheme"), code),
                gradeOptions(values.get("grade"), code), statusOptions(values.get("status"), code), places.provinces(),
                places.cities(), places.districts(), referenceData.bodyChoices(values.get("body")), passedOn(values)), language, uri);
    }

    /**
     * A {@code region} (a code or a name, as the API takes it) that names one division selects it in the province, city
     * and district choices, which then stand for it; one that names several (朝阳区) is searched as the API would.
     */
    private void showRegionInChoices(Map<String, String> values) {
        String region = values.get("region");
        if (region.isEmpty() || !(values.get("province") + values.get("city") + values.get("district")).isEmpty()) {
            return;
        }
        List<Region> named = regions.resolve("region", region);
        if (named.size() != 1) {
            return;
        }
        List<String> choices = List.of("province", "city", "district");
        List<Region> path = regions.path(named.get(0).code);
        for (int i = 0; i < path.size() && i < choices.size(); i++) {
            values.put(choices.get(i), path.get(i).code);
        }
        values.put("region", "");
    }

    private static Map<String, String> passedOn(Map<String, String> values) {
        Map<String, String> kept = new LinkedHashMap<>();
        for (String field : PASSED_ON) {
            // a new search from the form starts at its first page
            if (!field.equals("after") && !values.get(field).isEmpty()) {
                kept.put(field, values.get(field));
            }
        }
        if (!values.get("region").isEmpty()) {
            kept.put("region", values.get("region"));
        }
        return kept;
    }

    /** The box takes a name, a credit code or a certificate number; the API takes each in its own parameter. */
    static MultivaluedMap<String, String> apiParameters(Map<String, String> values) {
        MultivaluedMap<String, String> api = WebPages.filledIn(values, Stream.concat(Stream.of("scheme", "grade", "status",
                "body", "validOn", "page"), PASSED_ON.stream()).toList());
        String q = values.get("q");
        if (!q.isEmpty()) {
            api.putSingle(CREDIT_CODE.matcher(q).matches() ? "creditCode" : NUMBER.matcher(q).matches() ? "number" : "q", q);
        }
        FormChoices.chosenRegion(values).ifPresent(region -> api.putSingle("region", region));
        return api;
    }

    private List<ChoiceOption> gradeOptions(String selected, String language) {
        Map<String, Label> grades = new LinkedHashMap<>();
        for (Scheme scheme : schemes.all()) {
            scheme.grades().forEach(g -> grades.putIfAbsent(g.code(), g.name()));
        }
        List<ChoiceOption> options = new ArrayList<>();
        grades.forEach((code, name) -> options.add(new ChoiceOption(code, name.get(language), code.equals(selected))));
        return options;
    }

    private static List<ChoiceOption> statusOptions(String selected, String language) {
        return java.util.Arrays.stream(Status.values()).filter(s -> s != Status.NOT_YET_ISSUED)
                .map(s -> new ChoiceOption(s.name(), s.label.get(language), s.name().equals(selected))).toList();
    }
}
