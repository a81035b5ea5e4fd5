-- Status snapshots live here, not in one server's memory: a note served by any server names a file that every server
-- can serve. A renewal with nothing changed signs a new note for the same file, so files are kept apart from notes.
create table status_snapshot_file (
    sha256 text  primary key,
    file   bytea not null
);
create table status_snapshot (
    id       bigserial   primary key,
    sha256   text        not null references status_snapshot_file,
    note     text        not null,
    day      date        not null,
    log_size bigint      not null,
    taken_at timestamptz not null
);
create index status_snapshot_newest on status_snapshot (taken_at desc);
