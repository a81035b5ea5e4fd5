-- The rows of a CSV import on their way in (issuing/CertificateImport): checked in Java, written here with COPY,
-- then moved by one statement into holder, certificate and certificate_event (whose statement-level trigger fills
-- the log's outbox), all in the import's one transaction, which deletes its rows again before it commits; a failed
-- import leaves none. Unlogged: nothing here outlives a transaction, so it needs no write-ahead log. The
-- application role gets its privileges by default (V10).
create unlogged table certificate_import_row (
    import_id            uuid          not null,
    row_number           integer       not null,
    number               varchar(40)   not null,
    scheme_code          varchar(40)   not null,
    grade_code           varchar(40)   not null,
    score                numeric(7, 2) not null,
    score_scale          integer       not null,
    sub_scores           jsonb,
    scope                varchar(2000) not null,
    issue_date           date          not null,
    expiry_date          date          not null,
    holder_name          varchar(200)  not null,
    holder_region_code   varchar(6),
    credit_code          varchar(18)   not null,
    credit_code_check_ok boolean       not null,
    site_region_code     varchar(6)    not null,
    site_address         varchar(300),
    standing             varchar(20)   not null,
    surveillance_due     date          not null,
    created_at           timestamp with time zone not null,
    -- the ISSUED event's
    reason               varchar(1000),
    recorded_at          timestamp with time zone not null,
    recorded_by          varchar(100)  not null,
    primary key (import_id, row_number)
);
