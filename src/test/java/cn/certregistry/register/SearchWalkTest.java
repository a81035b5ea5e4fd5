package cn.certregistry.register;

import static cn.certregistry.Api.TODAY;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

import cn.certregistry.Api;
import cn.certregistry.TestRegister;

/**
 * Walks by cursor over filtered sets, and the total that stops at 1 000. The certificates are the test's own, written
 * by SQL in one statement each (a bulk load's shortcut: certificates with their events, which the log takes in as it
 * takes a load's), under bodies of its own that every search names.
 */
@QuarkusTest
class SearchWalkTest {

    /** Sites in two cities of one province and in another province, so that each level of region filters something. */
    private static final String MIXED = "insert into certificate (number, scheme_code, grade_code, score, score_scale, scope,"
            + " issue_date, expiry_date, body_id, holder_id, site_region_code, standing, surveillance_due, holder_name)"
            // a site by i mod 4, a scheme by i mod 3, a standing by i / 12 (so every dozen has each site and scheme once), 50
            // issue days 30 days apart back to four years ago: a quarter expired, and several certificates a day, which the id
            // orders
            + " select ? || '-' || i, (array['AFTER_SALES', 'AFTER_SALES_COMPLETENESS', 'CUSTOMER_SATISFACTION'])[i % 3 + 1],"
            + " (array['FOUR_STAR', 'SIX_STAR', 'EIGHT_STAR'])[i % 3 + 1], (array[92, 96, 870])[i % 3 + 1],"
            + " (array[100, 100, 1000])[i % 3 + 1], '分页测试', day, day + 3 * 365, ?, ?,"
            + " (array['440106', '440104', '440305', '110105'])[i % 4 + 1],"
            + " (array['VALID', 'VALID', 'VALID', 'VALID', 'SUSPENDED', 'SUSPENDED', 'WITHDRAWN', 'WITHDRAWN', 'CANCELLED', 'VALID'])"
            + "[i / 12 % 10 + 1], day + 365, ?"
            + " from generate_series(1, ?) i, lateral (select cast(? as date) - i % 50 * 30 as day) issued";
    /** All after-sales, valid, in one district, but the first, of another scheme. */
    private static final String UNIFORM = "insert into certificate (number, scheme_code, grade_code, score, score_scale, scope,"
            + " issue_date, expiry_date, body_id, holder_id, site_region_code, standing, surveillance_due, holder_name)"
            + " select ? || '-' || i, case when i = 1 then 'CUSTOMER_SATISFACTION' else 'AFTER_SALES' end,"
            + " case when i = 1 then 'EIGHT_STAR' else 'FOUR_STAR' end, case when i = 1 then 870 else 92 end,"
            + " case when i = 1 then 1000 else 100 end, '计数测试', day, day + 3 * 365, ?, ?, '440106', 'VALID', day + 365, ?"
            + " from generate_series(1, ?) i, lateral (select cast(? as date) - i % 200 as day) issued";
    /** Their events: issued, and the event that left each in its standing, ten days later. */
    private static final String EVENTS = "insert into certificate_event (certificate_id, kind, effective_date, recorded_by,"
            + " holder_name) select id, 'ISSUED', issue_date, 'test', holder_name from certificate where body_id = ?"
            + " union all select id, standing, issue_date + 10, 'test', null from certificate where body_id = ? and standing <> 'VALID'";

    @Inject
    AgroalDataSource database;

    private static String mixed;
    private static String thousandAndOne;

    @Test
    void aWalkByCursorReturnsEveryMatchOnceInTheOrderAskedFor() throws SQLException {
        String body = mixed();
        List<Map<String, String>> searches = List.of(
                Map.of("region", "4401", "scheme", "AFTER_SALES", "status", "VALID"),
                Map.of("region", "44", "status", "EXPIRED"),
                Map.of("region", "440305", "status", "SUSPENDED"),
                Map.of("region", "110105", "status", "WITHDRAWN"),
                Map.of("status", "CANCELLED"),
                Map.of("region", "440104", "status", "VALID", "sort", "issueDate"),
                Map.of("region", "44", "scheme", "CUSTOMER_SATISFACTION", "status", "VALID", "sort", "-expiryDate"),
                Map.of("scheme", "AFTER_SALES_COMPLETENESS", "status", "VALID", "sort", "number"));
        for (Map<String, String> filters : searches) {
            List<String> expected = matching(body, filters);
            assertTrue(expected.size() > 6, filters + ": a walk of three pages at least, not " + expected.size());
            List<String> walked = DeepListsTest.walk(() -> search(body, filters).queryParam("size", 3));
            assertEquals(expected, walked, filters + ": every match once, in order");
            JsonPath first = search(body, filters).queryParam("size", 3).get("/api/v1/certificates").then().statusCode(200)
                    .extract().jsonPath();
            assertEquals(expected.size(), first.getInt("total"), filters + ": counted");
            assertTrue(first.getBoolean("totalExact"), filters.toString());
        }
    }

