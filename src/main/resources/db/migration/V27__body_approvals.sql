-- A certification body's approval by CNCA (认证机构批准), as a dated history like a certificate's: an administrator,
-- standing for CNCA, records each grant (its scope of schemes and its end), suspension, restoration and revocation,
-- and each enters the transparency log. A body with no recorded history (every body registered before this) stays
-- approved for every scheme with its validity unknown, until an administrator records more.
alter table certification_body
    add column address     varchar(300),
    add column region_code varchar(6) references region (code),
    add column phone       varchar(40);
create index certification_body_region_idx on certification_body (region_code);

create table body_approval_event (
    id             bigserial    primary key,
    body_id        bigint       not null references certification_body (id),
    kind           varchar(20)  not null check (kind in ('APPROVED', 'SUSPENDED', 'RESTORED', 'REVOKED')),
    effective_date date         not null,
    -- a grant's scope and end; the other kinds keep those of the grant before them
    schemes        varchar(40)[] check ((kind = 'APPROVED') = (schemes is not null) and cardinality(schemes) > 0),
    valid_until    date          check ((kind = 'APPROVED') = (valid_until is not null) and valid_until > effective_date),
    reason         varchar(500),
    recorded_at    timestamp with time zone not null default now()
);
create index body_approval_event_body_idx on body_approval_event (body_id, effective_date, id);

-- The approval rule, once, in SQL: a body's approval for a scheme on a day, from the latest event effective by then
-- (events of one day in recording order) and the latest grant. Its Java form is body/ApprovalHistory;
-- ApprovalRulesAgreementTest generates histories and checks both give the same answer.
--   UNRECORDED     no history: approved for every scheme, validity unknown (bodies registered before approvals)
--   NOT_APPROVED   no approval yet on that day (nor a grant that a restoration could restore)
--   IN_FORCE, SUSPENDED, REVOKED, EXPIRED (after the grant's end), OUT_OF_SCOPE (in force, not for that scheme)
create function registry_approval(recorded boolean, last_kind text, schemes text[], valid_until date, scheme text, day date)
    returns text language sql immutable parallel safe
as $$
    select case
        when not recorded then 'UNRECORDED'
        when last_kind is null then 'NOT_APPROVED'
        when last_kind = 'REVOKED' then 'REVOKED'
        when last_kind = 'SUSPENDED' then 'SUSPENDED'
        when valid_until is null then 'NOT_APPROVED'
        when day > valid_until then 'EXPIRED'
        when not (scheme = any (schemes)) then 'OUT_OF_SCOPE'
        else 'IN_FORCE'
    end
$$;

-- Whether an approval lets its body certify: in force, or never recorded.
create function registry_approval_certifies(approval text) returns boolean
    language sql immutable parallel safe
as $$
    select approval in ('IN_FORCE', 'UNRECORDED')
$$;

create function registry_approval_on(body_id bigint, scheme text, day date) returns text
    language sql stable parallel safe
as $$
    select registry_approval(
        exists (select 1 from body_approval_event e where e.body_id = registry_approval_on.body_id),
        (select e.kind from body_approval_event e
          where e.body_id = registry_approval_on.body_id and e.effective_date <= registry_approval_on.day
          order by e.effective_date desc, e.id desc limit 1),
        (select e.schemes from body_approval_event e
          where e.body_id = registry_approval_on.body_id and e.kind = 'APPROVED' and e.effective_date <= registry_approval_on.day
          order by e.effective_date desc, e.id desc limit 1),
        (select e.valid_until from body_approval_event e
          where e.body_id = registry_approval_on.body_id and e.kind = 'APPROVED' and e.effective_date <= registry_approval_on.day
          order by e.effective_date desc, e.id desc limit 1),
        scheme, day)
$$;

-- Each approval event enters the log, and every server forgets the records it kept (a record shows its issuer's approval).
create trigger body_approval_event_notified after insert on body_approval_event
    for each statement execute function registry_notify_everything_changed();

create function registry_log_body_approval() returns trigger language plpgsql as $$
begin
    insert into log_outbox (kind, body_code, detail)
    select 'BODY_APPROVAL_' || new.kind, b.code, jsonb_strip_nulls(jsonb_build_object('effectiveDate', new.effective_date,
               'schemes', to_jsonb(new.schemes), 'validUntil', new.valid_until, 'reason', new.reason,
               'recordedAt', registry_log_time(new.recorded_at)))
      from certification_body b where b.id = new.body_id;
    return null;
end
$$;
create trigger body_approval_event_logged after insert on body_approval_event
    for each row execute function registry_log_body_approval();

-- the history is appended to, never rewritten
do $$
declare
    application text := nullif('${application-role}', 'none');
begin
    if application is not null then
        execute format('revoke update, delete, truncate on body_approval_event from %I', application);
    end if;
end
$$;
