package cn.certregistry.common;

import java.sql.Date;
import java.time.LocalDate;

/** Values as native queries and JDBC hand them back. */
public final class SqlValues {

    private SqlValues() {
    }

    /** A date column: {@code java.sql.Date} from JDBC, {@code LocalDate} from some Hibernate paths. */
    public static LocalDate localDate(Object value) {
        return value instanceof Date date ? date.toLocalDate() : (LocalDate) value;
    }
}