    @Test
    void theTotalSaysMoreThanAThousandOnlyWhenMoreMatch() throws SQLException {
        String body = thousandAndOne();
        JsonPath all = given().queryParam("body", body).get("/api/v1/certificates").then().statusCode(200).extract().jsonPath();
        assertEquals(1000, all.getInt("total"));
        assertFalse(all.getBoolean("totalExact"), "1 001 match: more than 1 000");
        assertEquals(50, all.getInt("totalPages"), "at least 50 pages");
        assertTrue(all.getMap("links").containsKey("next"));
        // past the pages the count fills, a full page still leads on, to the last one, which tells the total itself
        JsonPath fiftieth = given().queryParam("body", body).queryParam("page", 50).get("/api/v1/certificates").then()
                .statusCode(200).extract().jsonPath();
        assertFalse(fiftieth.getBoolean("totalExact"));
        assertTrue(fiftieth.getMap("links").get("next").toString().contains("page=51"), fiftieth.getMap("links").toString());
        JsonPath last = given().queryParam("body", body).queryParam("page", 51).get("/api/v1/certificates").then()
                .statusCode(200).extract().jsonPath();
        assertEquals(1, last.getList("items").size());
        assertEquals(1001, last.getInt("total"));
        assertTrue(last.getBoolean("totalExact"));
        assertFalse(last.getMap("links").containsKey("next"));
        assertEquals(1001, DeepListsTest.walk(() -> given().queryParam("body", body).queryParam("size", 100)).size());

        JsonPath thousand = given().queryParam("body", body).queryParam("scheme", "AFTER_SALES").get("/api/v1/certificates")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(1000, thousand.getInt("total"));
        assertTrue(thousand.getBoolean("totalExact"), "exactly 1 000 match: counted");
        assertEquals(50, thousand.getInt("totalPages"));
        JsonPath end = given().queryParam("body", body).queryParam("scheme", "AFTER_SALES").queryParam("page", 50)
                .get("/api/v1/certificates").then().statusCode(200).extract().jsonPath();
        assertFalse(end.getMap("links").containsKey("next"), "page 50 of 1 000 is the last");

        given().queryParam("body", body).get("/").then().statusCode(200)
                .body(containsString("超过 1,000 张证书")).body(containsString("第 1 / 50+ 页"));
        given().queryParam("body", body).queryParam("lang", "en").get("/").then().statusCode(200)
                .body(containsString("More than 1,000 certificates")).body(containsString("Page 1 of 50+"));
        given().queryParam("body", body).queryParam("scheme", "AFTER_SALES").get("/").then().statusCode(200)
                .body(containsString("共 1,000 张证书")).body(containsString("第 1 / 50 页")).body(not(containsString("超过")));
        given().queryParam("body", body).queryParam("scheme", "CUSTOMER_SATISFACTION").queryParam("lang", "en").get("/").then()
                .statusCode(200).body(containsString("1 certificates")).body(not(containsString("More than")));
    }

    /** The API's search of one body's certificates with these filters. */
    private static RequestSpecification search(String body, Map<String, String> filters) {
        RequestSpecification request = given().queryParam("body", body);
        filters.forEach(request::queryParam);
        return request;
    }

    /**
     * The numbers the search should list, in its order, asked of the database in the plainest way: today's status by
     * V7's registry_status, the region by the code's prefix, ordered by the sort key and then the id.
     */
    private List<String> matching(String body, Map<String, String> filters) throws SQLException {
        String sort = filters.getOrDefault("sort", "-issueDate");
        String direction = sort.startsWith("-") ? " desc" : "";
        String column = switch (sort.replace("-", "")) {
            case "issueDate" -> "c.issue_date";
            case "expiryDate" -> "c.expiry_date";
            case "number" -> "c.number";
            default -> throw new IllegalArgumentException(sort);
        };
        String sql = "select c.number from certificate c join certification_body b on b.id = c.body_id where b.code = ?"
                + " and c.site_region_code like ? and c.scheme_code like ?"
                + " and registry_status(c.standing, c.issue_date, c.expiry_date, ?) like ?"
                + " order by " + column + direction + ", c.id" + direction;
        try (Connection connection = database.getConnection(); PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, body);
            query.setString(2, filters.getOrDefault("region", "") + "%");
            query.setString(3, filters.getOrDefault("scheme", "%"));
            query.setDate(4, Date.valueOf(TODAY));
            query.setString(5, filters.getOrDefault("status", "%"));
            List<String> numbers = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    numbers.add(rows.getString(1));
                }
            }
            return numbers;
        }
    }

    private synchronized String mixed() throws SQLException {
        if (mixed == null) {
            mixed = write(MIXED, 240, "混合");
        }
        return mixed;
    }

    private synchronized String thousandAndOne() throws SQLException {
        if (thousandAndOne == null) {
            thousandAndOne = write(UNIFORM, 1001, "计数");
        }
        return thousandAndOne;
    }

    /** A new body with {@code count} certificates of one new holder, written by {@code certificates}; the body's code. */
    private String write(String certificates, int count, String name) throws SQLException {
        String body = Api.newBody("WALK").code();
        String holderName = name + TestRegister.name() + "有限公司";
        try (Connection connection = database.getConnection()) {
            connection.setAutoCommit(false);
            long bodyId = single(connection, "select id from certification_body where code = ?", body);
            long holderId = single(connection, "insert into holder (credit_code, credit_code_check_ok) values (?, true) returning id",
                    TestRegister.creditCode("440106"));
            try (PreparedStatement insert = connection.prepareStatement(certificates)) {
                insert.setString(1, body);
                insert.setLong(2, bodyId);
                insert.setLong(3, holderId);
                insert.setString(4, holderName);
                insert.setInt(5, count);
                insert.setDate(6, Date.valueOf(TODAY));
                assertEquals(count, insert.executeUpdate());
            }
            try (PreparedStatement insert = connection.prepareStatement(EVENTS)) {
                insert.setLong(1, bodyId);
                insert.setLong(2, bodyId);
                insert.executeUpdate();
            }
            connection.commit();
        }
        return body;
    }

    private static long single(Connection connection, String sql, String value) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, value);
            try (ResultSet row = query.executeQuery()) {
                assertTrue(row.next());
                return row.getLong(1);
            }
        }
    }
}
