package cn.certregistry.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * CSV as uploads bring it (bytes read by a strict UTF-8 decoder, as the procurement upload and the
 * import do): a bad file is an invalid-parameter problem naming the upload, never another exception;
 * and what the register writes it reads back, field for field.
 */
class CsvFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void records(byte[] input) {
        InputStreamReader reader = new InputStreamReader(new ByteArrayInputStream(input), StandardCharsets.UTF_8.newDecoder());
        try {
            Csv.records(reader, "file").forEach(record -> {
                assertNotNull(record);
                record.forEach(field -> assertNotNull(field));
            });
        } catch (ProblemException e) {
            assertEquals(ProblemType.INVALID_PARAMETER, e.type());
            assertEquals("file", e.parameter());
        }
    }

    @FuzzTest(maxDuration = "2m")
    void lineThenRecords(FuzzedDataProvider data) {
        List<List<String>> written = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int records = data.consumeInt(1, 5);
        for (int r = 0; r < records; r++) {
            List<String> fields = new ArrayList<>();
            int count = data.consumeInt(1, 5);
            for (int f = 0; f < count; f++) {
                fields.add(data.consumeString(30));
            }
            text.append(Csv.line(fields));
            // a field a spreadsheet would evaluate is written with a leading apostrophe
            written.add(fields.stream().map(f -> !f.isEmpty() && "=+-@".indexOf(f.charAt(0)) >= 0 ? "'" + f : f).toList());
        }
        assertEquals(written, Csv.records(new StringReader(text.toString()), "file").toList());
    }
}
