package cn.certregistry.issuing;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import cn.certregistry.body.CertificationBody;
import cn.certregistry.common.Hashes;
import cn.certregistry.common.ProblemException;
import cn.certregistry.common.ProblemType;
import cn.certregistry.log.LogAwaiter;
import cn.certregistry.register.Certificate;
import cn.certregistry.register.CertificateService;

/**
 * A body's writes (issuing a certificate, recording an event) at most once per Idempotency-Key: a retry of
 * the same request gets the first answer again, a different request under the same key is refused.
 * Concurrent requests with one key are serialised by a transaction-scoped advisory lock on the key, so
 * exactly one of them writes and the others replay its answer.
 */
@ApplicationScoped
public class IdempotentWrites {

    public static final String HEADER = "Idempotency-Key";
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,200}");

    @Inject
    IssuingService issuing;
    @Inject
    CertificateService certificates;
    @Inject
    EntityManager entityManager;
    @Inject
    ObjectMapper json;
    @Inject
    IdempotencyRecords records;
    @Inject
    LogAwaiter logAwaiter;

    /**
     * The answer to a write: its status and JSON body, the certificate's number, how many events it has now (each
     * is one log entry; 0 for a replay) and whether it replays an earlier answer.
     */
    public record Answer(int status, String body, String number, int events, boolean replayed) {
    }

    @Transactional
    public Answer issue(String bodyCode, String idempotencyKey, NewCertificate request, String recordedBy) {
        CertificationBody body = issuing.body(bodyCode);
        return once(body, idempotencyKey, serialised(request),
                () -> answer(issuing.issue(body, request, recordedBy)));
    }

    @Transactional
    public Answer record(String bodyCode, String idempotencyKey, String number, NewEvent request, String recordedBy) {
        CertificationBody body = issuing.body(bodyCode);
        return once(body, idempotencyKey, "event " + number + " " + serialised(request),
                () -> answer(issuing.record(body.code, number, request, recordedBy)));
    }

    private Answer once(CertificationBody body, String idempotencyKey, String request, Supplier<Answer> write) {
        if (idempotencyKey == null) {
            return write.get();
        }
        if (!KEY.matcher(idempotencyKey).matches()) {
            throw ProblemException.invalidParameter(HEADER, "An Idempotency-Key has 1 to 200 visible ASCII characters.");
        }
        records.lock(body.id, idempotencyKey);
        byte[] requestHash = Hashes.sha256(request);
        Optional<IdempotencyRecords.Recorded> earlier = records.find(body.id, idempotencyKey);
        if (earlier.isPresent()) {
            if (!MessageDigest.isEqual(earlier.get().requestHash(), requestHash)) {
                throw new ProblemException(ProblemType.IDEMPOTENCY_KEY_REUSED, "This Idempotency-Key was used for a different"
                        + " request; use a new key for a new write.", HEADER);
            }
            return new Answer(earlier.get().status(), earlier.get().body(), null, 0, true);
        }
        Answer answer = write.get();
        records.insert(body.id, idempotencyKey, requestHash, answer.status(), answer.body());
        return answer;
    }

    private Answer answer(Certificate certificate) {
        entityManager.flush();
        return new Answer(201, serialised(certificates.written(certificate)), certificate.number, certificate.events.size(),
                false);
    }

    /**
     * A committed write's answer with its {@code logIndex}, once the log has taken the write in, within
     * {@code patience}; otherwise (and for a replay) the answer as it was.
     */
    public Answer logged(Answer answer, Duration patience) {
        if (answer.replayed() || answer.number() == null) {
            return answer;
        }
        return logAwaiter.latestIndex(answer.number(), answer.events(), patience).map(index -> {
            try {
                ObjectNode body = (ObjectNode) json.readTree(answer.body());
                body.put("logIndex", index);
                return new Answer(answer.status(), json.writeValueAsString(body), answer.number(), answer.events(), false);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("Cannot read the answer just written", e);
            }
        }).orElse(answer);
    }

    private String serialised(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }
}
