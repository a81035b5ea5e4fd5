package cn.certregistry.issuing;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * The answers a body's writes gave under an Idempotency-Key (table {@code idempotency_record}), read and written in the
 * caller's transaction.
 */
@ApplicationScoped
class IdempotencyRecords {

    @Inject
    EntityManager entityManager;

    /** An answer given: the hash of the request it answered, its status and its JSON body. */
    record Recorded(byte[] requestHash, int status, String body) {
    }

    /** Holds the key until the transaction ends, so that of concurrent requests with one key exactly one writes. */
    void lock(long bodyId, String key) {
        entityManager.createNativeQuery("select pg_advisory_xact_lock(hashtextextended(:lock, 0))")
                .setParameter("lock", bodyId + " " + key).getSingleResult();
    }

    Optional<Recorded> find(long bodyId, String key) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("select request_hash, response_status, response_body"
                + " from idempotency_record where body_id = :body and idempotency_key = :key")
                .setParameter("body", bodyId).setParameter("key", key).getResultList();
        return rows.stream().findFirst().map(row -> new Recorded((byte[]) row[0], ((Number) row[1]).intValue(), (String) row[2]));
    }

    void insert(long bodyId, String key, byte[] requestHash, int status, String body) {
        entityManager.createNativeQuery("insert into idempotency_record (body_id, idempotency_key, request_hash,"
                + " response_status, response_body) values (:body, :key, :hash, :status, :response)")
                .setParameter("body", bodyId).setParameter("key", key).setParameter("hash", requestHash)
                .setParameter("status", status).setParameter("response", body).executeUpdate();
    }
}
