package cn.certregistry.document;

import java.io.BufferedInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

/**
 * Starts a {@link ReaderProcess} for each bid file and waits for it, never past the deadline: a reader still at work
 * then is killed, and the call returns only once the process has ended, so that a slot given back is a core given back.
 * The process has a heap of its own ({@link DocumentConfig#readerHeap()}) and the serial collector (its work is one
 * thread's), and leaves on running out of memory rather than limping on. It is not told it has one processor
 * ({@code -XX:ActiveProcessorCount=1}): so started, it missed the code on a photographed copy that it reads otherwise.
 * It compiles with C1 only: a reader lives for seconds, and the optimising compiler's threads cost more than they give back
 * in that time (CPU for one page 2.2 s against 1.1 s, for 300 pages 8.5 s against 5.9 s, at 9 % more wall time), and
 * the cores are what bid files wait for.
 */
@ApplicationScoped
public class ReaderProcesses {

    private static final Logger LOG = Logger.getLogger(ReaderProcesses.class);
    /** What the JVM exits with on -XX:+ExitOnOutOfMemoryError. */
    private static final int OUT_OF_MEMORY = 3;
    /** A process's start and the writing of its answer, beyond the reading's own time. */
    private static final Duration GRACE = Duration.ofSeconds(5);
    /**
     * The classes whose jars (or folders) the reader needs: its own, PDFBox's, ZXing's and their logging, and
     * BouncyCastle's CMS for a PDF's signatures ({@link PdfSignatures}).
     */
    private static final List<String> CLASSES = List.of("cn.certregistry.document.ReaderProcess",
            "org.apache.pdfbox.pdmodel.PDDocument", "org.apache.pdfbox.io.RandomAccessRead", "org.apache.fontbox.FontBoxFont",
            "org.apache.commons.logging.LogFactory", "org.jboss.logging.Logger", "com.google.zxing.BinaryBitmap",
            "org.bouncycastle.cms.CMSSignedData", "org.bouncycastle.asn1.cms.ContentInfo", "org.bouncycastle.asn1.ASN1Object");

    @Inject
    DocumentConfig config;

    private List<String> command;

