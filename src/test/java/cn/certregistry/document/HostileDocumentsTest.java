package cn.certregistry.document;

import static cn.certregistry.Api.TODAY;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.junit.QuarkusTest;

import cn.certregistry.Api;
import cn.certregistry.verification.VerificationTest;

/**
 * The corpus of hostile documents ({@link HostileDocuments}), each read as a bid file is: every one is read or refused
 * with the reason named here within its deadline and the reader's grace, its process is gone afterwards, and scans are
 * answered all the while. Prints each one's outcome, time and the reader's peak memory. A document that only the
 * reader's end stops waits for its deadline wherever it is read: {@link ReaderProcessesTest} reads it.
 */
@QuarkusTest
class HostileDocumentsTest {

    /** Far from what any document here takes (the PNG some 2 s): none is refused for its time, on a slower machine too. */
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final Duration GRACE = Duration.ofSeconds(5 + 3);

    /** What each document comes to: how its refusal begins, or "read" (a JPEG 2000 or JBIG2 image has no codec here, and
     * PDFBox leaves it out of the page). */
    private static final Map<String, String> EXPECTED = Map.ofEntries(
            Map.entry("form-that-draws-itself-twice.pdf", "MALFORMED: Reading the text of page 1 nests forms deeper than 12"),
            Map.entry("forms-nested-forty-deep.pdf", "MALFORMED: Reading the text of page 1 nests forms deeper than 12"),
            Map.entry("flate-bomb-100-mb.pdf", "TOO_LARGE: Reading the text of page 1 decodes more than 64 MiB"),
            Map.entry("inline-image-bomb.pdf", "TOO_LARGE: Reading the text of page 1 meets an image of 60000×60000 pixels"),
            Map.entry("ten-thousand-tiny-pages.pdf", "TOO_MANY_PAGES"),
            Map.entry("xref-that-points-to-itself.pdf", "read"),
            Map.entry("png-of-256-million-pixels.png", "read"),
            Map.entry("jpeg-that-says-ten-pixels-and-has-900-million.pdf",
                    "TOO_LARGE: Reading page 1 meets an image of 30000×30000 pixels (as its codec reads it)"),
            Map.entry("jpeg2000-of-900-million-pixels.pdf", "read"),
            Map.entry("jbig2-of-900-million-pixels.pdf", "read"),
            Map.entry("image-behind-forms-of-one-name.pdf", "TOO_LARGE: Reading page 1 meets an image of 100000×100000 pixels"));

    @Inject
    ReaderProcesses readers;

    /** The largest resident set a reader process had, sampled every 20 ms from /proc while it ran (Linux only). */
    private static final class PeakMemory {

        private final AtomicBoolean running = new AtomicBoolean(true);
        private final java.util.concurrent.atomic.AtomicLong kilobytes = new java.util.concurrent.atomic.AtomicLong();
        private final Thread sampler = new Thread(this::sample, "reader-memory");

        PeakMemory() {
            sampler.setDaemon(true);
            sampler.start();
        }

        private void sample() {
            while (running.get()) {
                ProcessHandle.current().descendants()
                        .filter(p -> p.info().commandLine().orElse("").contains(ReaderProcess.class.getName()))
                        .forEach(p -> kilobytes.accumulateAndGet(highWaterMark(p.pid()), Math::max));
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private static long highWaterMark(long pid) {
            try {
                return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                        .filter(line -> line.startsWith("VmHWM:")).mapToLong(line -> Long.parseLong(line.replaceAll("\\D", "")))
                        .findFirst().orElse(0);
            } catch (java.io.IOException | RuntimeException gone) {
                return 0;
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            sampler.join();
        }

        long megabytes() {
            return kilobytes.get() / 1024;
        }
    }

    /** The corpus, but for what only a reader's end stops. */
    static Stream<Arguments> documents() throws Exception {
        return HostileDocuments.all().entrySet().stream().filter(document -> !HostileDocuments.ONLY_THE_END_STOPS.contains(document.getKey()))
                .map(document -> Arguments.of(document.getKey(), document.getValue()));
    }

    private static String code;

    @ParameterizedTest(name = "{0}")
    @MethodSource("documents")
    void isReadOrRefusedInBoundedTimeWhileScansAreAnswered(String name, byte[] document) throws Exception {
        if (code == null) {
            code = VerificationTest.path(VerificationTest.scan(Api.issue(Api.newBody("HOSTILE"), "440106", TODAY.minusDays(5))));
        }
        AtomicBoolean reading = new AtomicBoolean(true);
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        CompletableFuture<Void> scans = CompletableFuture.runAsync(() -> {
            while (reading.get()) {
                int status = given().accept("application/json").get(code).statusCode();
                (status == 200 ? answered : failed).incrementAndGet();
                // a steady stream of scans shows the service answers; a flood would only take the processors from the reader
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        DocumentLimits limits = new DocumentLimits(30 << 20, 300, 150, 12_000_000, 40_000_000, 64 << 20, 2L << 30, DEADLINE);
        Path file = Files.createTempFile("hostile", name);
        try {
            Files.write(file, document);
            cn.certregistry.Await.until("scans are answered", () -> answered.get() + failed.get() > 0, () -> "none yet");
            int answeredBefore = answered.get();
            long started = System.nanoTime();
            String outcome;
            PeakMemory peak = new PeakMemory();
            try {
                outcome = "read, " + readers.read(List.of(file), limits, Pattern.compile("(?!)")).get(0).pages() + " pages";
            } catch (DocumentRefused refused) {
                outcome = refused.reason() + ": " + refused.getMessage();
            } finally {
                peak.stop();
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            System.out.printf("hostile document %-36s %9d bytes  %5.1f s  reader's peak %4d MB  %s%n", name, document.length,
                    took.toMillis() / 1000.0, peak.megabytes(), outcome);
            assertTrue(outcome.startsWith(EXPECTED.get(name)), name + ": " + outcome);
            assertTrue(took.compareTo(DEADLINE.plus(GRACE)) < 0, name + " took " + took);
            assertEquals(0, ReaderProcessesTest.readersRunning(), name + ": its reader is gone");
            assertTrue(answered.get() > answeredBefore, "scans were answered meanwhile");
        } finally {
            reading.set(false);
            scans.get();
            Files.deleteIfExists(file);
        }
        assertEquals(0, failed.get(), "every scan meanwhile answered 200");
    }

    @Test
    void theFuzzTestReplaysTheCorpusAsItIsWritten() throws Exception {
        for (Map.Entry<String, byte[]> document : HostileDocuments.all().entrySet()) {
            Path input = HostileDocuments.FUZZ_INPUTS.resolve(HostileDocuments.FUZZ_PREFIX + document.getKey());
            if (HostileDocuments.ONLY_THE_END_STOPS.contains(document.getKey())) {
                assertTrue(Files.notExists(input), "an input the fuzz test could not stop: " + input);
            } else {
                assertTrue(java.util.Arrays.equals(document.getValue(), Files.readAllBytes(input)),
                        input + " is what HostileDocuments writes (run its main)");
            }
        }
    }
}
