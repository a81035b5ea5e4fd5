package cn.certregistry.regional;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.RawString;
import io.quarkus.qute.TemplateInstance;

import cn.certregistry.common.QueryParameters;
import cn.certregistry.register.CertificateSearch;
import cn.certregistry.register.RegisterReferenceData;
import cn.certregistry.scheme.Scheme;
import cn.certregistry.scheme.SchemeCatalogue;
import cn.certregistry.web.Language;
import cn.certregistry.web.Messages;
import cn.certregistry.web.ProvinceTileMap;
import cn.certregistry.web.WebPages;

/** China at a glance: valid certificates per province on a tile map, of every scheme or of one, and as a table. */
@Path("/regions")
public class ChinaPage {

    @Inject
    WebPages pages;
    @Inject
    RegionFigures figures;
    @Inject
    SchemeCatalogue schemes;
    @Inject
    RegisterReferenceData referenceData;

    /** A province as the table lists it. */
    public record Row(String code, String name, long valid) {
    }

    /** A choice of scheme: its code ("" for all), its name, whether it is the one shown. */
    public record SchemeChoice(String code, String name, boolean selected) {
    }

    @CheckedTemplate(basePath = "regional")
    static class Templates {
        static native TemplateInstance regions(Language lang, RawString map, List<ProvinceTileMap.Step> legend, List<Row> rows,
                List<SchemeChoice> choices, String scheme);
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response show(@Context UriInfo uri, @Context HttpHeaders headers) {
        Language language = pages.language(uri, headers.getCookies());
        Optional<String> scheme = scheme(QueryParameters.of(uri.getQueryParameters(), Set.of("scheme", "lang")));
        Map<String, Long> counts = validByProvince(scheme);
        Messages words = pages.words(language.code());
        String query = scheme.map(code -> "?scheme=" + code).orElse("");
        List<Row> rows = ProvinceTileMap.TILES.stream().sorted(Comparator.comparing(ProvinceTileMap.Tile::code))
                .map(tile -> new Row(tile.code(), tile.name(), counts.getOrDefault(tile.code(), 0L))).toList();
        return pages.html(200, Templates.regions(language, new RawString(ProvinceTileMap.svg(words.chinaMapTitle(), counts, null,
                query)), ProvinceTileMap.legend(counts), rows, choices(scheme, language.code(), words), scheme.orElse("")),
                language, uri);
    }

    /** The map for a province's own page, with that province outlined. */
    String provinceMap(String provinceCode, Messages words) {
        return ProvinceTileMap.svg(words.chinaMapTitle(), validByProvince(Optional.empty()), provinceCode.substring(0, 2), "");
    }

    /** The scheme asked for, read as the API's search reads it. */
    private Optional<String> scheme(QueryParameters parameters) {
        MultivaluedHashMap<String, String> query = new MultivaluedHashMap<>();
        parameters.text("scheme", 60).ifPresent(code -> query.putSingle("scheme", code));
        return CertificateSearch.parse(QueryParameters.of(query, CertificateSearch.PARAMETERS), referenceData).filters().scheme();
    }

    /** Counted ahead with the regions' figures, once a refresh, for every server: a page sums a province's districts. */
    private Map<String, Long> validByProvince(Optional<String> scheme) {
        return figures.validByProvince(scheme);
    }

    private List<SchemeChoice> choices(Optional<String> selected, String language, Messages words) {
        List<SchemeChoice> choices = new ArrayList<>();
        choices.add(new SchemeChoice("", words.chinaAllSchemes(), selected.isEmpty()));
        for (Scheme scheme : schemes.all()) {
            choices.add(new SchemeChoice(scheme.code(), scheme.name().get(language), selected.filter(scheme.code()::equals).isPresent()));
        }
        return choices;
    }
}
