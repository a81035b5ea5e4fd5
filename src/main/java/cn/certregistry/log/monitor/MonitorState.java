package cn.certregistry.log.monitor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;

import cn.certregistry.log.Checkpoint;
import cn.certregistry.log.Merkle;
import cn.certregistry.log.SignedNote;
import cn.certregistry.log.VerificationException;

/**
 * What the monitor keeps between runs, in a directory of three files: {@code key} (the verifier key it
 * verified with), {@code checkpoint} (the last signed checkpoint it verified, verbatim) and {@code leaves}
 * (the leaf hashes of that checkpoint's entries, 32 bytes each, in order).
 *
 * <p>The leaves are written before the checkpoint, each file by an atomic rename, so a run stopped between
 * the two leaves more leaves than the checkpoint covers, never fewer: only the checkpoint's prefix is read.
 */
final class MonitorState {

    /** The directory holds something the monitor did not write, or was stopped writing. */
    static final class Damaged extends IOException {

        private static final long serialVersionUID = 1L;

        Damaged(Path directory, String why) {
            super("the state in " + directory + " is damaged: " + why);
        }
    }

    /** A verified checkpoint, the note that signed it, the key it was verified with, and its entries' leaf hashes. */
    record Seen(String key, String note, Checkpoint checkpoint, MirrorTree tree) {
    }

    private final Path directory;

    MonitorState(Path directory) {
        this.directory = directory;
    }

    Path directory() {
        return directory;
    }

    /** The last verified checkpoint, or empty before the first run. */
    Optional<Seen> load() throws IOException {
        Path notePath = directory.resolve("checkpoint");
        if (!Files.exists(notePath)) {
            return Optional.empty();
        }
        String key = Files.readString(directory.resolve("key"), StandardCharsets.UTF_8).strip();
        String note = Files.readString(notePath, StandardCharsets.UTF_8);
        Checkpoint checkpoint;
        try {
            checkpoint = Checkpoint.parse(SignedNote.open(note, key));
        } catch (VerificationException e) {
            throw new Damaged(directory, "its checkpoint does not verify with its key (" + e.getMessage() + ")");
        }
        byte[] leaves = Files.readAllBytes(directory.resolve("leaves"));
        if (checkpoint.size() > leaves.length / Merkle.HASH_SIZE) {
            throw new Damaged(directory, "it holds " + leaves.length / Merkle.HASH_SIZE + " leaf hashes for a checkpoint of "
                    + checkpoint.size() + " entries");
        }
        MirrorTree tree = new MirrorTree(Arrays.copyOf(leaves, (int) (checkpoint.size() * Merkle.HASH_SIZE)));
        if (!MessageDigest.isEqual(tree.root(checkpoint.size()), checkpoint.rootHash())) {
            throw new Damaged(directory, "its leaf hashes do not give its checkpoint's root");
        }
        return Optional.of(new Seen(key, note, checkpoint, tree));
    }

    void save(String key, String note, byte[] leafHashes) throws IOException {
        Files.createDirectories(directory);
        write("leaves", leafHashes);
        write("key", (key + "\n").getBytes(StandardCharsets.UTF_8));
        write("checkpoint", note.getBytes(StandardCharsets.UTF_8));
    }

    private void write(String name, byte[] content) throws IOException {
        Path temporary = Files.createTempFile(directory, name, ".tmp");
        try {
            Files.write(temporary, content);
            try {
                Files.move(temporary, directory.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, directory.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
