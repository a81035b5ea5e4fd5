package cn.certregistry.log.witness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

import cn.certregistry.log.Checkpoint;
import cn.certregistry.log.Merkle;
import cn.certregistry.log.SignedNote;

/**
 * A witness (C2SP tlog-witness): cosigns a log's checkpoint only if it extends the latest one it cosigned, by a
 * consistency proof the log sends with it. Free of HTTP: {@link #addCheckpoint} takes the request body and gives the
 * status, content type and body of the answer. One request at a time, so that checking the old size and recording the
 * new checkpoint are one step.
 */
public final class Witness {

    /** The answer to an add-checkpoint request. */
    public record Answer(int status, String contentType, String body) {

        static Answer of(int status, String text) {
            return new Answer(status, "text/plain; charset=utf-8", text + "\n");
        }
    }

    static final int MAX_PROOF_LINES = 63;

    private final String name;
    private final Ed25519PrivateKeyParameters key;
    /** The verifier keys of each log the witness cosigns, by origin. */
    private final Map<String, List<String>> logs;
    private final WitnessState state;
    private final Clock clock;

    public Witness(String name, Ed25519PrivateKeyParameters key, Map<String, List<String>> logs, java.nio.file.Path state,
            Clock clock) throws IOException {
        this.name = name;
        this.key = key;
        this.logs = Map.copyOf(logs);
        this.state = new WitnessState(state);
        this.clock = clock;
    }

    /** The witness's verifier key, for the logs' and verifiers' policies. */
    public String verifierKey() {
        return Cosignature.vkey(name, key.generatePublicKey().getEncoded());
    }

    public synchronized Answer addCheckpoint(String request) throws IOException {
        int blank = request.indexOf("\n\n");
        if (blank < 0) {
            return Answer.of(400, "the request is an old size line, proof lines, a blank line and a checkpoint");
        }
        String[] head = request.substring(0, blank).split("\n", -1);
        String note = request.substring(blank + 2);
        if (!head[0].matches("old (0|[1-9][0-9]{0,18})") || head.length - 1 > MAX_PROOF_LINES) {
            return Answer.of(400, "the first line is 'old <size>', followed by at most 63 proof lines");
        }
        long old = Long.parseLong(head[0].substring(4));
        List<byte[]> proof = new ArrayList<>();
        for (int i = 1; i < head.length; i++) {
            byte[] hash = hash(head[i]);
            if (hash == null) {
                return Answer.of(400, "proof line " + i + " is not the base64 of 32 bytes");
            }
            proof.add(hash);
        }
        String origin = note.contains("\n") ? note.substring(0, note.indexOf('\n')) : note;
        List<String> trusted = logs.get(origin);
        if (trusted == null) {
            return Answer.of(404, "this witness does not know the log " + origin);
        }
        Optional<String> body = SignedNote.openByAny(note, trusted);
        if (body.isEmpty()) {
            return Answer.of(403, "no signature on the checkpoint verifies with the log's keys");
        }
        Checkpoint checkpoint;
        try {
            checkpoint = Checkpoint.parse(body.get());
        } catch (IllegalArgumentException e) {
            return Answer.of(400, "the checkpoint " + e.getMessage());
        }
        if (old > checkpoint.size()) {
            return Answer.of(400, "the old size " + old + " is larger than the checkpoint's " + checkpoint.size());
        }
        Optional<WitnessState.Tree> latest = state.latest(origin);
        long cosigned = latest.map(WitnessState.Tree::size).orElse(0L);
        if (old != cosigned) {
            return new Answer(409, "text/x.tlog.size", cosigned + "\n");
        }
        if (old == checkpoint.size()) {
            if (latest.isPresent() && !Arrays.equals(latest.get().root(), checkpoint.rootHash())) {
                return Answer.of(409, "a checkpoint of " + old + " entries with another root hash was cosigned: the log forked");
            }
        } else if (old == 0 ? !proof.isEmpty()
                : !Merkle.verifyConsistency(old, checkpoint.size(), latest.get().root(), checkpoint.rootHash(), proof)) {
            return Answer.of(422, "the consistency proof from " + old + " to " + checkpoint.size() + " entries does not verify");
        }
        state.record(origin, new WitnessState.Tree(checkpoint.size(), checkpoint.rootHash()));
        long now = clock.instant().getEpochSecond();
        return new Answer(200, "text/plain; charset=utf-8", Cosignature.line(name, key.generatePublicKey().getEncoded(), now,
                body.get(), message -> {
                    Ed25519Signer signer = new Ed25519Signer();
                    signer.init(true, key);
                    signer.update(message, 0, message.length);
                    return signer.generateSignature();
                }));
    }

    private static byte[] hash(String base64) {
        try {
            byte[] hash = Base64.getDecoder().decode(base64.getBytes(StandardCharsets.US_ASCII));
            return hash.length == Merkle.HASH_SIZE ? hash : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
