package cn.certregistry.procurement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

import org.jboss.resteasy.reactive.multipart.FileUpload;

import com.code_intelligence.jazzer.junit.FuzzTest;

import cn.certregistry.common.ProblemException;
import cn.certregistry.common.ProblemType;

/**
 * A procurement officer's list, uploaded (CSV or XLSX, told apart by their first bytes) or pasted: a bad
 * one is a problem naming the upload or the list (invalid, or too large past the line cap), never
 * another exception; what is read are at most 1 000 lines, each with a stripped number and, when given,
 * a stripped credit code, in the order of the file.
 */
class ProcurementListFuzzTest {

    private static final Path FILE = file();

    private static Path file() {
        try {
            Path file = Files.createTempFile("procurement-fuzz", ".upload");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "2m")
    void upload(byte[] input) throws IOException {
        Files.write(FILE, input);
        ProcurementCheck.Lines lines = new ProcurementCheck.Lines();
        try {
            ProcurementCheck.fromFile(new Upload(FILE, input.length), lines);
        } catch (ProblemException e) {
            assertProblem(e, "file");
            return;
        }
        assertRead(lines.all);
    }

    @FuzzTest(maxDuration = "2m")
    void pasted(byte[] input) {
        ProcurementCheck.Lines lines = new ProcurementCheck.Lines();
        try {
            ProcurementCheck.fromPasted(new String(input, StandardCharsets.UTF_8), lines);
        } catch (ProblemException e) {
            assertProblem(e, "list");
            return;
        }
        assertRead(lines.all);
    }

    private static void assertProblem(ProblemException e, String parameter) {
        assertTrue(Set.of(ProblemType.INVALID_PARAMETER, ProblemType.CONTENT_TOO_LARGE).contains(e.type()), e.type()::toString);
        assertEquals(parameter, e.parameter());
    }

    private static void assertRead(List<ProcurementCheck.Line> lines) {
        assertTrue(lines.size() <= ProcurementCheck.MAX_LINES);
        int previous = 0;
        for (ProcurementCheck.Line line : lines) {
            assertFalse(line.number().isEmpty());
            assertEquals(line.number().strip(), line.number());
            assertTrue(line.creditCode() == null || !line.creditCode().isBlank() && line.creditCode().strip().equals(line.creditCode()));
            assertTrue(line.line() > previous, "lines keep the file's order");
            previous = line.line();
        }
    }

    private record Upload(Path filePath, long size) implements FileUpload {

        @Override
        public String name() {
            return "file";
        }

        @Override
        public String fileName() {
            return "list";
        }

        @Override
        public String contentType() {
            return "application/octet-stream";
        }

        @Override
        public String charSet() {
            return null;
        }

        @Override
        public MultivaluedMap<String, String> getHeaders() {
            return new MultivaluedHashMap<>();
        }
    }
}
