-- What a certificate says belongs to its body: the holder's name and registered region as printed on a
-- certificate are stored with that certificate, so that another body's certificate for the same credit
-- code never changes them. The holder row is the organisation's identity alone (its credit code), which
-- still links all its certificates. A renamed holder is a HOLDER_CHANGED event that the certificate's
-- own body records; the names a certificate bore stay in its history (the ISSUED event carries the
-- first one).
alter table certificate add column holder_name varchar(200);
alter table certificate add column holder_region_code varchar(6) references region (code);
update certificate c set holder_name = h.name, holder_region_code = h.region_code from holder h where h.id = c.holder_id;
alter table certificate alter column holder_name set not null;
create index certificate_holder_name_bigrams_idx on certificate using gin (registry_bigrams(holder_name));

alter table certificate_event add column holder_name varchar(200);
alter table certificate_event drop constraint certificate_event_kind_check;
alter table certificate_event add constraint certificate_event_kind_check check (kind in ('ISSUED', 'SURVEILLANCE_PASSED',
    'SUSPENDED', 'RESTORED', 'WITHDRAWN', 'CANCELLED', 'GRADE_CHANGED', 'SCOPE_CHANGED', 'HOLDER_CHANGED'));
-- filling the new column in records the name each certificate was issued under; nothing recorded changes
alter table certificate_event disable trigger certificate_event_no_rewrite;
update certificate_event e set holder_name = c.holder_name from certificate c where c.id = e.certificate_id and e.kind = 'ISSUED';
alter table certificate_event enable trigger certificate_event_no_rewrite;
alter table certificate_event add constraint certificate_event_holder_name_check
    check ((kind in ('ISSUED', 'HOLDER_CHANGED')) = (holder_name is not null));

drop index holder_name_bigrams_idx;
alter table holder drop column name;
alter table holder drop column region_code;
