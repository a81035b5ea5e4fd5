package cn.certregistry.procurement;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.hibernate.Session;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.certregistry.common.NamedSql;
import cn.certregistry.common.Problem;
import cn.certregistry.common.ProblemException;
import cn.certregistry.common.ProblemType;
import cn.certregistry.common.RegisterClock;
import cn.certregistry.common.SqlValues;
import cn.certregistry.document.DocumentConfig;

/**
 * Bid files read as jobs, in PostgreSQL (V34): a job's state, its progress, its result, and its files while it is at
 * work, so that any server answers a poll and a job whose server died is taken up by another. Every method is one
 * short transaction on one connection.
 */
@ApplicationScoped
public class DocumentJobs {

    /** A job's state: stored, being read, read (with its result), or failed (with its problem). */
    public enum State {
        QUEUED, READING, DONE, FAILED
    }

    /**
     * A job as its poll answers it: how far the reading is and, once it is over, the same answer the synchronous call
     * gives ({@code result}, a {@code DocumentView}) or the same problem.
     */
    public record Status(String id, State state, int pagesRead, Integer pagesTotal, int certificatesFound,
            OffsetDateTime createdAt, OffsetDateTime expiresAt, @JsonInclude(Include.NON_NULL) @JsonRawValue String result,
            @JsonInclude(Include.NON_NULL) @JsonRawValue String problem, @JsonInclude(Include.NON_NULL) Downloads downloads) {

        public boolean over() {
            return state == State.DONE || state == State.FAILED;
        }
    }

    /** Where a job that is done offers its result as the procurement page's downloads, made from the result it keeps. */
    public record Downloads(String csv, String xlsx, String report) {

        static Downloads of(String id) {
            String job = ProcurementPage.JOB_PAGES + id;
            return new Downloads(job + "/result.csv", job + "/result.xlsx", job + "/report");
        }
    }

    /** A job taken up from a server that died: what was asked, and its files written again to {@code folder}. */
    record Claimed(String id, DocumentCheck.Asked asked, List<DocumentCheck.Upload> uploads) {
    }

    /** Jobs are found only by their ids: 128 random bits, as 32 hexadecimal digits. */
    static final String ID_PATTERN = "[0-9a-f]{32}";
    /** A job whose servers stopped this many times is not tried again: its file may be what stops them. */
    static final int MAX_ATTEMPTS = 3;
    static final String UPLOAD_AGAIN = "The server reading this bid file stopped and no other could finish it; upload the file"
            + " again.";

    @Inject
    Session session;
    @Inject
    ObjectMapper json;
    @Inject
    DocumentConfig config;
    @Inject
    RegisterClock clock;

