package cn.certregistry.region;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The GB/T 2260 table as the migration loads it, read from the migration itself, for tests without a database. */
public final class TestRegions {

    private static final Pattern ROW = Pattern.compile("\\('(\\d{6})', '([^']*)', (\\d), (?:null|'(\\d{6})')\\)");
    private static final List<Region> TABLE = read();

    private TestRegions() {
    }

    public static List<Region> table() {
        return TABLE;
    }

    public static RegionService service() {
        return new RegionService(TABLE);
    }

    private static List<Region> read() {
        try (InputStream in = TestRegions.class.getResourceAsStream("/db/migration/V2__regions.sql")) {
            Matcher row = ROW.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            List<Region> table = new ArrayList<>();
            while (row.find()) {
                Region region = new Region();
                region.code = row.group(1);
                region.name = row.group(2);
                region.level = Integer.parseInt(row.group(3));
                region.parentCode = row.group(4);
                table.add(region);
            }
            if (table.size() < 3000) {
                throw new IllegalStateException("read " + table.size() + " divisions from V2__regions.sql");
            }
            return List.copyOf(table);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
