package cn.certregistry.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** The committed vectors of docs/status-snapshot.md are what the register makes, and Node reads them as documented. */
class StatusSnapshotVectorsTest {

    @Test
    void theCommittedVectorsAreWhatTheRegisterMakes() throws Exception {
        assertEquals(StatusSnapshotVectors.json().writeValueAsString(StatusSnapshotVectors.build()),
                Files.readString(StatusSnapshotVectors.FILE),
                "run StatusSnapshotVectors.main to rewrite docs/status-snapshot-vectors.json");
    }

    @Test
    void nodeReadsEveryIndexAndRefusesAChangedNoteOrFile() throws Exception {
        cn.certregistry.Installed.assume("node");
        JsonNode vectors = StatusSnapshotVectors.json().readTree(StatusSnapshotVectors.FILE.toFile());
        List<String> indexes = new ArrayList<>();
        vectors.get("lookups").forEach(lookup -> indexes.add(lookup.get("index").asText()));

        JsonNode result = node(vectors.get("note").asText(), vectors.get("file").asText(), vectors.get("verifierKey").asText(), indexes);
        assertTrue(result.get("verified").asBoolean(), result.toString());
        for (JsonNode expected : vectors.get("lookups")) {
            JsonNode read = result.get("lookups").get(expected.get("index").asText());
            assertEquals(expected.get("status").asText(), read.get("status").asText(), expected.toString());
            assertEquals(expected.path("since").asText(), read.path("since").asText(), expected.toString());
        }
        assertEquals("the file is not the one the note signs", node(vectors.get("note").asText(), vectors.get("changedFile").asText(),
                vectors.get("verifierKey").asText(), indexes).get("reason").asText());
        assertTrue(node(vectors.get("changedNote").asText(), vectors.get("file").asText(), vectors.get("verifierKey").asText(), indexes)
                .get("reason").asText().startsWith("no valid signature"));
    }

    private static JsonNode node(String note, String file, String verifierKey, List<String> indexes) throws Exception {
        Path dir = Files.createTempDirectory("vectors");
        List<String> command = new ArrayList<>(List.of("node", "src/test/node/verify-status-snapshot.mjs",
                Files.writeString(dir.resolve("note"), note).toString(),
                Files.write(dir.resolve("file.gz"), Base64.getDecoder().decode(file)).toString(), verifierKey));
        command.addAll(indexes);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        return StatusSnapshotVectors.json().readTree(output);
    }
}