    /** A new job with its files (streamed from disk, each within the request's byte limit), to be read by {@code server}. */
    @Transactional
    public void create(String id, DocumentCheck.Asked asked, List<DocumentCheck.Upload> uploads, String server) {
        session.doWork(connection -> {
            Map<String, Object> job = new HashMap<>();
            job.put("id", id);
            job.put("bidDate", asked.on());
            job.put("creditCode", asked.bidder());
            job.put("server", server);
            job.put("keepFor", config.jobs().keepFor().toSeconds() + " seconds");
            NamedSql.update(connection, "insert into document_job (id, state, bid_date, credit_code, server, heartbeat,"
                    + " created_at, expires_at) values (:id, 'QUEUED', :bidDate, :creditCode, :server, now(), now(),"
                    + " now() + :keepFor::interval)", job);
            // each file streamed from its disk copy, never whole in memory
            try (PreparedStatement file = connection.prepareStatement("insert into document_job_file (job_id, position, name,"
                    + " bytes) values (?, ?, ?, ?)")) {
                for (int position = 0; position < uploads.size(); position++) {
                    DocumentCheck.Upload upload = uploads.get(position);
                    try (InputStream bytes = Files.newInputStream(upload.file())) {
                        file.setString(1, id);
                        file.setInt(2, position);
                        file.setString(3, name(upload.name()));
                        file.setBinaryStream(4, bytes, upload.size());
                        file.executeUpdate();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        });
    }

    /** A job as it stands; a job unknown, or past its time, is not found. */
    @Transactional
    public Status status(String id) {
        if (id == null || !id.matches(ID_PATTERN)) {
            throw notFound();
        }
        // read on the primary, not a replica: the poll right after the upload must find the job it made
        List<Object[]> rows = session.doReturningWork(connection -> NamedSql.rows(connection, "select state, pages_read,"
                + " pages_total, certificates_found, created_at, expires_at, result::text, problem::text,"
                + " state in ('QUEUED', 'READING') and heartbeat < now() - :giveUpAfter::interval from document_job"
                + " where id = :id and expires_at > now()", Map.of("giveUpAfter", milliseconds(config.jobs().giveUpAfter()),
                        "id", id)));
        if (rows.isEmpty()) {
            throw notFound();
        }
        Object[] row = rows.get(0);
        State state = State.valueOf((String) row[0]);
        Status status = new Status(id, state, (Integer) row[1], (Integer) row[2], (Integer) row[3],
                time((Timestamp) row[4]), time((Timestamp) row[5]), (String) row[6], (String) row[7],
                state == State.DONE ? Downloads.of(id) : null);
        // nobody has read it for too long: failed, whether or not a server has written so yet
        if ((Boolean) row[8]) {
            return new Status(id, State.FAILED, status.pagesRead(), status.pagesTotal(), status.certificatesFound(),
                    status.createdAt(), status.expiresAt(), null, problem(lost(UPLOAD_AGAIN)), null);
        }
        return status;
    }

    /** The problem of a failed job, for its page to show; null for a job that has not failed. */
    public Problem problem(Status status) {
        try {
            return status.problem() == null ? null : json.readValue(status.problem(), Problem.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The outcome of a job that is done, as it was stored when its files were read (they are not read again): its
     * answer and, for its page, the thumbnails of its pages. A job still at work, or failed, has none: a conflict that
     * says which; one unknown or past its time is not found.
     */
    @Transactional
    public DocumentCheck.Outcome outcome(String id, boolean withThumbnails) {
        Status status = status(id);
        if (status.state() == State.FAILED) {
            Problem failure = problem(status);
            throw new ProblemException(ProblemType.CONFLICT, "This bid file could not be read, so it has no result"
                    + (failure == null ? "; upload it again." : ": " + failure.detail()), null);
        }
        if (status.state() != State.DONE) {
            throw new ProblemException(ProblemType.CONFLICT, "This bid file is still being read (" + status.pagesRead() + " of "
                    + (status.pagesTotal() == null ? "?" : status.pagesTotal()) + " pages); its result can be downloaded once"
                    + " its page shows it.", null);
        }
        String thumbnails = !withThumbnails ? null : session.doReturningWork(connection -> NamedSql.rows(connection,
                "select thumbnails::text from document_job where id = :id", Map.of("id", id))).stream()
                .map(row -> (String) row[0]).findFirst().orElse(null);
        try {
            // the time of the check as it was written, in the register's zone, not moved to UTC
            DocumentResource.DocumentView view = json.readerFor(DocumentResource.DocumentView.class)
                    .without(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE).readValue(status.result());
            List<DocumentCheck.Thumbnail> pages = thumbnails == null ? List.of()
                    : json.readValue(thumbnails, new TypeReference<List<DocumentCheck.Thumbnail>>() {
                    });
            return DocumentResource.outcome(view, pages);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The reading starts (again). */
    @Transactional
    public void reading(String id) {
        session.doWork(connection -> NamedSql.update(connection, "update document_job set state = 'READING', heartbeat = now()"
                + " where id = :id and state in ('QUEUED', 'READING')", Map.of("id", id)));
    }

    /**
     * How far the reading is. A job taken up is read again from its first page: what it shows never goes back, it
     * waits until the new reading has passed it.
     */
    @Transactional
    public void progress(String id, int pagesRead, int pagesKnown, int found) {
        session.doWork(connection -> NamedSql.update(connection, "update document_job set pages_read = greatest(pages_read,"
                + " :pagesRead), pages_total = greatest(pages_total, :pagesKnown, :pagesRead), certificates_found ="
                + " greatest(certificates_found, :found), heartbeat = now() where id = :id and state in ('QUEUED', 'READING')",
                Map.of("pagesRead", pagesRead, "pagesKnown", pagesKnown, "found", found, "id", id)));
    }

    /** The job is done: its answer stays until the job's time is up; its files go now. */
    @Transactional
    public void done(String id, DocumentCheck.Outcome outcome) {
        String result = write(DocumentResource.view(outcome));
        String thumbnails = write(outcome.thumbnails());
        int pages = outcome.files().stream().mapToInt(ProcurementCheck.Document::pages).sum();
        session.doWork(connection -> {
            NamedSql.update(connection, "update document_job set state = 'DONE', result = :result::jsonb, thumbnails ="
                    + " :thumbnails::jsonb, pages_read = :pages, pages_total = :pages, certificates_found = :found,"
                    + " heartbeat = now() where id = :id and state in ('QUEUED', 'READING')", Map.of("result", result,
                            "thumbnails", thumbnails, "pages", pages, "found", outcome.findings().size(), "id", id));
            deleteFiles(connection, id);
        });
    }

    /** The job failed as the synchronous call would have: its problem stays until the job's time is up; its files go now. */
    @Transactional
    public void failed(String id, ProblemException problem) {
        session.doWork(connection -> fail(connection, id, problem(problem)));
    }

    /** This server is still reading these jobs. */
    @Transactional
    public void heartbeat(List<String> ids) {
        session.doWork(connection -> NamedSql.update(connection, "update document_job set heartbeat = now()"
                + " where id = any(:ids) and state in ('QUEUED', 'READING')", Map.of("ids", ids.toArray(String[]::new))));
    }

    /** Jobs nobody has read for {@link DocumentConfig.Jobs#giveUpAfter()}: failed, to be uploaded again. */
    @Transactional
    public int giveUp() {
        return session.doReturningWork(connection -> {
            List<String> silent = ids(connection, "select id from document_job where state in ('QUEUED', 'READING')"
                    + " and heartbeat < now() - :age::interval for update skip locked", config.jobs().giveUpAfter());
            for (String id : silent) {
                fail(connection, id, problem(lost(UPLOAD_AGAIN)));
            }
            return silent.size();
        });
    }

    /** Whether a job waits to be taken up: asked before a slot is taken for it. */
    @Transactional
    public boolean anyStale() {
        return session.doReturningWork(connection -> !ids(connection, "select id from document_job where state in ('QUEUED',"
                + " 'READING') and heartbeat < now() - :age::interval limit 1", config.jobs().staleAfter()).isEmpty());
    }

    /**
     * Takes up one job whose server has been silent for {@link DocumentConfig.Jobs#staleAfter()}, for {@code server}:
     * its files are written to {@code folder}. A job that other servers are taking up now is left to them (skip locked);
     * one tried {@link #MAX_ATTEMPTS} times, or whose files are gone, fails instead.
     */
    @Transactional
    public Optional<Claimed> claim(String server, Path folder) {
        return session.doReturningWork(connection -> {
            List<Object[]> stale = NamedSql.rows(connection, "select id, bid_date, credit_code, attempts from document_job"
                    + " where state in ('QUEUED', 'READING') and heartbeat < now() - :staleAfter::interval and expires_at > now()"
                    + " order by heartbeat limit 1 for update skip locked", Map.of("staleAfter",
                            milliseconds(config.jobs().staleAfter())));
            if (stale.isEmpty()) {
                return Optional.empty();
            }
            String id = (String) stale.get(0)[0];
            DocumentCheck.Asked asked = new DocumentCheck.Asked(SqlValues.localDate(stale.get(0)[1]), (String) stale.get(0)[2]);
            int attempts = (Integer) stale.get(0)[3];
            List<DocumentCheck.Upload> uploads = attempts >= MAX_ATTEMPTS ? List.of() : files(connection, id, folder);
            if (uploads.isEmpty()) {
                fail(connection, id, problem(lost(attempts >= MAX_ATTEMPTS ? "The servers reading this bid file stopped "
                        + attempts + " times; upload the file again, or fewer pages at a time." : UPLOAD_AGAIN)));
                return Optional.empty();
            }
            NamedSql.update(connection, "update document_job set server = :server, heartbeat = now(), attempts = attempts + 1,"
                    + " state = 'QUEUED' where id = :id", Map.of("server", server, "id", id));
            return Optional.of(new Claimed(id, asked, uploads));
        });
    }

    /** Jobs past their time go, with their files and results. */
    @Transactional
    public int expire() {
        return session.doReturningWork(connection -> NamedSql.update(connection,
                "delete from document_job where expires_at <= now()", Map.of()));
    }

    private static List<DocumentCheck.Upload> files(Connection connection, String id, Path folder) throws SQLException {
        List<DocumentCheck.Upload> uploads = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("select position, name, bytes from document_job_file"
                + " where job_id = ? order by position")) {
            select.setString(1, id);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    Path file = folder.resolve(String.valueOf(row.getInt(1)));
                    try (InputStream bytes = row.getBinaryStream(3)) {
                        Files.copy(bytes, file);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    uploads.add(new DocumentCheck.Upload(row.getString(2), file));
                }
            }
        }
        return uploads;
    }

    private static void fail(Connection connection, String id, String problem) throws SQLException {
        NamedSql.update(connection, "update document_job set state = 'FAILED', problem = :problem::jsonb, heartbeat = now()"
                + " where id = :id and state in ('QUEUED', 'READING')", Map.of("problem", problem, "id", id));
        deleteFiles(connection, id);
    }

    private static void deleteFiles(Connection connection, String id) throws SQLException {
        NamedSql.update(connection, "delete from document_job_file where job_id = :id", Map.of("id", id));
    }

    /** The ids a query answers whose {@code :age} is how long the jobs have been silent. */
    private static List<String> ids(Connection connection, String sql, Duration age) throws SQLException {
        return NamedSql.rows(connection, sql, Map.of("age", milliseconds(age))).stream().map(row -> (String) row[0]).toList();
    }

    /** A length of time as PostgreSQL reads an interval. */
    private static String milliseconds(Duration time) {
        return time.toMillis() + " milliseconds";
    }

    private String problem(ProblemException problem) {
        return write(Problem.of(problem.type(), problem.getMessage(), null, problem.parameter()));
    }

    static ProblemException lost(String detail) {
        return new ProblemException(ProblemType.UNAVAILABLE, detail, "file");
    }

    static ProblemException notFound() {
        return ProblemException.notFound("No bid file is read under this address: a job is kept for a day, then it and its"
                + " files are deleted.");
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private OffsetDateTime time(Timestamp timestamp) {
        return timestamp.toInstant().atZone(clock.zone()).toOffsetDateTime();
    }

    /** A file's name as sent, within the column (a name is shown, never used as a path). */
    private static String name(String name) {
        return name == null || name.length() <= 300 ? name : name.substring(0, 300);
    }
}
