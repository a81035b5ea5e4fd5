package cn.certregistry.procurement;

import static io.quarkus.scheduler.Scheduled.ConcurrentExecution.SKIP;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;

import cn.certregistry.common.ProblemException;
import cn.certregistry.common.ProblemType;
import cn.certregistry.document.DocumentReader;
import cn.certregistry.document.ReaderProcess;

/**
 * Reads bid files as jobs: the upload is answered at once with the job's address, and the reading runs on a thread of
 * this server, in the reader's process as every bid file is, within the same slots ({@link DocumentSlots}: the upload
 * took one before its body was read, and keeps it until its reader has ended). What the reading shows (its progress,
 * then its answer or its problem) is written to {@link DocumentJobs}, where any server reads it. This server says
 * every few seconds that it is still at work on its jobs; a job whose server fell silent is taken up by a server with
 * a free slot, from the files kept with it.
 */
@ApplicationScoped
public class DocumentJobRunner {

    private static final Logger LOG = Logger.getLogger(DocumentJobRunner.class);
    /** Progress is written at most this often: a page a few milliseconds long costs no write each. */
    static final long PROGRESS_EVERY_MILLIS = 500;
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    DocumentJobs jobs;
    @Inject
    DocumentCheck check;
    @Inject
    DocumentSlots slots;

    /** This server in the jobs' rows: its host name for the operator, and random bits that no restart repeats. */
    private final String server = host() + "/" + HexFormat.of().formatHex(bytes(6));
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final ExecutorService readers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "bid-file-job");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * A job for the request's files, read from now on with the slot the request took; its id. The files are checked as
     * the synchronous call checks them, and kept (in the database, for another server, and on this one's disk) before
     * the answer goes, since the request's own copies go with it.
     */
    public String start(List<DocumentCheck.Upload> uploads, String bidDate, String creditCode) {
        DocumentCheck.Asked asked = check.asked(uploads, bidDate, creditCode);
        String id = HexFormat.of().formatHex(bytes(16));
        Path folder = folder();
        List<DocumentCheck.Upload> copies = new ArrayList<>();
        try {
            for (int i = 0; i < uploads.size(); i++) {
                Path copy = folder.resolve(String.valueOf(i));
                Files.copy(uploads.get(i).file(), copy);
                copies.add(new DocumentCheck.Upload(uploads.get(i).name(), copy));
            }
            jobs.create(id, asked, copies, server);
        } catch (IOException e) {
            delete(folder);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            delete(folder);
            throw e;
        }
        DocumentSlots.Slot slot = slots.held();
        slot.reading();
        run(id, asked, copies, folder, slot);
        return id;
    }

    private void run(String id, DocumentCheck.Asked asked, List<DocumentCheck.Upload> uploads, Path folder, DocumentSlots.Slot slot) {
        running.add(id);
        try {
            readers.execute(() -> read(id, asked, uploads, folder, slot));
        } catch (RejectedExecutionException stopping) {
            // the server is stopping: the job is left to another, as if this one had died
            running.remove(id);
            slot.readingEnded();
            delete(folder);
        }
    }

    private void read(String id, DocumentCheck.Asked asked, List<DocumentCheck.Upload> uploads, Path folder, DocumentSlots.Slot slot) {
        try {
            jobs.reading(id);
            List<DocumentReader.Read> reads;
            try {
                reads = check.read(uploads.stream().map(DocumentCheck.Upload::file).toList(), progress(id));
            } finally {
                slot.readingEnded();
            }
            jobs.done(id, check.outcome(uploads, reads, asked));
        } catch (ProblemException problem) {
            failed(id, problem);
        } catch (InterruptedException stopping) {
            // the server is stopping: its heartbeat stops with it, and another server takes the job up
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warnf(e, "Bid file job %s failed", id);
            failed(id, new ProblemException(ProblemType.INTERNAL_ERROR, "The bid file could not be checked; upload it again.", null));
        } finally {
            running.remove(id);
            delete(folder);
        }
    }

    /** The reader's pages, written at most every {@link #PROGRESS_EVERY_MILLIS}. */
    private ReaderProcess.Progress progress(String id) {
        AtomicLong last = new AtomicLong();
        return (pagesRead, pagesKnown, found) -> {
            long now = System.currentTimeMillis();
            long before = last.get();
            if (now - before >= PROGRESS_EVERY_MILLIS && last.compareAndSet(before, now)) {
                jobs.progress(id, pagesRead, pagesKnown, found);
            }
        };
    }

    private void failed(String id, ProblemException problem) {
        try {
            jobs.failed(id, problem);
        } catch (RuntimeException e) {
            // the heartbeat has stopped: the job is read again elsewhere, or given up
            LOG.warnf("Bid file job %s could not be marked failed: %s", id, e.toString());
        }
    }

    @Scheduled(identity = "bid file jobs heartbeat", every = "${registry.documents.jobs.heartbeat-every}", concurrentExecution = SKIP)
    void heartbeat() {
        if (!running.isEmpty()) {
            jobs.heartbeat(List.copyOf(running));
        }
    }

    /**
     * Jobs nobody reads: those silent too long fail, and one whose server fell silent is taken up if this server has a
     * slot free (none is taken while nothing waits).
     */
    @Scheduled(identity = "bid file jobs taken up", every = "${registry.documents.jobs.look-every}", concurrentExecution = SKIP)
    void takeUp() {
        jobs.giveUp();
        if (!jobs.anyStale()) {
            return;
        }
        Optional<DocumentSlots.Slot> slot = slots.spare();
        if (slot.isEmpty()) {
            return;
        }
        Path folder = folder();
        Optional<DocumentJobs.Claimed> claimed = Optional.empty();
        try {
            claimed = jobs.claim(server, folder);
        } finally {
            if (claimed.isEmpty()) {
                slot.get().readingEnded();
                delete(folder);
            }
        }
        if (claimed.isEmpty()) {
            return; // another server took it first, or it failed
        }
        DocumentJobs.Claimed job = claimed.get();
        LOG.infof("Bid file job %s taken up from a server that fell silent", job.id());
        run(job.id(), job.asked(), job.uploads(), folder, slot.get());
    }

    @Scheduled(identity = "bid file jobs expired", every = "PT10M", concurrentExecution = SKIP)
    void expire() {
        jobs.expire();
    }

    @PreDestroy
    void stop() {
        // a reading interrupted ends its process; its job is taken up by another server
        readers.shutdownNow();
    }

    private static Path folder() {
        try {
            return Files.createTempDirectory("bid-job");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            LOG.debugf("Could not delete %s: %s", folder, e);
        }
    }

    private static byte[] bytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static String host() {
        try {
            String host = InetAddress.getLocalHost().getHostName();
            return host.length() <= 80 ? host : host.substring(0, 80);
        } catch (IOException e) {
            return "server";
        }
    }
}
