package cn.certregistry.snapshot;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import cn.certregistry.log.SignedNote;
import cn.certregistry.log.TransparencyLog;
import cn.certregistry.signing.SigningKey;
import cn.certregistry.snapshot.StatusList.Code;
import cn.certregistry.snapshot.StatusList.NotInForce;
import cn.certregistry.verification.TokenVectorsGenerator;

/**
 * The test vectors of docs/status-snapshot.md: a snapshot of 20 indexes (four not in force, two issued outside an
 * approval) signed by the test key t1, and a changed note
 * and a changed file that must not verify. Made by the register's code; StatusSnapshotVectorsTest holds the committed
 * file to it and has Node read it. Run {@link #main} (as TokenVectorsGenerator says) only to change the format.
 */
public final class StatusSnapshotVectors {

    static final Path FILE = Path.of("docs/status-snapshot-vectors.json");
    static final String NAME = "cert.example.cn/status";
    static final String LOG_NAME = "cert.example.cn/log";
    static final long ENTRIES = 20;
    static final List<NotInForce> NOT_IN_FORCE = List.of(
            new NotInForce(3, Code.SUSPENDED, LocalDate.of(2026, 11, 10)),
            new NotInForce(4, Code.WITHDRAWN, LocalDate.of(2026, 10, 1)),
            new NotInForce(8, Code.CANCELLED, LocalDate.of(2026, 11, 15)),
            new NotInForce(19, Code.SUSPENDED, LocalDate.of(2026, 1, 2)));
    /** Issued outside an approval: 4 also withdrawn (the approval's verdict goes first), 11 in force. */
    static final long[] NOT_APPROVED = {4, 11};

    private StatusSnapshotVectors() {
    }

    static Map<String, Object> build() throws Exception {
        SigningKey t1 = TokenVectorsGenerator.key("t1");
        byte[] file = StatusList.write(ENTRIES, NOT_IN_FORCE, NOT_APPROVED);
        String checkpointBody = LOG_NAME + "\n1234\n" + Base64.getEncoder().encodeToString(new byte[32]) + "\n";
        TransparencyLog.Signed checkpoint = new TransparencyLog.Signed(1234, new byte[32],
                SignedNote.sign(checkpointBody, LOG_NAME, t1.publicKeyBytes(), t1::sign));
        String note = StatusSnapshots.sign(NAME, Instant.parse("2026-11-15T08:00:00Z"), LocalDate.of(2026, 11, 15), checkpoint,
                ENTRIES, NOT_IN_FORCE.size(), NOT_APPROVED.length, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file)), t1);
        byte[] changedFile = file.clone();
        changedFile[changedFile.length / 2] ^= 1;

        Map<String, Object> vectors = new LinkedHashMap<>();
        vectors.put("description", "docs/status-snapshot.md: a snapshot signed by the test key t1, what it says of every index"
                + " from 0 to 20 (ISSUER_NOT_APPROVED for an index the file lists as issued outside an approval, whatever its bits), and"
                + " a changed note and a changed file that do not verify");
        vectors.put("verifierKey", SignedNote.verifierKey(NAME, new Ed25519PublicKeyParameters(t1.publicKeyBytes(), 0)));
        vectors.put("policy", "log " + SignedNote.verifierKey(LOG_NAME, new Ed25519PublicKeyParameters(t1.publicKeyBytes(), 0))
                + "\nquorum none\n");
        vectors.put("note", note);
        vectors.put("file", Base64.getEncoder().encodeToString(file));
        List<Map<String, Object>> lookups = new ArrayList<>();
        StatusList list = StatusList.read(file, ENTRIES, NOT_IN_FORCE.size(), NOT_APPROVED.length);
        for (long index = 0; index <= ENTRIES; index++) {
            StatusList.Lookup lookup = list.lookup(index);
            Map<String, Object> expected = new LinkedHashMap<>();
            expected.put("index", index);
            if (lookup == null) {
                expected.put("status", "BEYOND_SNAPSHOT");
            } else if (list.issuedOutsideApproval(index)) {
                expected.put("status", "ISSUER_NOT_APPROVED");
            } else {
                expected.put("status", lookup.code().name());
                if (lookup.since() != null) {
                    expected.put("since", lookup.since().toString());
                }
            }
            lookups.add(expected);
        }
        vectors.put("lookups", lookups);
        vectors.put("changedNote", note.replace("day 2026-11-15", "day 2026-11-16"));
        vectors.put("changedFile", Base64.getEncoder().encodeToString(changedFile));
        return vectors;
    }

    static ObjectMapper json() {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    public static void main(String[] args) throws Exception {
        json().writeValue(FILE.toFile(), build());
    }
}
