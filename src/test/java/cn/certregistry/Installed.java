package cn.certregistry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Assumptions;

/**
 * The programs the independent checks run (Node's crypto, Go's note and tlog packages): found on the PATH, or the
 * check is skipped where they are not installed (the CI installs them; a bare JDK still runs the rest).
 */
public final class Installed {

    private Installed() {
    }

    public static Optional<Path> onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(dir, program);
            if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Skips the test unless {@code program} is installed. */
    public static void assume(String program) {
        Assumptions.assumeTrue(onPath(program).isPresent(), program + " is not installed");
    }
}
