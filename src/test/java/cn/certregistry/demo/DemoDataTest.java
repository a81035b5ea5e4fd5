package cn.certregistry.demo;

import static cn.certregistry.Api.TODAY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;

import cn.certregistry.holder.CreditCode;
import cn.certregistry.scheme.SchemeCatalogue;

/** The generator's data lands in the real schema and covers every scheme, grade and status. */
@QuarkusTest
class DemoDataTest {

    @Inject
    AgroalDataSource dataSource;
    @Inject
    SchemeCatalogue schemes;

    @Test
    void loadsRealisticCertificatesCoveringEveryCase() throws Exception {
        // the certificates this load writes, apart from any an earlier run left
        long before;
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            before = counts(statement, "select 'max', coalesce(max(id), 0) from certificate").get("max");
        }
        long loaded = new BulkLoader(schemes.all()).load(dataSource, 3000, 7L, TODAY);
        assertTrue(loaded >= 3000);
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            String demo = "id > " + before + " and id in (select certificate_id from certificate_event where recorded_by = 'demo-data')";
            String demoOfC = "c.id > " + before
                    + " and c.id in (select certificate_id from certificate_event where recorded_by = 'demo-data')";

            Map<String, Long> statuses = counts(statement, "select case when standing in ('VALID', 'SUSPENDED')"
                    + " and expiry_date < date '" + TODAY + "' then 'EXPIRED' else standing end, count(*) from certificate"
                    + " where " + demo + " group by 1");
            for (String status : new String[] {"VALID", "SUSPENDED", "WITHDRAWN", "CANCELLED", "EXPIRED"}) {
                assertTrue(statuses.getOrDefault(status, 0L) > 0, "no demo certificate is " + status + ": " + statuses);
            }
            Map<String, Long> grades = counts(statement, "select scheme_code || '/' || grade_code, count(*) from certificate"
                    + " where " + demo + " group by 1");
            assertEquals(11, grades.size(), "every grade of every scheme appears: " + grades);
            Map<String, Long> scales = counts(statement, "select score_scale::text, count(*) from certificate"
                    + " where scheme_code = 'AFTER_SALES' and " + demo + " group by 1");
            assertTrue(scales.containsKey("100") && scales.containsKey("1000"), "both scales appear: " + scales);

            int checked = 0;
            int flagged = 0;
            try (ResultSet rows = statement.executeQuery("select credit_code, credit_code_check_ok from holder"
                    + " where id in (select holder_id from certificate where " + demo + ")")) {
                while (rows.next()) {
                    CreditCode code = CreditCode.parse(rows.getString(1));
                    assertEquals(code.checkCharacterValid(), rows.getBoolean(2), rows.getString(1));
                    checked++;
                    flagged += code.checkCharacterValid() ? 0 : 1;
                }
            }
            assertTrue(checked > 2000 && flagged > 0 && flagged < checked / 50, checked + " codes, " + flagged + " flagged");

            // the directory: contacts, and approvals as the SQL rule reads them today
            Map<String, Long> approvals = counts(statement, "select b.code || '/' || registry_approval_on(b.id, s.code, date '"
                    + TODAY + "') || '/' || (b.phone is not null and b.region_code is not null), 1 from certification_body b,"
                    + " unnest(array['AFTER_SALES', 'CUSTOMER_SATISFACTION']) s(code) where b.code in ('HXSC', 'DFRZ', 'XBSC')");
            assertEquals(Map.of("HXSC/IN_FORCE/true", 1L, "DFRZ/REVOKED/true", 1L, "XBSC/OUT_OF_SCOPE/true", 1L,
                    "XBSC/IN_FORCE/true", 1L), approvals);
            // the revoked body's certificates mostly before its revocation; a few after it or outside a scope, as a legacy
            // import brings them
            Map<String, Long> byApproval = counts(statement, "select registry_approval_certifies(registry_approval_on(c.body_id,"
                    + " c.scheme_code, c.issue_date))::text, count(*) from certificate c where " + demoOfC
                    + " group by 1");
            long outside = byApproval.getOrDefault("false", 0L);
            assertTrue(outside > 0 && outside < loaded / 20, "certificates issued outside their body's approval: " + byApproval);
            long revokedBefore = counts(statement, "select 'n', count(*) from certificate c join certification_body b on b.id ="
                    + " c.body_id where b.code = 'DFRZ' and c.issue_date < (select max(effective_date) from body_approval_event e"
                    + " where e.body_id = b.id and e.kind = 'REVOKED') and " + demoOfC).get("n");
            assertTrue(revokedBefore > 0, "the revoked body issued before its revocation");

            long events = counts(statement, "select 'all', count(*) from certificate_event where recorded_by = 'demo-data'"
                    + " and certificate_id > " + before).get("all");
            assertTrue(events > loaded, "every certificate has a history");
        }
    }

    private static Map<String, Long> counts(Statement statement, String sql) throws Exception {
        Map<String, Long> counts = new HashMap<>();
        try (ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                counts.put(rows.getString(1), rows.getLong(2));
            }
        }
        return counts;
    }
}
