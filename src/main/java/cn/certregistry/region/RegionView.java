package cn.certregistry.region;

import cn.certregistry.common.Label;

public record RegionView(String code, String name, RegionLevel level, Label levelLabel, String parentCode) {

    public static RegionView of(Region region) {
        RegionLevel level = RegionLevel.of(region.level);
        return new RegionView(region.code, region.name, level, level.label, region.parentCode);
    }
}
