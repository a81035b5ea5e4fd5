package cn.certregistry.directory;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;

import javax.sql.DataSource;

/**
 * Writes a body's contact and approval events straight into the tables, as a CNCA record import would: the tests of
 * the directory do not depend on the administrators' API for them.
 */
public final class ApprovalRecords {

    private final DataSource dataSource;

    public ApprovalRecords(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void contact(String body, String address, String region, String phone) {
        update("update certification_body set address = ?, region_code = ?, phone = ? where code = ?", address, region, phone,
                body);
    }

    public void approved(String body, LocalDate from, LocalDate until, List<String> schemes, String reason) {
        event(body, "APPROVED", from, schemes, until, reason);
    }

    public void event(String body, String kind, LocalDate day, String reason) {
        event(body, kind, day, null, null, reason);
    }

    private void event(String body, String kind, LocalDate day, List<String> schemes, LocalDate until, String reason) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement insert = connection.prepareStatement(
                "insert into body_approval_event (body_id, kind, effective_date, schemes, valid_until, reason)"
                        + " select id, ?, ?, ?, ?, ? from certification_body where code = ?")) {
            insert.setString(1, kind);
            insert.setDate(2, Date.valueOf(day));
            insert.setArray(3, schemes == null ? null : connection.createArrayOf("varchar", schemes.toArray()));
            insert.setDate(4, until == null ? null : Date.valueOf(until));
            insert.setString(5, reason);
            insert.setString(6, body);
            if (insert.executeUpdate() != 1) {
                throw new IllegalStateException("No body " + body);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void update(String sql, Object... values) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i]);
            }
            if (statement.executeUpdate() != 1) {
                throw new IllegalStateException("No row for " + List.of(values));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