    @PostConstruct
    void command() {
        Set<String> classpath = new LinkedHashSet<>();
        for (String name : CLASSES) {
            try {
                Class<?> type = Class.forName(name, false, ReaderProcesses.class.getClassLoader());
                classpath.add(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (ReflectiveOperationException | java.net.URISyntaxException | RuntimeException e) {
                throw new IllegalStateException("The bid file reader's classes cannot be found: " + name, e);
            }
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + config.readerHeap(), "-XX:+ExitOnOutOfMemoryError", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Xss1m", "-Djava.awt.headless=true"));
        String fontCache = System.getProperty("pdfbox.fontcache");
        if (fontCache != null) {
            command.add("-Dpdfbox.fontcache=" + fontCache);
        }
        command.addAll(List.of("-cp", String.join(File.pathSeparator, classpath), ReaderProcess.class.getName()));
        this.command = List.copyOf(command);
    }

    /** Reads the files in a process of its own; when this returns or throws, that process has ended. */
    public List<DocumentReader.Read> read(List<Path> files, DocumentLimits limits, Pattern numbers)
            throws DocumentRefused, InterruptedException {
        return read(files, limits, numbers, ReaderProcess.Progress.NONE);
    }

    /**
     * The same, {@code progress} told of every page as the process reads it (on a thread of its own); it is not told
     * anything once this has returned or thrown.
     */
    public List<DocumentReader.Read> read(List<Path> files, DocumentLimits limits, Pattern numbers, ReaderProcess.Progress progress)
            throws DocumentRefused, InterruptedException {
        Instant deadline = Instant.now().plus(limits.maxTime());
        Path answer = null;
        Process process = null;
        Thread listening = null;
        try {
            answer = Files.createTempFile("bid-reader", ".answer");
            boolean told = progress != ReaderProcess.Progress.NONE;
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(answer.toFile())
                    .redirectError(told ? ProcessBuilder.Redirect.PIPE : ProcessBuilder.Redirect.DISCARD);
            // the service's own options (its heap, its processors) are not the reader's
            builder.environment().remove("JAVA_TOOL_OPTIONS");
            process = builder.start();
            if (told) {
                InputStream lines = new BufferedInputStream(process.getErrorStream());
                listening = new Thread(() -> progressLines(lines, limits.maxPages(), progress), "bid-reader-progress");
                listening.setDaemon(true);
                listening.start();
            }
            try (OutputStream request = process.getOutputStream()) {
                ReaderProcess.writeRequest(new ReaderProcess.Request(files, limits, deadline, numbers), request);
            }
            if (!process.waitFor(limits.maxTime().plus(GRACE).toMillis(), TimeUnit.MILLISECONDS)) {
                throw new DocumentRefused(DocumentRefused.Reason.TOO_SLOW, "Reading the files took longer than "
                        + limits.maxTime().toSeconds() + " s; give fewer pages at a time.");
            }
            if (process.exitValue() == OUT_OF_MEMORY) {
                throw new DocumentRefused(DocumentRefused.Reason.TOO_LARGE, "Reading the files needs more memory than a bid file"
                        + " may have; give fewer or smaller pages at a time.");
            }
            if (process.exitValue() != 0) {
                throw new DocumentRefused(DocumentRefused.Reason.MALFORMED, "The files cannot be read (the reader stopped).");
            }
            ReaderProcess.Answer read = answer(answer, limits, files.size());
            if (read.refused() != null) {
                throw read.refused();
            }
            return read.reads();
        } catch (IOException e) {
            throw new IllegalStateException("The bid file reader could not be run", e);
        } finally {
            end(process);
            stopListening(listening);
            delete(answer);
        }
    }

    private static final Pattern PROGRESS = Pattern.compile("progress (\\d{1,9}) (\\d{1,9}) (\\d{1,9})");
    /** Longer lines on the reader's standard error are not progress (the JVM's or a library's messages): skipped. */
    private static final int MAX_LINE = 100;

    /**
     * Reads the reader's standard error to its end: its progress lines, checked as the rest of what it says is (a count
     * past the pages allowed, or pages read past those known, is not believed), go to {@code progress}.
     */
    static void progressLines(InputStream in, int maxPages, ReaderProcess.Progress progress) {
        StringBuilder line = new StringBuilder();
        boolean tooLong = false;
        try (in) {
            for (int next = in.read(); next >= 0; next = in.read()) {
                if (next != '\n') {
                    tooLong |= line.length() >= MAX_LINE;
                    if (!tooLong) {
                        line.append((char) next);
                    }
                    continue;
                }
                Matcher matcher = PROGRESS.matcher(line.toString().strip());
                if (!tooLong && matcher.matches()) {
                    int read = Integer.parseInt(matcher.group(1));
                    int known = Integer.parseInt(matcher.group(2));
                    if (read <= known && known <= maxPages) {
                        tell(progress, read, known, Integer.parseInt(matcher.group(3)));
                    }
                }
                line.setLength(0);
                tooLong = false;
            }
        } catch (IOException ended) {
            // the process was killed: there is no more to tell
        }
    }

    private static void tell(ReaderProcess.Progress progress, int read, int known, int found) {
        try {
            progress.at(read, known, found);
        } catch (RuntimeException e) {
            // progress is shown, not needed: the reading goes on without it
            LOG.debugf("A bid file's progress was not told: %s", e);
        }
    }

    /** Waits for the progress to be read to its end, which the process's end brings: nothing is told after the answer. */
    private static void stopListening(Thread listening) {
        if (listening == null) {
            return;
        }
        try {
            listening.join(GRACE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (listening.isAlive()) {
            listening.interrupt();
        }
    }

    /**
     * The reader's answer, as untrusted as the files it read: one that does not parse, or does not speak of every file,
     * refuses the files rather than failing the request.
     */
    static ReaderProcess.Answer answer(Path answer, DocumentLimits limits, int files) throws DocumentRefused {
        try (InputStream in = Files.newInputStream(answer)) {
            ReaderProcess.Answer read = ReaderProcess.readAnswer(in, limits.maxPages());
            if (read.refused() == null && read.reads().size() != files) {
                throw new IOException("The reader spoke of " + read.reads().size() + " files of " + files);
            }
            return read;
        } catch (IOException e) {
            LOG.warnf("A bid file reader's answer cannot be read: %s", e.getMessage());
            throw new DocumentRefused(DocumentRefused.Reason.MALFORMED, "The files cannot be read (the reader's answer is"
                    + " incomplete).", e);
        }
    }

    /** Kills the process if it still runs, and waits until it has really ended. */
    private static void end(Process process) {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        boolean interrupted = false;
        while (true) {
            try {
                process.waitFor();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void delete(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debugf("Could not delete %s: %s", file, e);
        }
    }
}
