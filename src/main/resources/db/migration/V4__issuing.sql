-- Issuing: credentials, regulators, idempotent requests, surveillance tracking.

create table regulator (
    id          bigserial    primary key,
    code        varchar(40)  not null unique check (code ~ '^[A-Z0-9-]{2,40}$'),
    name        varchar(200) not null,
    -- the regulator reads within this GB/T 2260 code prefix (2, 4 or 6 digits)
    region_prefix varchar(6) not null check (region_prefix ~ '^([0-9]{2}|[0-9]{4}|[0-9]{6})$')
);

-- API keys: the secret is shown once at creation and kept only as a SHA-256 hash.
create table api_key (
    id           bigserial    primary key,
    role         varchar(20)  not null check (role in ('admin', 'body', 'regulator')),
    body_id      bigint       references certification_body (id),
    regulator_id bigint       references regulator (id),
    label        varchar(200),
    secret_hash  bytea        not null,
    created_at   timestamp with time zone not null default now(),
    last_used_at timestamp with time zone,
    revoked_at   timestamp with time zone,
    check ((role = 'body') = (body_id is not null)),
    check ((role = 'regulator') = (regulator_id is not null))
);

-- A retried write with the same Idempotency-Key returns the first answer and creates nothing twice.
create table idempotency_record (
    body_id         bigint       not null references certification_body (id),
    idempotency_key varchar(200) not null,
    request_hash    bytea        not null,
    response_status integer      not null,
    response_body   text         not null,
    created_at      timestamp with time zone not null default now(),
    primary key (body_id, idempotency_key)
);

-- When the next annual surveillance audit is due: 12 months after the last one passed (or the issue).
alter table certificate add column surveillance_due date;
update certificate c set surveillance_due = coalesce(
    (select max(e.effective_date) from certificate_event e
     where e.certificate_id = c.id and e.kind = 'SURVEILLANCE_PASSED'), c.issue_date) + interval '12 months';
alter table certificate alter column surveillance_due set not null;
create index certificate_surveillance_due_idx on certificate (surveillance_due) where standing = 'VALID';

-- A grade change may carry the new sub-scores.
alter table certificate_event add column sub_scores jsonb;
