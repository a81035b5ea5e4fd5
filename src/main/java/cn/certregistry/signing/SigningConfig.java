package cn.certregistry.signing;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Where the signing keys come from. In production: a directory of PKCS#8 PEM files named {@code <kid>.pem}
 * (a Kubernetes Secret mount), the active key's id, and the ids of revoked keys; every other key in
 * the directory is retired (verifies, signs nothing).
 */
@ConfigMapping(prefix = "registry.signing")
public interface SigningConfig {

    /** The key directory; default {@code <registry.data-dir>/signing}. */
    Optional<String> keyDir();

    /** The id of the key that signs new codes; default: the only key in the directory. */
    Optional<String> activeKid();

    Optional<List<String>> revokedKids();

    /** Generate a key into an empty directory; the embedded (local, demo) database turns this on. */
    @WithDefault("false")
    boolean generateKey();

    /**
     * The document-signing keys that sign e-certificate PDFs: a directory of {@code <kid>.pem} files, each a PKCS#8
     * private key with its X.509 certificate; default {@code <registry.data-dir>/document-signing}.
     */
    Optional<String> documentKeyDir();

    /** The document-signing key that signs new files; default: the only key in the directory. */
    Optional<String> documentActiveKid();

    Optional<List<String>> documentRevokedKids();

    /** How long the certificate of a generated document-signing key is valid. */
    @WithDefault("P1825D")
    java.time.Duration documentCertificateValidity();
}
