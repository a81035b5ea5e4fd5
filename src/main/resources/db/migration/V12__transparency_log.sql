-- The transparency log (docs/log-format.md). Every change to the register leaves a row in log_outbox in
-- its own transaction, written by the triggers below, so that no committed change can lack its entry and
-- a rolled-back one leaves none. The integrator, one at a time through an advisory lock, turns those
-- rows into log entries in the order it finds them, adds the tree's new nodes and signs a checkpoint.
create table log_outbox (
    id                 bigserial   primary key,
    kind               varchar(30) not null,
    certificate_number varchar(40),
    body_code          varchar(20),
    -- what changed, as it was when it changed: the entry is made of it
    detail             jsonb       not null
);

-- Entries, nodes and checkpoints are appended, never changed: the application role may not update,
-- delete or truncate them.
create table log_entry (
    index              bigint primary key check (index >= 0),
    kind               varchar(30) not null,
    certificate_number varchar(40),
    body_code          varchar(20),
    entry              bytea not null,
    integrated_at      timestamp with time zone not null default now()
);
create index log_entry_certificate_idx on log_entry (certificate_number, index) where certificate_number is not null;
create index log_entry_body_idx on log_entry (body_code, index) where body_code is not null;

-- Every complete subtree's hash: level L, index N covers leaves N·2^L to (N+1)·2^L - 1.
create table log_node (
    level smallint not null check (level between 0 and 63),
    index bigint   not null check (index >= 0),
    hash  bytea    not null check (length(hash) = 32),
    primary key (level, index)
);

create table log_checkpoint (
    size      bigint primary key check (size >= 0),
    root_hash bytea  not null check (length(root_hash) = 32),
    note      text   not null,
    signed_at timestamp with time zone not null default now()
);

create function registry_log_time(t timestamp with time zone) returns text
    language sql immutable strict parallel safe
as $$ select to_char(t at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') $$;

-- Sub-scores with their points as text, so that an entry's bytes never depend on how a number is printed.
create function registry_log_points(points jsonb) returns jsonb
    language sql immutable parallel safe
as $$ select (select jsonb_object_agg(key, value #>> '{}') from jsonb_each(points)) $$;

-- What an event's entry says (docs/log-format.md, "Entries"): the one place that decides it, for the trigger
-- and for bulk loads alike.
create function registry_log_event_detail(ev certificate_event, cert certificate, credit_code text) returns jsonb
    language sql stable parallel safe
as $$
    select jsonb_strip_nulls(
        jsonb_build_object('effectiveDate', ev.effective_date, 'reason', ev.reason,
                           'recordedAt', registry_log_time(ev.recorded_at), 'holderName', ev.holder_name)
        || case ev.kind
               when 'ISSUED' then jsonb_build_object('scheme', cert.scheme_code, 'grade', cert.grade_code,
                   'score', cert.score::text, 'scoreScale', cert.score_scale, 'subScores', registry_log_points(cert.sub_scores),
                   'scope', cert.scope, 'issueDate', cert.issue_date, 'expiryDate', cert.expiry_date,
                   'holderCreditCode', credit_code, 'holderRegion', cert.holder_region_code, 'siteRegion', cert.site_region_code)
               when 'GRADE_CHANGED' then jsonb_build_object('grade', ev.grade_code, 'score', ev.score::text,
                   'subScores', registry_log_points(ev.sub_scores))
               when 'SCOPE_CHANGED' then jsonb_build_object('scope', ev.scope)
               else '{}'::jsonb
           end)
$$;

-- The events from an id on, in one statement: the events the register held before the log began.
create function registry_log_events_from(first_id bigint) returns void language sql as $$
    insert into log_outbox (kind, certificate_number, body_code, detail)
    select e.kind, c.number, b.code, registry_log_event_detail(e, c, h.credit_code)
      from certificate_event e join certificate c on c.id = e.certificate_id
      join certification_body b on b.id = c.body_id join holder h on h.id = c.holder_id
     where e.id >= first_id
     order by e.id
$$;

-- Once per statement, over the rows it inserted: a bulk load's COPY of a million events is one insert into
-- the outbox, not a million.
create function registry_log_certificate_events() returns trigger language plpgsql as $$
begin
    insert into log_outbox (kind, certificate_number, body_code, detail)
    select e.kind, c.number, b.code, registry_log_event_detail(e, c, h.credit_code)
      from inserted_events e join certificate c on c.id = e.certificate_id
      join certification_body b on b.id = c.body_id join holder h on h.id = c.holder_id
     order by e.id;
    return null;
end
$$;
create trigger certificate_event_logged after insert on certificate_event
    referencing new table as inserted_events for each statement execute function registry_log_certificate_events();

create function registry_log_body_row(body certification_body, kind text) returns void language sql as $$
    insert into log_outbox (kind, body_code, detail)
    values (kind, body.code, jsonb_strip_nulls(jsonb_build_object('name', body.name, 'approvalNumber', body.approval_number,
                'website', body.website, 'recordedAt', registry_log_time(now()))))
$$;

create function registry_log_body() returns trigger language plpgsql as $$
begin
    if tg_op = 'INSERT' then
        perform registry_log_body_row(new, 'BODY_REGISTERED');
    elsif row(new.code, new.name, new.approval_number, new.website)
            is distinct from row(old.code, old.name, old.approval_number, old.website) then
        perform registry_log_body_row(new, 'BODY_CHANGED');
    end if;
    return null;
end
$$;
create trigger certification_body_logged after insert or update on certification_body
    for each row execute function registry_log_body();

create function registry_log_prefix(prefix body_number_prefix) returns void language sql as $$
    insert into log_outbox (kind, body_code, detail)
    select 'NUMBER_PREFIX_REGISTERED', b.code, jsonb_build_object('prefix', prefix.prefix,
               'recordedAt', registry_log_time(prefix.registered_at))
      from certification_body b where b.id = prefix.body_id
$$;

create function registry_log_number_prefix() returns trigger language plpgsql as $$
begin
    perform registry_log_prefix(new);
    return null;
end
$$;
create trigger body_number_prefix_logged after insert on body_number_prefix
    for each row execute function registry_log_number_prefix();

-- What the register held before the log began enters it first: bodies, prefixes, then every event in the
-- order it was recorded (an ISSUED entry of this backfill shows the certificate as it stood then).
select registry_log_body_row(b, 'BODY_REGISTERED') from certification_body b order by b.id;
select registry_log_prefix(p) from body_number_prefix p order by p.registered_at, p.prefix;
select registry_log_events_from(0);

do $$
declare
    application text := nullif('${application-role}', 'none');
    reader      text := nullif('${reader-role}', 'none');
begin
    if application is not null then
        execute format('grant select, insert, delete on log_outbox to %I', application);
        execute format('revoke update, truncate on log_outbox from %I', application);
        execute format('revoke update, delete, truncate on log_entry, log_node, log_checkpoint from %I', application);
    end if;
    if reader is not null then
        execute format('revoke select on log_outbox from %I', reader);
    end if;
end
$$;
