package cn.certregistry.region;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import cn.certregistry.common.ProblemException;

/** The GB/T 2260 table (about 3 200 divisions), held in memory: it changes only by migration. */
@ApplicationScoped
public class RegionService {

    private static final Pattern CODE = Pattern.compile("[0-9]{6}|[0-9]{4}|[0-9]{2}");

    private volatile Map<String, Region> byCode;

    public RegionService() {
    }

    /** A service over a table given whole instead of read from the database: the parsing tested on its own. */
    RegionService(List<Region> table) {
        Map<String, Region> directory = new LinkedHashMap<>();
        table.forEach(region -> directory.put(region.code, region));
        byCode = directory;
    }

    public Optional<Region> find(String code) {
        return Optional.ofNullable(directory().get(code));
    }

    public List<Region> children(String parentCode) {
        return directory().values().stream().filter(r -> parentCode.equals(r.parentCode)).toList();
    }

    public List<Region> provinces() {
        return directory().values().stream().filter(r -> r.parentCode == null).toList();
    }

    /**
     * Resolves what a user typed for a region (a code of 2, 4 or 6 digits, or a Chinese name with or
     * without its suffix, e.g. 广州 or 广州市) into divisions. A name can mean several divisions
     * (there are two 朝阳区): all of them are returned.
     */
    public List<Region> resolve(String parameter, String input) {
        if (CODE.matcher(input).matches()) {
            String code = (input + "0000").substring(0, 6);
            return List.of(find(code).orElseThrow(() -> ProblemException.invalidParameter(parameter,
                    "No administrative division has the code '" + input + "'.")));
        }
        List<Region> regions = directory().values().stream().filter(r -> r.name.equals(input)).toList();
        if (regions.isEmpty() && input.codePointCount(0, input.length()) >= 2) {
            regions = directory().values().stream().filter(r -> r.name.startsWith(input)).toList();
        }
        if (regions.isEmpty()) {
            throw ProblemException.invalidParameter(parameter, "No administrative division is named '" + input
                    + "'. Give a GB/T 2260 code or a name such as 广州市 or 天河区.");
        }
        return regions;
    }

    /** Province, city and district of a code, outermost first. */
    public List<Region> path(String code) {
        List<Region> path = new ArrayList<>();
        Region region = directory().get(code);
        while (region != null) {
            path.add(0, region);
            region = region.parentCode == null ? null : directory().get(region.parentCode);
        }
        return path;
    }

    public RegionRef reference(String code) {
        if (code == null) {
            return null;
        }
        List<Region> path = path(code);
        String name = path.isEmpty() ? null : path.get(path.size() - 1).name;
        return new RegionRef(code, name, String.join(" ", path.stream().map(r -> r.name).toList()));
    }

    private Map<String, Region> directory() {
        Map<String, Region> current = byCode;
        if (current == null) {
            current = new LinkedHashMap<>();
            for (Region region : Region.<Region>listAll(io.quarkus.panache.common.Sort.by("code"))) {
                current.put(region.code, region);
            }
            byCode = current;
        }
        return current;
    }

    /** A division as other records show it: its code, its name and its full path (广东省 广州市 天河区). */
    public record RegionRef(String code, String name, String path) {
    }
}
