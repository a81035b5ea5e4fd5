package cn.certregistry.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

class NamedSqlTest {

    @Test
    void namesOutsideQuotesAndCastsAreParameters() {
        NamedSql.Parsed parsed = NamedSql.parse("select ':quoted', a::text, \"b:c\" from t where d = :first and e like :second"
                + " escape '\\' and f in (:list) and g = :first");
        assertEquals(List.of("first", "second", "list", "first"), parsed.names());
        assertEquals("select ':quoted', a::text, \"b:c\" from t where d = \0 and e like \0 escape '\\' and f in (\0) and g = \0",
                parsed.sql());
    }

    @Test
    void anUnclosedQuoteIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> NamedSql.parse("select 'x from t where a = :a"));
    }
}
