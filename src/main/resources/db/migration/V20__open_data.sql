-- The nightly open-data dumps: for each day, a gzip CSV of every province's certificates and a signed manifest of
-- their SHA-256s. A dump is written whole in one transaction (its files first: the foreign key is checked at commit).
create table open_data_dump (
    dump_date  date primary key,
    log_size   bigint      not null,
    manifest   text        not null,
    created_at timestamptz not null default now()
);
create table open_data_file (
    dump_date date   not null references open_data_dump on delete cascade deferrable initially deferred,
    province  text   not null,
    rows      bigint not null,
    sha256    bytea  not null,
    content   bytea  not null,
    primary key (dump_date, province)
);
