package cn.certregistry.log.witness;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

import cn.certregistry.common.Hashes;

/**
 * What a witness remembers of each log: the size and root hash of the latest checkpoint it cosigned, one small file per
 * origin, replaced whole (written beside, forced to disk, then moved over the old one), so that a crash leaves either
 * the old state or the new one, never a mix and never nothing.
 */
final class WitnessState {

    /** The latest cosigned tree of a log. */
    record Tree(long size, byte[] root) {
    }

    private final Path directory;

    WitnessState(Path directory) throws IOException {
        this.directory = Files.createDirectories(directory);
    }

    Optional<Tree> latest(String origin) throws IOException {
        Path file = file(origin);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        String[] lines = Files.readString(file, StandardCharsets.UTF_8).split("\n");
        if (lines.length != 2) {
            throw new IOException("the witness state " + file.getFileName() + " is not a size and a root hash");
        }
        return Optional.of(new Tree(Long.parseLong(lines[0]), Base64.getDecoder().decode(lines[1])));
    }

    void record(String origin, Tree tree) throws IOException {
        Path file = file(origin);
        Path next = file.resolveSibling(file.getFileName() + ".next");
        byte[] content = (tree.size() + "\n" + Base64.getEncoder().encodeToString(tree.root()) + "\n")
                .getBytes(StandardCharsets.UTF_8);
        try (FileChannel channel = FileChannel.open(next, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(java.nio.ByteBuffer.wrap(content));
            channel.force(true);
        }
        Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private Path file(String origin) {
        return directory.resolve("log-" + HexFormat.of().formatHex(Hashes.sha256(origin)).substring(0, 32));
    }
}
