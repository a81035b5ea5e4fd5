package cn.certregistry.region;

import cn.certregistry.common.Label;

public enum RegionLevel {
    PROVINCE(new Label("省级", "province")),
    CITY(new Label("地级", "city")),
    DISTRICT(new Label("县级", "district"));

    public final Label label;

    RegionLevel(Label label) {
        this.label = label;
    }

    public static RegionLevel of(int level) {
        return values()[level - 1];
    }
}
