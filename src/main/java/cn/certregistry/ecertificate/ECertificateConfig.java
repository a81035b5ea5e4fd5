package cn.certregistry.ecertificate;

import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How e-certificates are drawn. */
@ConfigMapping(prefix = "registry.e-certificate")
public interface ECertificateConfig {

    /**
     * Font files with Chinese glyphs and TrueType outlines (PDFBox embeds a subset of those; it cannot subset the CFF
     * outlines of the Noto CJK OpenType files), tried in turn: the first that exists draws. The defaults are where
     * Debian's {@code fonts-wqy-zenhei}, {@code fonts-wqy-microhei} and {@code fonts-arphic-uming} put theirs.
     */
    @WithDefault("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc,/usr/share/fonts/truetype/wqy/wqy-microhei.ttc,"
            + "/usr/share/fonts/truetype/arphic/uming.ttc")
    List<String> fonts();
}
