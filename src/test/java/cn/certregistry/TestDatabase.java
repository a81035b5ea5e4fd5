package cn.certregistry;

import io.quarkus.test.common.QuarkusTestResource;

/** Registers the database for all Quarkus tests (a global test resource). */
@QuarkusTestResource(PostgresTestResource.class)
public final class TestDatabase {

    private TestDatabase() {
    }
}
