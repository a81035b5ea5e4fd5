-- Bid files read while the officer waits elsewhere (procurement/DocumentJobs): a job's state, progress and result live
-- here, not in the memory of the server that reads it, so that any server answers a poll, and a job whose server died
-- (its heartbeat stopped) is taken up by another from the bytes kept beside it. A job is found only by its id, 128
-- random bits: whoever has its address may read it. Jobs and their files go at expires_at. The application role gets
-- its privileges by default (V10).
create table document_job (
    id                 varchar(32)  primary key,
    state              varchar(10)  not null check (state in ('QUEUED', 'READING', 'DONE', 'FAILED')),
    bid_date           date         not null,
    credit_code        varchar(18),
    pages_read         integer      not null default 0 check (pages_read >= 0),
    pages_total        integer      check (pages_total >= pages_read),
    certificates_found integer      not null default 0 check (certificates_found >= 0),
    -- the synchronous answer (DocumentView) once done, with the thumbnails of the pages where something was found
    result             jsonb,
    thumbnails         jsonb,
    -- the problem document once failed
    problem            jsonb,
    server             varchar(100) not null,
    heartbeat          timestamp with time zone not null,
    attempts           integer      not null default 1,
    created_at         timestamp with time zone not null,
    expires_at         timestamp with time zone not null
);

-- the jobs still at work, by how long their server has been silent: what a server looks for to take up
create index document_job_at_work on document_job (heartbeat) where state in ('QUEUED', 'READING');
create index document_job_expiry on document_job (expires_at);

-- the files of a job still at work, as uploaded (within the request's byte limit): deleted once the job is done or failed
create table document_job_file (
    job_id   varchar(32)  not null references document_job (id) on delete cascade,
    position integer      not null,
    name     varchar(300),
    bytes    bytea        not null,
    primary key (job_id, position)
);
