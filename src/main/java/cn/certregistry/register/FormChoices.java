package cn.certregistry.register;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import cn.certregistry.region.Region;
import cn.certregistry.region.RegionService;
import cn.certregistry.scheme.SchemeCatalogue;
import cn.certregistry.web.ChoiceOption;

/** The choices the search forms offer, the register's and the directory of bodies' alike. */
public final class FormChoices {

    /** Province, city and district: a level is offered once the level above it is chosen. */
    public record Regions(List<ChoiceOption> provinces, List<ChoiceOption> cities, List<ChoiceOption> districts) {
    }

    private FormChoices() {
    }

    public static List<ChoiceOption> schemes(SchemeCatalogue schemes, String selected, String language) {
        return schemes.all().stream().map(s -> new ChoiceOption(s.code(), s.name().get(language), s.code().equals(selected)))
                .toList();
    }

    /** The divisions under the form's {@code province}, {@code city} and {@code district}, each chosen one selected. */
    public static Regions regions(RegionService regions, Map<String, String> values) {
        String province = values.get("province");
        String city = values.get("city");
        return new Regions(options(regions.provinces(), province),
                province.isEmpty() ? List.of() : options(children(regions, province), city),
                city.isEmpty() ? List.of() : options(children(regions, city), values.get("district")));
    }

    /** The region the form asks for: the smallest division chosen, or else its {@code region} as typed. */
    public static Optional<String> chosenRegion(Map<String, String> values) {
        return Stream.of("district", "city", "province", "region").map(values::get).filter(v -> !v.isEmpty()).findFirst();
    }

    private static List<Region> children(RegionService regions, String code) {
        return code.matches("[0-9]{6}") ? regions.children(code) : List.of();
    }

    private static List<ChoiceOption> options(List<Region> list, String selected) {
        return list.stream().map(r -> new ChoiceOption(r.code, r.name, r.code.equals(selected))).toList();
    }
}
