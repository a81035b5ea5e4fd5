package cn.certregistry.common;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.hibernate.Session;
import org.hibernate.SessionFactory;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;

/**
 * Public searches and verification run on the read-only datasource (in Kubernetes, the database
 * replicas' service), so that readers never load the primary. Searches are SQL with {@code :name}
 * parameters, as the native queries are; verification reads entities in a read-only Hibernate session
 * over a connection of this datasource.
 */
@ApplicationScoped
public class ReadReplica {

    public static final String DATASOURCE = "readonly";
    private static final String FAILED = "A read on the read-only datasource failed";
    private static final Pattern PARAMETER = Pattern.compile("(?<![:\\w]):([A-Za-z][A-Za-z0-9]*)");

    @Inject
    @DataSource(DATASOURCE)
    AgroalDataSource dataSource;
    @Inject
    SessionFactory sessionFactory;

    /** Runs {@code work} in a read-only Hibernate session of its own on the read-only datasource. */
    public <T> T inSession(Function<Session, T> work) {
        try (Connection connection = dataSource.getConnection();
                Session session = sessionFactory.withOptions().connection(connection).openSession()) {
            session.setDefaultReadOnly(true);
            return work.apply(session);
        } catch (SQLException e) {
            throw new IllegalStateException(FAILED, e);
        }
    }

    public List<Object[]> list(String sql, Map<String, Object> parameters) {
        List<String> names = new ArrayList<>();
        Matcher matcher = PARAMETER.matcher(sql);
        StringBuilder jdbc = new StringBuilder();
        while (matcher.find()) {
            names.add(matcher.group(1));
            matcher.appendReplacement(jdbc, "?");
        }
        matcher.appendTail(jdbc);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(jdbc.toString())) {
            for (int i = 0; i < names.size(); i++) {
                if (!parameters.containsKey(names.get(i))) {
                    throw new IllegalArgumentException("No value for :" + names.get(i));
                }
                statement.setObject(i + 1, parameters.get(names.get(i)));
            }
            List<Object[]> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                int columns = result.getMetaData().getColumnCount();
                while (result.next()) {
                    Object[] row = new Object[columns];
                    for (int c = 0; c < columns; c++) {
                        row[c] = result.getObject(c + 1);
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(FAILED, e);
        }
    }
}
