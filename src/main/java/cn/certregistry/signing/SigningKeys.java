package cn.certregistry.signing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.runtime.Startup;

import cn.certregistry.common.RegistryConfig;

/** Loads the key ring at start, from the configured directory; generates a key into an empty one when configured to. */
@ApplicationScoped
@Startup
public class SigningKeys {

    private static final Logger LOG = Logger.getLogger(SigningKeys.class);

    @Inject
    SigningConfig config;
    @Inject
    RegistryConfig registry;

    private KeyRing ring;

    @PostConstruct
    void load() {
        Path directory = Path.of(config.keyDir().orElse(registry.dataDir() + "/signing"));
        List<Path> found = pemFiles(directory);
        List<Path> files = found.isEmpty() && config.generateKey()
                ? List.of(generate(directory)) : found;
        if (files.isEmpty()) {
            throw new IllegalStateException("No signing key in " + directory + ": mount PKCS#8 PEM Ed25519 keys named"
                    + " <kid>.pem there (or set registry.signing.key-dir), or set registry.signing.generate-key=true");
        }
        String activeKid = config.activeKid().orElseGet(() -> {
            if (files.size() > 1) {
                throw new IllegalStateException("Several signing keys in " + directory + ": set registry.signing.active-kid");
            }
            return kid(files.get(0));
        });
        List<String> revoked = config.revokedKids().orElse(List.of());
        List<String> contradictions = contradictions(activeKid, revoked, files.stream().map(SigningKeys::kid).toList());
        if (!contradictions.isEmpty()) {
            throw new IllegalStateException("The signing configuration contradicts itself: " + String.join("; ", contradictions)
                    + ".");
        }
        List<SigningKey> keys = new ArrayList<>();
        for (Path file : files) {
            String kid = kid(file);
            KeyState state = kid.equals(activeKid) ? KeyState.ACTIVE : revoked.contains(kid) ? KeyState.REVOKED : KeyState.RETIRED;
            try {
                keys.add(SigningKey.fromPem(kid, state, Files.readString(file)));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read signing key " + kid, e);
            }
        }
        ring = new KeyRing(keys);
        ring.active(); // fail at start, not at the first QR code
        LOG.infof("Signing keys: %s", ring.all());
    }

    public KeyRing ring() {
        return ring;
    }

    /** What in the key configuration cannot be meant: an active key that is revoked, or a kid that names no key file. */
    static List<String> contradictions(String activeKid, List<String> revokedKids, List<String> kids) {
        List<String> contradictions = new ArrayList<>();
        if (!kids.contains(activeKid)) {
            contradictions.add("the active kid " + activeKid + " names no key file (there are " + kids + ")");
        }
        if (revokedKids.contains(activeKid)) {
            contradictions.add("the kid " + activeKid + " is both active and revoked");
        }
        revokedKids.stream().filter(kid -> !kids.contains(kid))
                .forEach(kid -> contradictions.add("the revoked kid " + kid + " names no key file"));
        return contradictions;
    }

    /** A new key, written into {@code directory}. */
    static Path generate(Path directory) {
        String kid = newKid();
        Path file = writePrivately(directory, kid, SigningKey.generate(kid).toPem());
        LOG.infof("Generated signing key %s in %s", kid, directory);
        return file;
    }

    static String newKid() {
        return "dev" + Base32.encode(new SecureRandom().generateSeed(2)).substring(0, 3).toLowerCase();
    }

    /** Writes {@code <kid>.pem}, its file and directory private to this user from the moment they exist. */
    static Path writePrivately(Path directory, String kid, String pem) {
        Path file = directory.resolve(kid + ".pem");
        try {
            boolean posix = directory.getFileSystem().supportedFileAttributeViews().contains("posix");
            if (posix) {
                Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createDirectories(directory);
            }
            Files.writeString(file, pem);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write a key into " + directory, e);
        }
        return file;
    }

    static List<Path> pemFiles(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".pem")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list signing keys in " + directory, e);
        }
    }

    static String kid(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - ".pem".length());
    }
}
