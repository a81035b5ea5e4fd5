-- Certificate numbers belong to their body: each body issues under prefixes an administrator registers
-- for it (HXSC- say), so that no body can take another's number first. No registered prefix is the
-- start of another body's, so a number falls under at most one body.
create table body_number_prefix (
    prefix        varchar(20) primary key check (prefix ~ '^[A-Z0-9][A-Z0-9-]{0,19}$'),
    body_id       bigint      not null references certification_body (id),
    registered_at timestamp with time zone not null default now()
);
create index body_number_prefix_body_idx on body_number_prefix (body_id);

-- the bodies registered so far have issued under their code
insert into body_number_prefix (prefix, body_id) select code || '-', id from certification_body;
