-- The signed note of each export (CSV or XLSX), by the id its last line carries: the export's .sig serves it, so
-- that a file can be checked against the register's published key long after it was downloaded.
create table export_signature (
    id         text primary key,
    note       text        not null,
    created_at timestamptz not null default now()
);
create index export_signature_created_idx on export_signature (created_at);
