package cn.certregistry.document;

import static cn.certregistry.Api.TODAY;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import cn.certregistry.Api;
import cn.certregistry.verification.VerificationTest;

/**
 * A bid file is read in a process of its own, which the deadline really ends: a page that paints half a million
 * page-sized triangles in one operator (59 KB that PDFBox would paint for hours, no check between its steps
 * interrupting it) is refused at the deadline, its process is gone when the refusal comes, and the service answers
 * scans all the while.
 */
@QuarkusTest
class ReaderProcessesTest {

    private static final Pattern NO_NUMBERS = Pattern.compile("(?!)");

    @Inject
    ReaderProcesses readers;

    private static DocumentLimits limits(Duration time) {
        return new DocumentLimits(8 << 20, 300, 150, 12_000_000, 40_000_000, 64 << 20, 2L << 30, time);
    }

    static long readersRunning() {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().orElse("").contains(ReaderProcess.class.getName())).count();
    }

    @Test
    void aPageThatPaintsForHoursIsStoppedAtTheDeadlineWhileScansAreAnswered() throws Exception {
        Path hostile = Files.createTempFile("hostile", ".pdf");
        Files.write(hostile, HostileDocuments.all().get("shading-of-half-a-million-page-sized-triangles.pdf"));
        Api.Body body = Api.newBody("HOSTILE");
        String code = VerificationTest.path(VerificationTest.scan(Api.issue(body, "440106", TODAY.minusDays(5))));
        try {
            long started = System.nanoTime();
            CompletableFuture<DocumentRefused> reading = CompletableFuture.supplyAsync(() -> assertThrows(DocumentRefused.class,
                    () -> readers.read(List.of(hostile), limits(Duration.ofSeconds(2)), NO_NUMBERS)));
            // a reader that checks its deadline leaves only after it (2 s); one painting for hours only at the kill, 5 s later
            Thread.sleep(1_500);
            assertEquals(1, readersRunning(), "the reader is at work on the hostile file");
            for (int i = 0; i < 10; i++) {
                given().accept("application/json").get(code).then().statusCode(200);
            }
            DocumentRefused refused = reading.get();
            long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
            assertEquals(DocumentRefused.Reason.TOO_SLOW, refused.reason(), refused.getMessage());
            assertTrue(seconds < 2 + 5 + 5, "refused at the deadline and its grace, not later: " + seconds + " s");
            assertEquals(0, readersRunning(), "the process is gone when the refusal comes");
        } finally {
            Files.deleteIfExists(hostile);
        }
    }

    @Test
    void aReaderThatRunsOutOfItsOwnMemoryIsRefusedAndTheServiceGoesOn() throws Exception {
        // a photo of 13 000 × 13 000 grey pixels, some 200 KB of PNG, is 169 MB decoded: with the pixel limits raised past
        // it, only the reader's own heap stops it, and the service's heap never holds it
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(13_000, 13_000,
                java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        javax.imageio.ImageIO.write(image, "png", png);
        image = null;
        Path photo = Files.createTempFile("large", ".png");
        Files.write(photo, png.toByteArray());
        try {
            DocumentLimits unbounded = new DocumentLimits(8 << 20, 300, 150, 400_000_000, 400_000_000, 4L << 30, 64L << 30,
                    Duration.ofSeconds(60));
            DocumentRefused refused = assertThrows(DocumentRefused.class, () -> readers.read(List.of(photo), unbounded, NO_NUMBERS));
            assertEquals(DocumentRefused.Reason.TOO_LARGE, refused.reason(), refused.getMessage());
        } finally {
            Files.deleteIfExists(photo);
        }
        assertEquals(0, readersRunning());
    }

    @Test
    void aRequestAndItsAnswerRoundTrip() throws Exception {
        ReaderProcess.Request request = new ReaderProcess.Request(List.of(Path.of("/tmp/a.pdf"), Path.of("/tmp/照片.png")),
                limits(Duration.ofSeconds(120)), java.time.Instant.ofEpochMilli(1_796_549_287_000L), Pattern.compile("(?:HXSC-)[0-9-]+"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReaderProcess.writeRequest(request, out);
        ReaderProcess.Request back = ReaderProcess.readRequest(new java.io.ByteArrayInputStream(out.toByteArray()));
        assertEquals(request.files(), back.files());
        assertEquals(request.limits(), back.limits());
        assertEquals(request.deadline(), back.deadline());
        assertEquals(request.numbers().pattern(), back.numbers().pattern());

        ReaderProcess.Answer answer = new ReaderProcess.Answer(List.of(new DocumentReader.Read(3, List.of(
                new DocumentReader.Page(2, List.of("HTTPS://CERT.EXAMPLE.CN/V/ABC"), List.of("HXSC-1"), true, new byte[] {1, 2},
                        "等级：五星级\nHXSC-1")))),
                null);
        out.reset();
        ReaderProcess.writeAnswer(answer, out);
        ReaderProcess.Answer read = ReaderProcess.readAnswer(new java.io.ByteArrayInputStream(out.toByteArray()), 300);
        DocumentReader.Page page = read.reads().get(0).found().get(0);
        assertEquals(3, read.reads().get(0).pages());
        assertEquals(List.of("HTTPS://CERT.EXAMPLE.CN/V/ABC"), page.codes());
        assertEquals(List.of("HXSC-1"), page.printedNumbers());
        assertTrue(page.unreadableCode());
        assertEquals("等级：五星级\nHXSC-1", page.text());
        // a reader that claims more pages than allowed is not believed
        assertThrows(java.io.IOException.class, () -> ReaderProcess.readAnswer(new java.io.ByteArrayInputStream(out.toByteArray()), 2));
    }

    @Test
    void anAnswersAttachmentsRoundTripAndAreBelievedOnlyWithinBounds() throws Exception {
        DocumentReader.Read attachedRead = new DocumentReader.Read(2, List.of(new DocumentReader.Page(1,
                List.of("HTTPS://CERT.EXAMPLE.CN/V/ABC"), List.of(), false, null, "")),
                List.of(new PdfSignatures.Signature(true, false, new byte[] {3})));
        DocumentReader.Attached attached = new DocumentReader.Attached("certificate.pdf", attachedRead);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReaderProcess.writeAnswer(new ReaderProcess.Answer(List.of(new DocumentReader.Read(1, List.of(), List.of(),
                List.of(attached))), null), out);
        DocumentReader.Read back = ReaderProcess.readAnswer(new java.io.ByteArrayInputStream(out.toByteArray()), 3).reads().get(0);
        assertEquals(3, back.allPages());
        assertEquals("certificate.pdf", back.attachments().get(0).name());
        assertEquals(List.of("HTTPS://CERT.EXAMPLE.CN/V/ABC"), back.attachments().get(0).read().found().get(0).codes());
        assertFalse(back.attachments().get(0).read().signatures().get(0).verifies());
        // the attachments' pages count toward the pages allowed
        assertThrows(java.io.IOException.class, () -> ReaderProcess.readAnswer(new java.io.ByteArrayInputStream(out.toByteArray()), 2));

        for (List<DocumentReader.Attached> tooMuch : List.of(java.util.Collections.nCopies(PdfAttachments.MAX_ATTACHMENTS + 1, attached),
                List.of(new DocumentReader.Attached("a".repeat(PdfAttachments.MAX_NAME + 1) + ".pdf", attachedRead)))) {
            out.reset();
            ReaderProcess.writeAnswer(new ReaderProcess.Answer(List.of(new DocumentReader.Read(1, List.of(), List.of(), tooMuch)), null),
                    out);
            assertThrows(java.io.IOException.class, () -> ReaderProcess.readAnswer(new java.io.ByteArrayInputStream(out.toByteArray()),
                    300), "more attachments than read, or a longer name, is not believed");
        }
    }

    @Test
    void anAnswerThatIsCutShortOrForgetsAFileRefusesTheFilesAsMalformed() throws Exception {
        ReaderProcess.Answer oneFile = new ReaderProcess.Answer(List.of(new DocumentReader.Read(2, List.of(
                new DocumentReader.Page(1, List.of("HTTPS://CERT.EXAMPLE.CN/V/ABC"), List.of(), false, null, "")))), null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReaderProcess.writeAnswer(oneFile, out);
        Path answer = Files.createTempFile("answer", ".bin");
        try {
            Files.write(answer, java.util.Arrays.copyOf(out.toByteArray(), out.size() - 3));
            assertEquals(DocumentRefused.Reason.MALFORMED, assertThrows(DocumentRefused.class,
                    () -> ReaderProcesses.answer(answer, limits(Duration.ofSeconds(3)), 1)).reason());
            Files.write(answer, out.toByteArray());
            assertEquals(DocumentRefused.Reason.MALFORMED, assertThrows(DocumentRefused.class,
                    () -> ReaderProcesses.answer(answer, limits(Duration.ofSeconds(3)), 2)).reason(), "two files asked, one answered");
            assertEquals(1, ReaderProcesses.answer(answer, limits(Duration.ofSeconds(3)), 1).reads().size());
        } finally {
            Files.deleteIfExists(answer);
        }
    }

    @Test
    void theReaderTellsEachPageItReadsAcrossTheFiles() throws Exception {
        Path first = Files.createTempFile("first", ".pdf");
        Path second = Files.createTempFile("second", ".pdf");
        Files.write(first, blankPages(3));
        Files.write(second, blankPages(2));
        List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        try {
            readers.read(List.of(first, second), limits(Duration.ofSeconds(60)), NO_NUMBERS,
                    (pagesRead, pagesKnown, found) -> told.add(pagesRead + "/" + pagesKnown + ":" + found));
        } finally {
            Files.deleteIfExists(first);
            Files.deleteIfExists(second);
        }
        // the second file's pages are known once it is opened
        assertEquals(List.of("1/3:0", "2/3:0", "3/3:0", "4/5:0", "5/5:0"), told);
    }

    @Test
    void whatIsNotAProgressLineIsNotBelieved() {
        List<String> told = new java.util.ArrayList<>();
        String lines = "WARNING: a font is missing\nprogress 1 2 0\nprogress 3 2 0\nprogress 2 400 1\n"
                + "progress " + "9".repeat(200) + " 1 1\nprogress 2 2 1\n";
        ReaderProcesses.progressLines(new java.io.ByteArrayInputStream(lines.getBytes(java.nio.charset.StandardCharsets.UTF_8)), 300,
                (pagesRead, pagesKnown, found) -> told.add(pagesRead + "/" + pagesKnown + ":" + found));
        assertEquals(List.of("1/2:0", "2/2:1"), told);
    }

    private static byte[] blankPages(int pages) throws Exception {
        try (org.apache.pdfbox.pdmodel.PDDocument document = new org.apache.pdfbox.pdmodel.PDDocument();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            for (int i = 0; i < pages; i++) {
                document.addPage(new org.apache.pdfbox.pdmodel.PDPage());
            }
            document.save(out);
            return out.toByteArray();
        }
    }
}
