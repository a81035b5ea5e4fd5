package cn.certregistry.register;

import java.util.LinkedHashMap;
import java.util.Map;

import cn.certregistry.web.Messages;

/** The words of the register's monthly changes ({@link CertificateQueries#CHANGE_KINDS}), in a page's language. */
public final class ChangeLabels {

    private ChangeLabels() {
    }

    public static Map<String, String> of(Messages words) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("ISSUED", words.changeNew());
        labels.put("SUSPENDED", words.changeSuspended());
        labels.put("WITHDRAWN", words.changeWithdrawn());
        labels.put("CANCELLED", words.changeCancelled());
        labels.put("EXPIRED", words.changeExpired());
        return labels;
    }
}
