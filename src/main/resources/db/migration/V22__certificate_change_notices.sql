-- Each server keeps the records it is asked for most in memory (a popular QR code is scanned by thousands of phones),
-- so every change tells every server at its commit, whoever wrote it: the service, another server, or a person in SQL.
-- A notice names the certificate and the latest event the change added, so that a server reading from a replica that
-- has not replayed the change yet does not keep what it read; '*' stands for "anything may have changed" after a
-- statement that changed many certificates (a bulk load) or a body (its name is part of every record).
create function registry_notify_certificates(notices text[]) returns void language plpgsql as $$
begin
    if cardinality(notices) > 1000 then
        perform pg_notify('registry_certificate_changed', '*');
    else
        perform pg_notify('registry_certificate_changed', notice) from unnest(notices) as notice;
    end if;
end
$$;

-- one more than the notices sent one by one: a statement that changed more says '*'
create function registry_notify_certificate_events() returns trigger language plpgsql as $$
begin
    perform registry_notify_certificates(array(
        select c.number || ' ' || max(e.id) from inserted_events e join certificate c on c.id = e.certificate_id
         group by c.number limit 1001));
    return null;
end
$$;
create trigger certificate_event_notified after insert on certificate_event
    referencing new table as inserted_events for each statement execute function registry_notify_certificate_events();

create function registry_notify_certificate_rows() returns trigger language plpgsql as $$
begin
    perform registry_notify_certificates(array(select number from changed_certificates limit 1001));
    return null;
end
$$;
create trigger certificate_notified after update on certificate
    referencing new table as changed_certificates for each statement execute function registry_notify_certificate_rows();

create function registry_notify_everything_changed() returns trigger language plpgsql as $$
begin
    perform pg_notify('registry_certificate_changed', '*');
    return null;
end
$$;
create trigger certification_body_notified after update on certification_body
    for each statement execute function registry_notify_everything_changed();
