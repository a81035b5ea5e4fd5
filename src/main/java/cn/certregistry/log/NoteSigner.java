package cn.certregistry.log;

import java.util.List;
import java.util.Set;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

import cn.certregistry.common.QueryParameters;
import cn.certregistry.signing.SigningKey;
import cn.certregistry.signing.SigningKeys;

/**
 * The register's signer of one kind of note (the log's checkpoints, status snapshots, export signatures, open-data
 * manifests): the name its notes are signed under ({@code <public address>/<kind>}), a note signed with the active key,
 * and the verifier keys whose signatures stand, as each kind publishes them at its {@code …/key}. Made by
 * {@link NoteSigners}.
 */
public final class NoteSigner {

    private static final String TEXT = "text/plain; charset=utf-8";

    private final String name;
    private final SigningKeys keys;

    NoteSigner(String name, SigningKeys keys) {
        this.name = name;
        this.keys = keys;
    }

    /** The key's name in notes and in the verifier keys. */
    public String name() {
        return name;
    }

    /** The note of {@code body}, signed with the active key. */
    public String sign(String body) {
        return sign(body, keys.ring().active());
    }

    public String sign(String body, SigningKey key) {
        return SignedNote.sign(body, name, key.publicKeyBytes(), key::sign);
    }

    /** The verifier key of a signing key, in the signed-note form {@code name+keyID+key}. */
    public String verifierKey(SigningKey key) {
        return SignedNote.verifierKey(name, new Ed25519PublicKeyParameters(key.publicKeyBytes(), 0));
    }

    /** The verifier keys whose signatures stand, the active key first. */
    public List<String> verifierKeys() {
        return SignedNote.verifierKeys(name, keys.ring());
    }

    /** The answer of a kind's {@code …/key}: the keys given, one a line, cached five minutes. */
    public static Response publish(UriInfo uri, List<String> verifierKeys) {
        QueryParameters.of(uri, Set.of());
        return Response.ok(String.join("\n", verifierKeys) + "\n", TEXT).header("Cache-Control", "public, max-age=300").build();
    }
}
