package cn.certregistry.webhook;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Which log entries a subscription gets: those of its certificates, of a body (its certificates and its own
 * entries), or of certificates whose site lies in a region (a GB/T 2260 code prefix). As SQL over
 * {@code log_entry e}, so that the dispatcher and the pending count agree.
 */
record Filter(long subscription, String kind, String body, String region) {

    static final String CERTIFICATES = "certificates";
    static final String BODY = "body";
    static final String REGION = "region";

    String condition() {
        return switch (kind) {
            case CERTIFICATES -> "e.certificate_number in (select certificate_number from webhook_certificate where subscription_id = ?)";
            case BODY -> "e.body_code = ?";
            case REGION -> "exists (select 1 from certificate c where c.number = e.certificate_number and c.site_region_code like ?)";
            default -> throw new IllegalStateException("unknown filter " + kind);
        };
    }

    void bind(PreparedStatement statement, int parameter) throws SQLException {
        switch (kind) {
            case CERTIFICATES -> statement.setLong(parameter, subscription);
            case BODY -> statement.setString(parameter, body);
            default -> statement.setString(parameter, region + "%");
        }
    }
}
