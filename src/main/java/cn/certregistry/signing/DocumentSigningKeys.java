package cn.certregistry.signing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.runtime.Startup;

import cn.certregistry.common.RegistryConfig;

/**
 * The document-signing keys, kept and rotated as the token keys are ({@link SigningKeys}): PEM files named
 * {@code <kid>.pem} in a directory mounted from a secret (never in the repository), one active key that signs new
 * files, retired keys whose certificates stay published so that files they signed still verify, revoked keys whose
 * files are no longer genuine. {@link DocumentSigningKeyRecords} records their certificates in the database and the log.
 */
@ApplicationScoped
@Startup
public class DocumentSigningKeys {

    private static final Logger LOG = Logger.getLogger(DocumentSigningKeys.class);
    private static final String REGISTER_NAME = "cert-registry";

    @Inject
    SigningConfig config;
    @Inject
    RegistryConfig registry;

    private List<DocumentSigningKey> keys;
    private DocumentSigningKey active;

    @PostConstruct
    void load() {
        Path directory = Path.of(config.documentKeyDir().orElse(registry.dataDir() + "/document-signing"));
        List<Path> found = SigningKeys.pemFiles(directory);
        List<Path> files = found.isEmpty() && config.generateKey() ? List.of(generate(directory)) : found;
        if (files.isEmpty()) {
            throw new IllegalStateException("No document-signing key in " + directory + ": mount <kid>.pem files there (each a"
                    + " PKCS#8 EC private key and its X.509 certificate; or set registry.signing.document-key-dir), or set"
                    + " registry.signing.generate-key=true");
        }
        String activeKid = config.documentActiveKid().orElseGet(() -> {
            if (files.size() > 1) {
                throw new IllegalStateException("Several document-signing keys in " + directory
                        + ": set registry.signing.document-active-kid");
            }
            return SigningKeys.kid(files.get(0));
        });
        List<String> revoked = config.documentRevokedKids().orElse(List.of());
        List<String> contradictions = SigningKeys.contradictions(activeKid, revoked, files.stream().map(SigningKeys::kid).toList());
        if (!contradictions.isEmpty()) {
            throw new IllegalStateException("The document-signing configuration contradicts itself: "
                    + String.join("; ", contradictions) + ".");
        }
        List<DocumentSigningKey> loaded = new ArrayList<>();
        for (Path file : files) {
            String kid = SigningKeys.kid(file);
            KeyState state = kid.equals(activeKid) ? KeyState.ACTIVE : revoked.contains(kid) ? KeyState.REVOKED : KeyState.RETIRED;
            try {
                loaded.add(DocumentSigningKey.fromPem(kid, state, Files.readString(file)));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read document-signing key " + kid, e);
            }
        }
        keys = List.copyOf(loaded);
        active = keys.stream().filter(key -> key.state() == KeyState.ACTIVE).findFirst().orElseThrow();
        LOG.infof("Document-signing keys: %s", keys);
    }

    private Path generate(Path directory) {
        String kid = SigningKeys.newKid();
        Path file = SigningKeys.writePrivately(directory, kid,
                DocumentSigningKey.generate(kid, REGISTER_NAME, config.documentCertificateValidity()).toPem());
        LOG.infof("Generated document-signing key %s in %s", kid, directory);
        return file;
    }

    /** The key that signs new files. */
    public DocumentSigningKey active() {
        return active;
    }

    /** This server's keys, active, retired and revoked, as its configuration says: what it records at start. */
    public List<DocumentSigningKey> all() {
        return keys;
    }
}
