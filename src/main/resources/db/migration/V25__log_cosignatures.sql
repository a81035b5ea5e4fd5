-- What the log's witnesses cosigned (C2SP tlog-cosignature lines), kept so that every server serves a checkpoint with
-- its cosignatures, whichever server asked the witnesses.
create table log_cosignature (
    size        bigint      not null,
    witness     text        not null,
    line        text        not null,
    cosigned_at timestamptz not null default now(),
    primary key (size, witness)
);
