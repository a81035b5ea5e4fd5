package cn.certregistry.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A key configuration that contradicts itself refuses to start, saying what contradicts what. */
class SigningConfigurationTest {

    @Test
    void aKidThatIsBothActiveAndRevokedIsAContradiction() {
        List<String> found = SigningKeys.contradictions("k2", List.of("k1", "k2"), List.of("k1", "k2"));
        assertEquals(1, found.size(), found.toString());
        assertTrue(found.get(0).contains("k2 is both active and revoked"), found.toString());
    }

    @Test
    void aRevokedOrActiveKidThatNamesNoKeyIsAContradiction() {
        List<String> found = SigningKeys.contradictions("k3", List.of("k9"), List.of("k1", "k2"));
        assertEquals(2, found.size(), found.toString());
        assertTrue(found.stream().anyMatch(c -> c.contains("active kid k3 names no key file")), found.toString());
        assertTrue(found.stream().anyMatch(c -> c.contains("revoked kid k9 names no key file")), found.toString());
    }

    @Test
    void aGeneratedKeyIsPrivateToItsUserFromTheStart(@TempDir Path temporary) throws Exception {
        Path directory = temporary.resolve("signing");
        Path key = SigningKeys.generate(directory);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(directory)));
        assertTrue(Files.readString(key).startsWith("-----BEGIN PRIVATE KEY-----"));
    }

    @Test
    void aConsistentConfigurationHasNone() {
        assertEquals(List.of(), SigningKeys.contradictions("k2", List.of("k0"), List.of("k0", "k1", "k2")));
    }
}
