-- The register's document-signing keys (the keys that sign e-certificate PDFs) as the log last recorded them, as
-- V13 records the token keys: at start every server brings this table in line with its configuration, and each key
-- added or changed in state enters the log in the same transaction. Only the certificate is kept, never the private
-- key. What the register publishes (/.well-known/document-signing) and which signers a bid-file check trusts are read
-- from here, so that every server answers the same whichever key files it holds.
create table document_signing_key (
    kid           varchar(40) primary key,
    -- the X.509 certificate, DER; a kid names one certificate for good
    certificate   bytea       not null check (length(certificate) between 1 and 16384),
    sha256        bytea       not null unique generated always as (sha256(certificate)) stored,
    state         varchar(10) not null check (state in ('ACTIVE', 'RETIRED', 'REVOKED')),
    first_seen_at timestamp with time zone not null default now(),
    -- when it last became active, retired or revoked
    activated_at  timestamp with time zone,
    retired_at    timestamp with time zone,
    revoked_at    timestamp with time zone,
    changed_at    timestamp with time zone not null default now()
);

create function registry_stamp_document_signing_key() returns trigger language plpgsql as $$
begin
    if tg_op = 'UPDATE' then
        if new.certificate is distinct from old.certificate then
            raise exception 'document-signing key % was recorded with another certificate', new.kid;
        end if;
        -- a revoked key stays revoked: a server whose configuration has not heard of the revocation yet cannot undo it
        if old.state = 'REVOKED' and new.state <> 'REVOKED' then
            raise exception 'document-signing key % was revoked', new.kid;
        end if;
        if new.state = old.state then
            return new;
        end if;
    end if;
    new.changed_at := now();
    case new.state
        when 'ACTIVE' then new.activated_at := now();
        when 'RETIRED' then new.retired_at := now();
        else new.revoked_at := now();
    end case;
    return new;
end
$$;
create trigger document_signing_key_stamped before insert or update on document_signing_key
    for each row execute function registry_stamp_document_signing_key();

create function registry_log_document_signing_key() returns trigger language plpgsql as $$
begin
    if tg_op = 'INSERT' or new.state is distinct from old.state then
        insert into log_outbox (kind, detail)
        values (case when tg_op = 'INSERT' then 'DOCUMENT_SIGNING_KEY_ADDED'
                     when new.state = 'ACTIVE' then 'DOCUMENT_SIGNING_KEY_ACTIVATED'
                     when new.state = 'RETIRED' then 'DOCUMENT_SIGNING_KEY_RETIRED'
                     else 'DOCUMENT_SIGNING_KEY_REVOKED' end,
                jsonb_build_object('kid', new.kid,
                                   'x509Certificate', translate(encode(new.certificate, 'base64'), E'\n', ''),
                                   'state', new.state, 'recordedAt', registry_log_time(new.changed_at)));
    end if;
    return null;
end
$$;
create trigger document_signing_key_logged after insert or update on document_signing_key
    for each row execute function registry_log_document_signing_key();

-- The few entries about document-signing keys, so that the published list finds each key's entry without reading the
-- whole log.
create index log_entry_document_signing_key_idx on log_entry (index) where kind like 'DOCUMENT_SIGNING_KEY_%';

do $$
declare
    application text := nullif('${application-role}', 'none');
begin
    if application is not null then
        execute format('revoke delete, truncate on document_signing_key from %I', application);
    end if;
end
$$;
