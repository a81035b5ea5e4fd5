-- The register's schema. Flyway owns it; Hibernate only validates against it.

-- GB/T 2260 administrative divisions: level 1 province, 2 city (prefecture), 3 district (county).
create table region (
    code        varchar(6)  primary key check (code ~ '^[0-9]{6}$'),
    name        varchar(64) not null,
    level       integer     not null check (level between 1 and 3),
    parent_code varchar(6)  references region (code)
);
create index region_parent_idx on region (parent_code);
create index region_name_idx on region (name);

-- The scheme catalogue: schemes, grades and thresholds are data, so an operator can correct them.
create table scheme (
    code             varchar(40)  primary key,
    name_zh          varchar(100) not null,
    name_en          varchar(100) not null,
    standards        varchar(300) not null,
    threshold_scale  integer      not null check (threshold_scale > 0),
    sub_scores_sum_to_total boolean not null
);

create table scheme_grade (
    scheme_code varchar(40) not null references scheme (code),
    code        varchar(40) not null,
    name_zh     varchar(60) not null,
    name_en     varchar(60) not null,
    -- minimum score on the scheme's threshold scale; applied proportionally to other scales
    min_score   numeric(7, 2) not null,
    primary key (scheme_code, code)
);

create table scheme_sub_score (
    scheme_code varchar(40) not null references scheme (code),
    code        varchar(40) not null,
    name_zh     varchar(60) not null,
    name_en     varchar(60) not null,
    -- maximum on the scheme's threshold scale
    max_score   numeric(7, 2) not null,
    position    integer not null,
    primary key (scheme_code, code)
);

create table certification_body (
    id              bigserial    primary key,
    code            varchar(20)  not null unique check (code ~ '^[A-Z0-9-]{2,20}$'),
    name            varchar(200) not null,
    approval_number varchar(40)  not null unique,
    website         varchar(200)
);

-- Bigrams of the lower-cased text: lets a GIN index answer substring searches of two characters,
-- which pg_trgm cannot do for Chinese (a trigram index needs three characters).
create function registry_bigrams(value text) returns text[]
    language sql immutable strict parallel safe
as $$
    select coalesce(array_agg(distinct substr(lower(value), i, 2)), '{}')
    from generate_series(1, char_length(value) - 1) as i
$$;

create table holder (
    id                   bigserial    primary key,
    name                 varchar(200) not null,
    credit_code          varchar(18)  not null unique check (credit_code ~ '^[0-9A-HJ-NP-RTUWXY]{18}$'),
    -- real codes in the wild fail the GB 32100 check: they are kept, and flagged
    credit_code_check_ok boolean      not null,
    region_code          varchar(6)   references region (code)
);
create index holder_name_bigrams_idx on holder using gin (registry_bigrams(name));

create table certificate (
    id               bigserial     primary key,
    number           varchar(40)   not null unique,
    scheme_code      varchar(40)   not null references scheme (code),
    grade_code       varchar(40)   not null,
    score            numeric(7, 2) not null check (score >= 0 and score <= score_scale),
    score_scale      integer       not null check (score_scale in (100, 1000)),
    sub_scores       jsonb,
    scope            varchar(2000) not null,
    issue_date       date          not null,
    expiry_date      date          not null,
    body_id          bigint        not null references certification_body (id),
    holder_id        bigint        not null references holder (id),
    site_region_code varchar(6)    not null references region (code),
    site_address     varchar(300),
    -- status from the event history alone; EXPIRED is derived from expiry_date when read
    standing         varchar(20)   not null check (standing in ('VALID', 'SUSPENDED', 'WITHDRAWN', 'CANCELLED')),
    version          bigint        not null default 0,
    created_at       timestamp with time zone not null default now(),
    foreign key (scheme_code, grade_code) references scheme_grade (scheme_code, code),
    check (expiry_date > issue_date and expiry_date <= issue_date + interval '3 years')
);
create index certificate_holder_idx on certificate (holder_id);
create index certificate_body_idx on certificate (body_id);
create index certificate_site_region_idx on certificate (site_region_code, scheme_code, standing);
create index certificate_issue_date_idx on certificate (issue_date);
create index certificate_expiry_date_idx on certificate (expiry_date);

create table certificate_event (
    id             bigserial     primary key,
    certificate_id bigint        not null references certificate (id),
    kind           varchar(30)   not null check (kind in ('ISSUED', 'SURVEILLANCE_PASSED', 'SUSPENDED', 'RESTORED',
                                                          'WITHDRAWN', 'CANCELLED', 'GRADE_CHANGED', 'SCOPE_CHANGED')),
    effective_date date          not null,
    reason         varchar(1000),
    recorded_at    timestamp with time zone not null default now(),
    recorded_by    varchar(100)  not null,
    -- the new values, for GRADE_CHANGED and SCOPE_CHANGED
    grade_code     varchar(40),
    score          numeric(7, 2),
    scope          varchar(2000)
);
create index certificate_event_timeline_idx on certificate_event (certificate_id, effective_date, id);

-- The history is append-only: nothing rewrites or erases what was recorded.
create function certificate_event_append_only() returns trigger
    language plpgsql
as $$
begin
    raise exception 'certificate_event is append-only' using errcode = 'P0001';
end
$$;
create trigger certificate_event_no_rewrite
    before update or delete on certificate_event
    for each row execute function certificate_event_append_only();
