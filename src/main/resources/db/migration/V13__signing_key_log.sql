-- The register's signing keys as the log last recorded them. The keys themselves come from configuration
-- (a directory of PEM files, the active kid, the revoked kids); at start the service brings this table in
-- line with them, and each key added or changed in state enters the log, in the same transaction, through
-- the trigger below: whoever checks a code offline learns from the log which keys the register used and
-- when it stopped trusting one.
create table signing_key_record (
    kid        varchar(40) primary key,
    public_key bytea       not null unique check (length(public_key) = 32),
    state      varchar(10) not null check (state in ('ACTIVE', 'RETIRED', 'REVOKED')),
    changed_at timestamp with time zone not null default now()
);

create function registry_log_signing_key() returns trigger language plpgsql as $$
begin
    if tg_op = 'UPDATE' and new.public_key is distinct from old.public_key then
        raise exception 'signing key % was recorded with another public key', new.kid;
    end if;
    if tg_op = 'INSERT' or new.state is distinct from old.state then
        insert into log_outbox (kind, detail)
        values (case when tg_op = 'INSERT' then 'SIGNING_KEY_ADDED'
                     when new.state = 'ACTIVE' then 'SIGNING_KEY_ACTIVATED'
                     when new.state = 'RETIRED' then 'SIGNING_KEY_RETIRED'
                     else 'SIGNING_KEY_REVOKED' end,
                jsonb_build_object('kid', new.kid, 'publicKey', translate(encode(new.public_key, 'base64'), E'\n', ''),
                                   'state', new.state, 'recordedAt', registry_log_time(new.changed_at)));
    end if;
    return null;
end
$$;
create trigger signing_key_record_logged after insert or update on signing_key_record
    for each row execute function registry_log_signing_key();

do $$
declare
    application text := nullif('${application-role}', 'none');
begin
    if application is not null then
        execute format('revoke delete, truncate on signing_key_record from %I', application);
    end if;
end
$$;
